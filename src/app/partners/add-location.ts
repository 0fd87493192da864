import { partnerLocations } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentLocation, type LocationView } from './present-partner.js';

/**
 * A partner location (MPN location ID). "A partner has at most one location in a given
 * country" (issue 4); a location is needed to reserve and redeem in its country.
 */
export async function addLocation(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { country: string },
): Promise<LocationView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin', 'partner_admin'], { operatorMay: true });
    // The unique index decides, so that two concurrent requests cannot both add the country.
    const [row] = await tx
      .insert(partnerLocations)
      .values({ partnerId, country: input.country, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw refusal(
        'policy-violation',
        'partner.locationExists',
        { country: input.country },
        {
          errors: [fieldError('body.country', 'field.oneLocationPerCountry')],
        },
      );
    }
    const view = presentLocation(row);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'location.added',
      entityType: 'location',
      entityId: view.id,
      before: null,
      after: view,
    });
    return view;
  });
}
