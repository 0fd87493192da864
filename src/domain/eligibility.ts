/**
 * Partner eligibility (seed steps 1–3; domain.md, "Partners"): the requirements behind the
 * eligibility view's green checks, and the same code behind the checks at reservation and
 * redemption, so that the view can never disagree with them.
 */
import { DomainError } from './errors.js';
import { msg, render, type Message, type Verb } from './messages.js';

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
  /** What is required, in words (English; `labelText` in any language). */
  label: string;
  /** When unmet: what is missing, in words (English; `missingText` in any language). */
  missing?: string;
  labelText?: Message;
  missingText?: Message;
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

/** A requirement with its texts from the catalogue (issue 12, M7: "what is missing" in French too). */
function requirement(key: RequirementKey, met: boolean, label: Message, missing: Message): Requirement {
  const shown: Requirement = met
    ? { key, met, label: render(label, 'en') }
    : { key, met, label: render(label, 'en'), missing: render(missing, 'en') };
  // Not enumerable: a requirement still compares and serialises as the view shows it; the
  // HTTP layer reads the texts to answer in the caller's language.
  Object.defineProperty(shown, 'labelText', { value: label, enumerable: false });
  if (!met) {
    Object.defineProperty(shown, 'missingText', { value: missing, enumerable: false });
  }
  return shown;
}

/** Requirements to enrol in an offering: a signed agreement and an offering-level competency. */
export function enrollmentRequirements(offering: OfferingFacts, partner: PartnerFacts, today: string): Requirement[] {
  return [
    requirement(
      'program_agreement',
      partner.signedCurrentAgreement,
      msg('eligibility.labelAgreement'),
      msg('eligibility.missingAgreement'),
    ),
    requirement(
      'offering_competency',
      holdsAnyCompetency(offering.competencies, partner.competencies, today),
      msg('eligibility.labelOfferingCompetency', { offering: offering.code, competencies: offering.competencies }),
      msg('eligibility.missingOfferingCompetency', { offering: offering.code, competencies: offering.competencies }),
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
      msg('eligibility.labelEnrollment', { offering: offering.code }),
      partner.enrollmentValidUntil
        ? msg('eligibility.missingEnrollmentExpired', {
            offering: offering.code,
            on: partner.enrollmentValidUntil.toISOString().slice(0, 10),
          })
        : msg('eligibility.missingEnrollment', { offering: offering.code }),
    ),
    requirement(
      'offering_competency',
      holdsAnyCompetency(offering.competencies, partner.competencies, context.today),
      msg('eligibility.labelOfferingCompetency', { offering: offering.code, competencies: offering.competencies }),
      msg('eligibility.missingOfferingCompetency', { offering: offering.code, competencies: offering.competencies }),
    ),
    ...deliveryRequirements(engagementType, partner, context.today),
    requirement(
      'engagement_type_active',
      !(engagementType.cloud && context.cloudRetired),
      msg('eligibility.labelEngagementActive', { engagementType: engagementType.name }),
      msg('eligibility.missingEngagementActive', { engagementType: engagementType.name }),
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
      msg('eligibility.labelEngagementCompetency', {
        engagementType: engagementType.name,
        competencies: engagementType.competencies,
      }),
      msg('eligibility.missingEngagementCompetency', {
        engagementType: engagementType.name,
        competencies: engagementType.competencies,
      }),
    ),
  ];
}

/** A location in the delivery country, needed to reserve and redeem there. */
export function locationRequirement(partner: PartnerFacts, deliveryCountry: string): Requirement {
  return requirement(
    'delivery_location',
    partner.locationCountries.includes(deliveryCountry),
    msg('eligibility.labelLocation', { country: deliveryCountry }),
    msg('eligibility.missingLocation', { country: deliveryCountry }),
  );
}

/**
 * Throws `not-eligible` naming every unmet requirement. The detail is rendered per language
 * from the parts, so its `params` hold the verb and each missing text's params in order.
 */
export function assertRequirementsMet(requirements: readonly Requirement[], action: Verb): void {
  const missing = requirements.filter((r) => !r.met);
  if (missing.length > 0) {
    const texts = missing.flatMap((r) => (r.missingText ? [r.missingText] : []));
    throw new DomainError('not-eligible', {
      key: 'eligibility.refused',
      params: { verb: action, missing: missing.map((r) => r.missing ?? '').join('; ') },
      ...(texts.length === missing.length ? { parts: { missing: texts } } : {}),
    });
  }
}
