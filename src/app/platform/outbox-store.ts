import { and, asc, count, eq, gt, inArray, isNull, lte, min, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';

/**
 * The outbox table as the dispatcher (jobs/outbox-dispatcher.ts) uses it: claim the due rows,
 * record each attempt's result. The jobs layer decides; only this file reads the table.
 */
export interface ClaimedMessage {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims up to `batchSize` due rows in a short transaction (`FOR UPDATE SKIP LOCKED`) and leases
 * them until `leaseUntil` (their `available_at`), in id order.
 */
export async function claimDueMessages(
  ctx: AppContext,
  now: Date,
  leaseUntil: Date,
  batchSize: number,
): Promise<ClaimedMessage[]> {
  return ctx.db.transaction(async (tx) => {
    // Locked rows (being claimed by another dispatcher) are skipped, not waited for; once that
    // claim commits, their lease puts them in the future and they are no longer due.
    const due = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), lte(outbox.availableAt, now)))
      .orderBy(asc(outbox.availableAt), asc(outbox.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    const claimed = await tx
      .update(outbox)
      .set({ availableAt: leaseUntil })
      .where(inArray(outbox.id, due))
      .returning({ id: outbox.id, kind: outbox.kind, payload: outbox.payload, attempts: outbox.attempts });
    return claimed.sort((a, b) => a.id - b.id);
  });
}

/** Only while the row still carries our lease: else another dispatcher records its own result. */
function ours(id: number, leaseUntil: Date) {
  return and(eq(outbox.id, id), eq(outbox.availableAt, leaseUntil), isNull(outbox.sentAt));
}

export async function markMessageSent(ctx: AppContext, id: number, leaseUntil: Date, at: Date): Promise<void> {
  await ctx.db.update(outbox).set({ sentAt: at }).where(ours(id, leaseUntil));
}

/** A failed attempt: retried from `availableAt`, or a dead letter when `failedAt` is set. */
export async function markMessageFailed(
  ctx: AppContext,
  id: number,
  leaseUntil: Date,
  failure: { lastError: string; availableAt: Date; failedAt: Date | null },
): Promise<void> {
  await ctx.db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, ...failure })
    .where(ours(id, leaseUntil));
}

/** Messages waiting for a retry or a lease to end, for `saps jobs run` to report. */
export async function outboxBacklog(ctx: AppContext): Promise<{ waiting: number; nextAt: Date | null; dead: number }> {
  const now = ctx.clock.now();
  const [waiting] = await ctx.db
    .select({ n: count(), nextAt: min(outbox.availableAt) })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), gt(outbox.availableAt, now)));
  const [dead] = await ctx.db
    .select({ n: count() })
    .from(outbox)
    .where(sql`${outbox.failedAt} is not null`);
  return { waiting: waiting?.n ?? 0, nextAt: waiting?.nextAt ?? null, dead: dead?.n ?? 0 };
}
