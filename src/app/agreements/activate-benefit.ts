import { eq } from 'drizzle-orm';
import { agreements } from '../../db/schema/index.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisibleAgreement, presentAgreement, type AgreementView } from './agreement-store.js';

/** The benefit admin activates the Planning Services benefit; activating twice changes nothing. */
export async function activateBenefit(ctx: AppContext, actor: Actor, agreementId: string): Promise<AgreementView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await loadVisibleAgreement(tx, actor, agreementId, { forUpdate: true });
    if (before.activatedAt) {
      return presentAgreement(before);
    }
    const [row] = await tx
      .update(agreements)
      .set({ activatedAt: now })
      .where(eq(agreements.id, agreementId))
      .returning();
    const after = presentAgreement(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [before.organizationId],
      action: 'agreement.activated',
      entityType: 'agreement',
      entityId: agreementId,
      before: presentAgreement(before),
      after,
    });
    return after;
  });
}
