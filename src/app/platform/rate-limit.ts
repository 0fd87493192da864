import { and, eq, gt, sql } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import { rateLimitCounters } from '../../db/schema/index.js';
import { DomainError, refusal } from '../../domain/errors.js';

/**
 * Fixed-window counters of attempts, kept in the database so that every app process shares
 * them (api.md: "rate limits count failed attempts, per account and per IP").
 */
export type RateLimitSubject =
  'signInAccountAddress' | 'signInAccountNew' | 'signInAddress' | 'resetEmail' | 'resetAddress' | 'voucherLookups';

export interface RateLimitRule {
  key: string;
  limit: number;
  windowSeconds: number;
  /** Words for the refusal: "sign-in attempts for this account" (a `limit.*` key of the catalogue). */
  what: RateLimitSubject;
}

function rateLimited(rule: RateLimitRule, windowStartedAt: Date, now: Date): DomainError {
  const windowEnds = windowStartedAt.getTime() + rule.windowSeconds * 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
  return refusal(
    'rate-limited',
    'limit.tooManyFailed',
    { what: rule.what, seconds: retryAfterSeconds },
    { retryAfterSeconds },
  );
}

/** One atomic increment of a rule's counter (a new window when the old one ended): the new count. */
async function increment(
  db: Executor,
  rule: RateLimitRule,
  now: Date,
): Promise<{ count: number; windowStartedAt: Date }> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key: rule.key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        count: sql`case when ${rateLimitCounters.windowStartedAt} <= ${windowStart} then 1 else ${rateLimitCounters.count} + 1 end`,
        windowStartedAt: sql`case when ${rateLimitCounters.windowStartedAt} <= ${windowStart} then ${now} else ${rateLimitCounters.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimitCounters.count, windowStartedAt: rateLimitCounters.windowStartedAt });
  return row!;
}

/**
 * Counts an attempt *before* it is evaluated (issue 9, finding 1): each rule's counter is
 * incremented atomically (`insert … on conflict do update … returning`), and an attempt that
 * takes any counter past its limit is refused with 429 and counted nowhere (its transaction
 * rolls back). Concurrent attempts queue on the counter's row lock, so at most `limit`
 * attempts are ever evaluated per window, however many arrive at once. An attempt that turns
 * out not to be a failure gives its place back with `releaseAttempt`.
 *
 * Runs in a transaction of its own on `db` (a savepoint when `db` is a transaction, which then
 * rolls back with it when the caller refuses: the password reset counts within its change).
 */
export async function reserveAttempt(db: Executor, rules: RateLimitRule[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    for (const rule of rules) {
      const counter = await increment(tx, rule, now);
      if (counter.count > rule.limit) {
        throw rateLimited(rule, counter.windowStartedAt, now);
      }
    }
  });
}

/** Gives back the places `reserveAttempt` took, for an attempt that succeeded. */
export async function releaseAttempt(db: Executor, rules: RateLimitRule[], now: Date): Promise<void> {
  for (const rule of rules) {
    const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
    await db
      .update(rateLimitCounters)
      .set({ count: sql`greatest(${rateLimitCounters.count} - 1, 0)` })
      .where(and(eq(rateLimitCounters.key, rule.key), gt(rateLimitCounters.windowStartedAt, windowStart)));
  }
}

/** The counter of a rule within its current window (0 when none). */
export async function currentCount(db: Executor, rule: RateLimitRule, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const [row] = await db
    .select({ count: rateLimitCounters.count })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.key, rule.key), gt(rateLimitCounters.windowStartedAt, windowStart)));
  return row?.count ?? 0;
}

/**
 * Check, then (after the attempt failed) `recordFailure`: the older pair, still used by voucher
 * validation. Not atomic: concurrent attempts may all pass the check; prefer `reserveAttempt`.
 */
export async function assertNotRateLimited(db: Executor, rules: RateLimitRule[], now: Date): Promise<void> {
  for (const rule of rules) {
    const [row] = await db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, rule.key));
    assertRuleNotExceeded(rule, row, now);
  }
}

/** The check of one rule on its counter row (loaded by the caller, e.g. within a snapshot query). */
export function assertRuleNotExceeded(
  rule: RateLimitRule,
  row: { windowStartedAt: Date; count: number } | undefined,
  now: Date,
): void {
  if (!row) {
    return;
  }
  const windowEnds = row.windowStartedAt.getTime() + rule.windowSeconds * 1000;
  if (windowEnds > now.getTime() && row.count >= rule.limit) {
    throw rateLimited(rule, row.windowStartedAt, now);
  }
}

export async function recordFailure(db: Executor, rules: RateLimitRule[], now: Date): Promise<void> {
  for (const rule of rules) {
    await increment(db, rule, now);
  }
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, key));
}

/** Deletes every counter whose key starts with `prefix` (e.g. all of one account's clients). */
export async function clearFailuresWithPrefix(db: Executor, prefix: string): Promise<void> {
  await db.delete(rateLimitCounters).where(sql`left(${rateLimitCounters.key}, ${prefix.length}) = ${prefix}`);
}

/** Marks `key` as seen now (a counter row whose window starts at the last sighting). */
export async function recordLastSeen(db: Executor, key: string, now: Date): Promise<void> {
  await db
    .insert(rateLimitCounters)
    .values({ key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: { windowStartedAt: now, count: sql`${rateLimitCounters.count} + 1` },
    });
}

/** Whether `recordLastSeen(key)` ran after `since`. */
export async function seenSince(db: Executor, key: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ key: rateLimitCounters.key })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.key, key), gt(rateLimitCounters.windowStartedAt, since)));
  return row !== undefined;
}

/**
 * One family of rows of `rate_limit_counters`: the keys starting with `prefix`, and how long a
 * row matters after its window started (its rules' window; for a sighting, how long it counts).
 */
export interface CounterFamily {
  prefix: string;
  keepSeconds: number;
}

/**
 * Deletes the rows of `family` whose window started `keepSeconds` or more before `now`, in
 * batches of `batchSize` statements of their own: such a row is already as good as absent (the
 * next increment starts a new window, `currentCount` and `seenSince` ignore it), so removing it
 * changes no decision. Rows being counted right now are skipped (SKIP LOCKED), never waited for.
 * `left(key, n)` cannot use the key's index: each batch scans the table, which pruning keeps to
 * the live windows and the known clients.
 */
export async function pruneCounters(db: Executor, family: CounterFamily, now: Date, batchSize = 1000): Promise<number> {
  const cutoff = new Date(now.getTime() - family.keepSeconds * 1000);
  let pruned = 0;
  for (;;) {
    const rows = resultRows<{ key: string }>(
      await db.execute(sql`delete from ${rateLimitCounters} where ${rateLimitCounters.key} in (
          select c.key from ${rateLimitCounters} c
          where left(c.key, ${family.prefix.length}) = ${family.prefix} and c.window_started_at <= ${cutoff}
          limit ${batchSize}
          for update skip locked)
        returning key`),
    );
    pruned += rows.length;
    if (rows.length < batchSize) {
      return pruned;
    }
  }
}
