import { asc, count, gt, isNull, sql } from 'drizzle-orm';
import { auditEvents, auditSeals } from '../../db/schema/index.js';
import { chainHash, genesisHash } from '../../domain/audit-chain.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { sha256Hex } from './seal-audit.js';

export interface AuditChainBreak {
  seq: number;
  auditEventId: number;
  reason: 'record-changed' | 'record-missing' | 'seal-missing';
  detail: string;
}

export interface AuditChainState {
  status: 'intact' | 'broken';
  /** Records in the chain, and the records not sealed yet (the sealing job runs every 10 s). */
  sealed: number;
  unsealed: number;
  head: { seq: number; auditEventId: number; hash: string; sealedAt: Date } | null;
  firstBreak: AuditChainBreak | null;
  verifiedAt: Date;
}

/**
 * Walks the chain in seal order and recomputes every hash from the record as it is stored now:
 * the first seal whose record was changed, deleted, or whose predecessor seal is missing is the
 * break (decision 021). Records after a break are not trusted, so the walk stops there.
 */
export async function verifyAuditChain(
  ctx: AppContext,
  options: { batchSize?: number } = {},
): Promise<AuditChainState> {
  const batchSize = options.batchSize ?? 2000;
  let previous = genesisHash;
  let expectedSeq = 1;
  let sealed = 0;
  let head: AuditChainState['head'] = null;
  let firstBreak: AuditChainBreak | null = null;
  walk: for (;;) {
    const rows = await ctx.db
      .select({ seal: auditSeals, record: auditEvents })
      .from(auditSeals)
      .leftJoin(auditEvents, sql`${auditEvents.id} = ${auditSeals.auditEventId}`)
      .where(gt(auditSeals.seq, expectedSeq - 1))
      .orderBy(asc(auditSeals.seq))
      .limit(batchSize);
    for (const { seal, record } of rows) {
      if (seal.seq !== expectedSeq) {
        firstBreak = {
          seq: expectedSeq,
          auditEventId: seal.auditEventId,
          reason: 'seal-missing',
          detail: `seal ${expectedSeq} is missing: the chain jumps to seal ${seal.seq} (audit record ${seal.auditEventId})`,
        };
        break walk;
      }
      if (!record) {
        firstBreak = {
          seq: seal.seq,
          auditEventId: seal.auditEventId,
          reason: 'record-missing',
          detail: `audit record ${seal.auditEventId} (seal ${seal.seq}) was deleted`,
        };
        break walk;
      }
      const hash = chainHash(previous, record, sha256Hex);
      if (hash !== seal.hash) {
        firstBreak = {
          seq: seal.seq,
          auditEventId: seal.auditEventId,
          reason: 'record-changed',
          detail: `audit record ${seal.auditEventId} (seal ${seal.seq}) does not match its seal: it was changed after sealing, or its seal was`,
        };
        break walk;
      }
      previous = hash;
      sealed += 1;
      head = { seq: seal.seq, auditEventId: seal.auditEventId, hash: seal.hash, sealedAt: seal.sealedAt };
      expectedSeq += 1;
    }
    if (rows.length < batchSize) {
      break;
    }
  }
  const [unsealed] = await ctx.db
    .select({ n: count() })
    .from(auditEvents)
    .leftJoin(auditSeals, sql`${auditSeals.auditEventId} = ${auditEvents.id}`)
    .where(isNull(auditSeals.seq));
  return {
    status: firstBreak ? 'broken' : 'intact',
    sealed,
    unsealed: unsealed?.n ?? 0,
    head,
    firstBreak,
    verifiedAt: ctx.clock.now(),
  };
}

/** `GET /admin/audit-chain`: the chain's state for the operator's audit page. */
export async function getAuditChainState(ctx: AppContext, actor: Actor): Promise<AuditChainState> {
  requireRole(actor, 'operator_admin', 'finance');
  return verifyAuditChain(ctx);
}
