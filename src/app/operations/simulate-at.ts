import { TransactionRollbackError } from 'drizzle-orm';
import { programs } from '../../db/schema/index.js';
import { calendarAt, type CalendarRuleState } from '../../domain/calendar-at.js';
import type { AppContext } from '../context.js';
import { toPolicy } from '../programs/present-program.js';
import { runSweepInBatches, type SweepResult } from './sweep.js';

export interface Simulation {
  at: Date;
  sweep: SweepResult;
  programs: { name: string; timeZone: string; rules: CalendarRuleState[] }[];
}

/**
 * `saps simulate --at`: what the sweep and the calendar would do at an instant, without
 * changing anything. The real sweep runs inside a transaction that is then rolled back, so the
 * dry run can never disagree with the sweep.
 */
export async function simulateAt(ctx: AppContext, at: Date): Promise<Simulation> {
  let sweep: SweepResult | undefined;
  try {
    await ctx.db.transaction(async (tx) => {
      sweep = await runSweepInBatches((work) => work(tx), at, { batchSize: 1_000_000 });
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) {
      throw error;
    }
  }
  const rows = await ctx.db.select().from(programs);
  return {
    at,
    sweep: sweep!,
    programs: rows.map((row) => {
      const policy = toPolicy(row);
      return { name: policy.name, timeZone: policy.timeZone, rules: calendarAt(policy, at) };
    }),
  };
}
