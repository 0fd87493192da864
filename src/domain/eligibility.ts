/**
 * Partner eligibility (seed steps 1–3; domain.md, "Partners"): the requirements behind the
 * eligibility view's green checks, and the same code behind the checks at reservation and
 * redemption, so that the view can never disagree with them.
 */
import { DomainError } from './errors.js';

export type CompetencyLevel = 'silver' | 'gold';

export interface HeldCompetency {
  name: string;
  level: CompetencyLevel;
  /** Program-local dates, inclusive. */
  validFrom: string;
  validUntil: string;
}

export interface CompetencyRequirement {
  name: string;
  minimumLevel: CompetencyLevel;
}

/** "Gold X" needs the Gold level; "X" is met by Silver or Gold (program-facts.md §2.2). */
export function parseCompetencyRequirement(text: string): CompetencyRequirement {
  const gold = /^Gold\s+(.+)$/.exec(text.trim());
  return gold ? { name: gold[1]!, minimumLevel: 'gold' } : { name: text.trim(), minimumLevel: 'silver' };
}

function satisfies(held: HeldCompetency, requirement: CompetencyRequirement, today: string): boolean {
  return (
    held.name.toLowerCase() === requirement.name.toLowerCase() &&
    (requirement.minimumLevel === 'silver' || held.level === 'gold') &&
    held.validFrom <= today &&
    today <= held.validUntil
  );
}

/** Any one of the listed competencies qualifies. */
export function holdsAnyCompetency(
  requirements: readonly string[],
  held: readonly HeldCompetency[],
  today: string,
): boolean {
  return requirements
    .map(parseCompetencyRequirement)
    .some((requirement) => held.some((competency) => satisfies(competency, requirement, today)));
}

export type RequirementKey =
  | 'program_agreement'
  | 'enrollment'
  | 'offering_competency'
  | 'engagement_competency'
  | 'engagement_type_active'
  | 'delivery_location';

export interface Requirement {
  key: RequirementKey;
  met: boolean;
  /** What is required, in words. */
  label: string;
  /** When unmet: what is missing, in words. */
  missing?: string;
}

export interface OfferingFacts {
  code: string;
  competencies: readonly string[];
}

export interface EngagementTypeFacts {
  name: string;
  competencies: readonly string[];
  cloud: boolean;
}

export interface PartnerFacts {
  competencies: readonly HeldCompetency[];
  /** The partner's enrolment in this offering, if any. */
  enrollmentValidUntil: Date | null;
  /** Whether the partner signed the program agreement's current version. */
  signedCurrentAgreement: boolean;
  locationCountries: readonly string[];
}

function requirement(key: RequirementKey, met: boolean, label: string, missing: string): Requirement {
  return met ? { key, met, label } : { key, met, label, missing };
}

function anyOf(list: readonly string[]): string {
  return list.length === 1 ? list[0]! : `one of ${list.join(', ')}`;
}

/** Requirements to enrol in an offering: a signed agreement and an offering-level competency. */
export function enrollmentRequirements(offering: OfferingFacts, partner: PartnerFacts, today: string): Requirement[] {
  return [
    requirement(
      'program_agreement',
      partner.signedCurrentAgreement,
      'The current program agreement is signed',
      'the global admin has not signed the current version of the program agreement',
    ),
    requirement(
      'offering_competency',
      holdsAnyCompetency(offering.competencies, partner.competencies, today),
      `A ${offering.code} competency: ${anyOf(offering.competencies)}`,
      `no valid ${offering.code} competency (${anyOf(offering.competencies)})`,
    ),
  ];
}

/**
 * Requirements to reserve a voucher of an engagement type: a live enrolment in the offering,
 * the offering-level and the engagement-level competency, and the type not retired.
 */
export function reservationRequirements(
  offering: OfferingFacts,
  engagementType: EngagementTypeFacts,
  partner: PartnerFacts,
  context: { now: Date; today: string; cloudRetired: boolean },
): Requirement[] {
  const enrolled =
    partner.enrollmentValidUntil !== null && partner.enrollmentValidUntil.getTime() > context.now.getTime();
  return [
    requirement(
      'enrollment',
      enrolled,
      `Enrolled in ${offering.code}`,
      partner.enrollmentValidUntil
        ? `the ${offering.code} enrolment expired on ${partner.enrollmentValidUntil.toISOString().slice(0, 10)}; renew it`
        : `not enrolled in ${offering.code}`,
    ),
    requirement(
      'offering_competency',
      holdsAnyCompetency(offering.competencies, partner.competencies, context.today),
      `A ${offering.code} competency: ${anyOf(offering.competencies)}`,
      `no valid ${offering.code} competency (${anyOf(offering.competencies)})`,
    ),
    ...deliveryRequirements(engagementType, partner, context.today),
    requirement(
      'engagement_type_active',
      !(engagementType.cloud && context.cloudRetired),
      `${engagementType.name} is not retired`,
      `${engagementType.name} is a cloud engagement, retired from the program`,
    ),
  ];
}

/** The engagement-level competency, checked at reservation and again at redemption. */
export function deliveryRequirements(
  engagementType: EngagementTypeFacts,
  partner: PartnerFacts,
  today: string,
): Requirement[] {
  return [
    requirement(
      'engagement_competency',
      holdsAnyCompetency(engagementType.competencies, partner.competencies, today),
      `A competency for ${engagementType.name}: ${anyOf(engagementType.competencies)}`,
      `no valid competency for ${engagementType.name} (${anyOf(engagementType.competencies)})`,
    ),
  ];
}

/** A location in the delivery country, needed to reserve and redeem there. */
export function locationRequirement(partner: PartnerFacts, deliveryCountry: string): Requirement {
  return requirement(
    'delivery_location',
    partner.locationCountries.includes(deliveryCountry),
    `A location in ${deliveryCountry}`,
    `no partner location in ${deliveryCountry}, the delivery country`,
  );
}

/** Throws `not-eligible` naming every unmet requirement. */
export function assertRequirementsMet(requirements: readonly Requirement[], action: string): void {
  const missing = requirements.filter((r) => !r.met);
  if (missing.length > 0) {
    throw new DomainError('not-eligible', `cannot ${action}: ${missing.map((r) => r.missing).join('; ')}`);
  }
}
