import { passwordResetCounterFamily } from '../auth/request-password-reset.js';
import { signInCounterFamilies } from '../auth/sign-in-limits.js';
import type { AppContext } from '../context.js';
import { voucherLookupCounterFamily } from '../vouchers/validate-voucher.js';
import { pruneCounters, type CounterFamily } from './rate-limit.js';

/**
 * The `rate-limit-counters` job: removes the rows of `rate_limit_counters` whose window has
 * passed, which nothing else deletes (a success only gives its place back). A job rather than
 * a delete on the sign-in path: the sign-in must stay the few statements of decision 015, and
 * pruning on that path would let a burst of attempts make each other wait on the deletes.
 *
 * Each family is judged on the clock its limits run on: sign-in on the real clock, password
 * resets and voucher look-ups on the program clock. A key of no family listed here is never
 * removed: a new kind of limit adds its family here.
 */
export async function pruneRateLimitCounters(
  ctx: AppContext,
  options: { batchSize?: number } = {},
): Promise<{ pruned: number }> {
  const families: [CounterFamily, Date][] = [
    ...signInCounterFamilies.map((family): [CounterFamily, Date] => [family, ctx.realClock.now()]),
    [passwordResetCounterFamily, ctx.clock.now()],
    [voucherLookupCounterFamily, ctx.clock.now()],
  ];
  let pruned = 0;
  for (const [family, now] of families) {
    pruned += await pruneCounters(ctx.db, family, now, options.batchSize);
  }
  return { pruned };
}
