import { and, eq } from 'drizzle-orm';
import { rates } from '../../db/schema/index.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow, type RateView } from './read-programs.js';

/** Sets the daily rate a program pays for engagements delivered in a country. */
export async function setRate(
  ctx: AppContext,
  actor: Actor,
  programId: string,
  country: string,
  input: { amountMinor: number; currency: string },
): Promise<RateView> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadProgramRow(tx, programId);
    const [before] = await tx
      .select()
      .from(rates)
      .where(and(eq(rates.programId, programId), eq(rates.country, country)));
    await tx
      .insert(rates)
      .values({ programId, country, ...input, updatedAt: now })
      .onConflictDoUpdate({ target: [rates.programId, rates.country], set: { ...input, updatedAt: now } });
    const after: RateView = { country, ...input };
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'rate.set',
      entityType: 'rate',
      entityId: `${programId}:${country}`,
      before: before ? { country, amountMinor: before.amountMinor, currency: before.currency } : null,
      after,
    });
    return after;
  });
}
