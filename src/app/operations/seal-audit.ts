import { createHash } from 'node:crypto';
import { and, asc, desc, gt, isNull, sql } from 'drizzle-orm';
import { auditEvents, auditSeals } from '../../db/schema/index.js';
import { chainHash, genesisHash, type AuditRecord } from '../../domain/audit-chain.js';
import type { AppContext } from '../context.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One key for every process: seals are appended by one sealer at a time (decision 021). */
const sealLockKey = 0x5a9_a0d1;

/**
 * How far below the newest sealed record the sealer still looks for unsealed ones: a record
 * whose transaction committed after later records were sealed (a slow concurrent change) is
 * sealed in commit order, not id order. A record further behind than this is never sealed, and
 * verification reports it as unsealed rather than passing it as intact.
 */
export const lateCommitWindow = 10_000;

export interface SealResult {
  sealed: number;
}

/**
 * Seals the committed audit records not yet in the chain, batch by batch, under a transaction
 * advisory lock: `seq` follows the previous seal and `hash` chains on its hash. Idempotent and
 * safe on several processes at once (the lock serialises them, each re-reads the head).
 */
export async function sealAuditEvents(ctx: AppContext, options: { batchSize?: number } = {}): Promise<SealResult> {
  const batchSize = options.batchSize ?? 1000;
  let sealed = 0;
  for (;;) {
    const count = await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${sealLockKey})`);
      const [head] = await tx
        .select({ seq: auditSeals.seq, hash: auditSeals.hash, auditEventId: auditSeals.auditEventId })
        .from(auditSeals)
        .orderBy(desc(auditSeals.seq))
        .limit(1);
      const [newest] = await tx
        .select({ id: sql<number>`coalesce(max(${auditSeals.auditEventId}), 0)`.mapWith(Number) })
        .from(auditSeals);
      const floor = Math.max(0, (newest?.id ?? 0) - lateCommitWindow);
      const rows: AuditRecord[] = await tx
        .select({
          id: auditEvents.id,
          at: auditEvents.at,
          actorId: auditEvents.actorId,
          organizationIds: auditEvents.organizationIds,
          action: auditEvents.action,
          entityType: auditEvents.entityType,
          entityId: auditEvents.entityId,
          before: auditEvents.before,
          after: auditEvents.after,
        })
        .from(auditEvents)
        .leftJoin(auditSeals, sql`${auditSeals.auditEventId} = ${auditEvents.id}`)
        .where(and(gt(auditEvents.id, floor), isNull(auditSeals.seq)))
        .orderBy(asc(auditEvents.id))
        .limit(batchSize);
      if (rows.length === 0) {
        return 0;
      }
      let seq = head?.seq ?? 0;
      let previous = head?.hash ?? genesisHash;
      const now = ctx.clock.now();
      const seals = rows.map((record) => {
        seq += 1;
        previous = chainHash(previous, record, sha256Hex);
        return { seq, auditEventId: record.id, hash: previous, sealedAt: now };
      });
      await tx.insert(auditSeals).values(seals);
      return rows.length;
    });
    sealed += count;
    if (count < batchSize) {
      return { sealed };
    }
  }
}
