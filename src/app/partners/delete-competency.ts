import { and, eq } from 'drizzle-orm';
import { partnerCompetencies } from '../../db/schema/index.js';
import { notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner, requireOperatorAdmin } from './partner-access.js';
import { presentCompetency } from './present-partner.js';

/** The operator removes a competency the partner no longer holds. */
export async function deleteCompetency(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  competencyId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await loadVisiblePartner(tx, actor, partnerId);
    requireOperatorAdmin(actor);
    const [row] = await tx
      .delete(partnerCompetencies)
      .where(and(eq(partnerCompetencies.id, competencyId), eq(partnerCompetencies.partnerId, partnerId)))
      .returning();
    if (!row) {
      throw notFound('competency', competencyId);
    }
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'competency.deleted',
      entityType: 'competency',
      entityId: row.id,
      before: presentCompetency(row),
      after: null,
    });
  });
}
