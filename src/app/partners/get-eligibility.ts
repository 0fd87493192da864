import { localDate } from '../../domain/calendar-dates.js';
import {
  enrollmentRequirements,
  locationRequirement,
  reservationRequirements,
  type Requirement,
} from '../../domain/eligibility.js';
import { isCloudRetired } from '../../domain/program-policy.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { toPolicy } from '../programs/present-program.js';
import { loadEngagementTypeFacts, loadOfferingFacts, loadPartnerFacts } from './partner-facts.js';
import { loadVisiblePartner } from './partner-access.js';

export interface EngagementTypeEligibility {
  id: string;
  code: string;
  name: string;
  /** What reserving (and redeeming) a voucher of this type needs. */
  requirements: Requirement[];
}

export interface OfferingEligibility {
  offeringCode: string;
  offeringName: string;
  /** What enrolling in the offering needs. */
  requirements: Requirement[];
  engagementTypes: EngagementTypeEligibility[];
}

/**
 * The eligibility view, the seed's "green check" (issue 4): for each offering and engagement
 * type, each requirement met or not. Built only from `domain/eligibility.ts` on the facts of
 * `loadPartnerFacts`, the same as enrolment, reservation and redemption, so it cannot disagree
 * with them. With `country`, each engagement type also shows the delivery-location requirement.
 */
export async function getEligibility(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  query: { programId: string; country?: string | undefined },
): Promise<OfferingEligibility[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadVisiblePartner(tx, actor, partnerId);
    const policy = toPolicy(await loadProgramRow(tx, query.programId));
    const today = localDate(now, policy.timeZone);
    const context = { now, today, cloudRetired: isCloudRetired(policy, now) };
    const types = await loadEngagementTypeFacts(tx, query.programId);
    // Retired offerings take no enrolments and no reservations: they are not listed.
    const offerings = (await loadOfferingFacts(tx, query.programId)).filter((o) => !o.retired);
    const result: OfferingEligibility[] = [];
    for (const offering of offerings) {
      const facts = await loadPartnerFacts(tx, partnerId, query.programId, offering.code);
      result.push({
        offeringCode: offering.code,
        offeringName: offering.name,
        requirements: enrollmentRequirements(offering, facts, today),
        engagementTypes: types
          .filter((type) => type.offeringCode === offering.code)
          .map((type) => ({
            id: type.id,
            code: type.code,
            name: type.name,
            requirements: [
              ...reservationRequirements(offering, type, facts, context),
              ...(query.country ? [locationRequirement(facts, query.country)] : []),
            ],
          })),
      });
    }
    return result;
  });
}
