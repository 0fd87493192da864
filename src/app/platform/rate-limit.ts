import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { rateLimitCounters } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';

/**
 * Fixed-window counters of *failed* attempts, kept in the database so that every app process
 * shares them (api.md: "rate limits count failed attempts, per account and per IP").
 */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowSeconds: number;
  /** Words for the refusal: "sign-in attempts for this account". */
  what: string;
}

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
    const retryAfterSeconds = Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
    throw new DomainError('rate-limited', `too many failed ${rule.what}; try again in ${retryAfterSeconds} seconds`, {
      retryAfterSeconds,
    });
  }
}

export async function recordFailure(db: Executor, rules: RateLimitRule[], now: Date): Promise<void> {
  for (const rule of rules) {
    const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
    await db
      .insert(rateLimitCounters)
      .values({ key: rule.key, windowStartedAt: now, count: 1 })
      .onConflictDoUpdate({
        target: rateLimitCounters.key,
        set: {
          count: sql`case when ${rateLimitCounters.windowStartedAt} <= ${windowStart} then 1 else ${rateLimitCounters.count} + 1 end`,
          windowStartedAt: sql`case when ${rateLimitCounters.windowStartedAt} <= ${windowStart} then ${now} else ${rateLimitCounters.windowStartedAt} end`,
        },
      });
  }
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, key));
}
