import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { runSweepInBatches, type SweepOptions, type SweepResult } from './sweep.js';

/** Sweep runs of this process, for `GET /metrics` (counted here: every caller goes through it). */
export const sweepRuns = { succeeded: 0, failed: 0 };

/** The sweep as the scheduler, `saps sweep` and `POST /admin/sweeps` run it. */
export async function runSweep(ctx: AppContext, options: SweepOptions = {}): Promise<SweepResult> {
  const now = ctx.clock.now();
  let result: SweepResult;
  try {
    result = await runSweepInBatches((work) => ctx.db.transaction(work), now, options);
  } catch (error) {
    sweepRuns.failed += 1;
    throw error;
  }
  sweepRuns.succeeded += 1;
  if (result.expired > 0 || result.agreementsEmptied > 0) {
    ctx.log.info({ ...result, at: now.toISOString() }, 'sweep');
  }
  return result;
}

export async function runSweepAsOperator(ctx: AppContext, actor: Actor): Promise<SweepResult> {
  requireRole(actor, 'operator_admin');
  return runSweep(ctx);
}
