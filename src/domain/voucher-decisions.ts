/**
 * One pure decision per voucher event (issue 8): `decide…(snapshot, input, facts)` runs every
 * check of the event at `facts.now` and returns what to persist (voucher-decision.ts). The
 * status always comes from the transition table (`assertTransition`).
 */
import { localDate } from './calendar-dates.js';
import { fieldError, refusal } from './errors.js';
import {
  assertRequirementsMet,
  deliveryRequirements,
  locationRequirement,
  reservationRequirements,
  type OfferingFacts,
  type PartnerFacts,
} from './eligibility.js';
import { isCloudRetired, paymentDueBy } from './program-policy.js';
import { assertDeliveryDates, assertPlannedDates } from './voucher-dates.js';
import { applyChanges, voucherDecision, type VoucherDecision, type VoucherState } from './voucher-decision.js';
import { assertTransition, canTransition } from './voucher-lifecycle.js';
import { checkVoucherAction, type VoucherCheckContext } from './voucher-permissions.js';
import { assertVoucherCanBeCreated, daysOutcomeAtEnd, voucherExpiry, type AgreementFacts } from './voucher-rules.js';

export type DecisionFacts = VoucherCheckContext;

export interface CreateVoucherDecisionInput {
  /** Chosen by the caller (random): the decision stays pure. */
  id: string;
  code: string;
  days: number;
  exceptionReason: string | null;
}

export interface CreateVoucherFacts extends DecisionFacts {
  engagementType: DecisionFacts['engagementType'] & { id: string };
  agreement: { id: string; organizationId: string; programId: string; activated: boolean; balance: number };
  projectManager: { id: string } | null;
  /** Live or used 15-day vouchers of this type for this customer (not cancelled, not past expiry unless redeemed). */
  otherFifteenDayVouchers: number;
}

/** Create and assign (seed step 4): the days are allocated from the agreement. */
export function decideCreate(input: CreateVoucherDecisionInput, facts: CreateVoucherFacts): VoucherDecision {
  const { actor, policy, now, agreement } = facts;
  if (!actor.roles.includes('benefit_admin')) {
    throw refusal('forbidden', 'access.needsRole', { roles: ['benefit_admin'] });
  }
  if (actor.organizationId !== agreement.organizationId) {
    throw refusal('not-found', 'access.notFound', { what: 'agreement', id: agreement.id });
  }
  if (!facts.projectManager) {
    throw refusal(
      'validation-failed',
      'voucher.notProjectManager',
      {},
      { errors: [fieldError('body.projectManagerId', 'field.notProjectManager')] },
    );
  }
  assertVoucherCanBeCreated({
    policy,
    engagementType: facts.engagementType,
    days: input.days,
    agreementActivated: agreement.activated,
    balance: agreement.balance,
    otherFifteenDayVouchers: facts.otherFifteenDayVouchers,
    exceptionReason: input.exceptionReason,
    now,
  });
  const after: VoucherState = {
    id: input.id,
    code: input.code,
    status: 'assigned',
    version: 1,
    programId: agreement.programId,
    agreementId: agreement.id,
    organizationId: agreement.organizationId,
    engagementTypeId: facts.engagementType.id,
    days: input.days,
    projectManagerId: facts.projectManager.id,
    createdBy: actor.userId,
    exceptionReason: input.days === 15 ? input.exceptionReason : null,
    createdAt: now,
    // Expiry anchor: creation (domain.md; `expiryAnchor`).
    expiresAt: voucherExpiry(policy, now, 0),
    extensionDays: 0,
    partnerId: null,
    locationId: null,
    deliveryCountry: null,
    plannedStart: null,
    plannedEnd: null,
    reservedAt: null,
    reservedBy: null,
    completionReport: null,
    completedAt: null,
    redeemedAt: null,
    paymentDueBy: null,
    endedAt: null,
    forfeitedDays: 0,
  };
  return voucherDecision({
    before: null,
    after,
    changes: after,
    actorId: actor.userId,
    at: now,
    auditAction: 'voucher.created',
    eventType: 'voucher.created',
    ledger: [
      {
        agreementId: agreement.id,
        kind: 'voucher_allocation',
        days: -input.days,
        at: now,
        voucherId: input.id,
        actorId: actor.userId,
        note: null,
      },
    ],
  });
}

export interface ReserveFacts extends DecisionFacts {
  engagementType: DecisionFacts['engagementType'] & { offeringCode: string; competencies: readonly string[] };
  /** The actor's location of that id, or null when it is not one of theirs. */
  location: { id: string; country: string } | null;
  offering: OfferingFacts;
  partner: PartnerFacts;
}

/** Reserve (seed step 5): terms accepted, location (delivery country), planned dates before expiry. */
export function decideReserve(
  voucher: VoucherState,
  input: { plannedStart: string; plannedEnd: string },
  facts: ReserveFacts,
): VoucherDecision {
  checkVoucherAction('reserve', voucher, facts);
  const status = assertTransition('reserve', voucher.status);
  const { actor, policy, now, location } = facts;
  if (!location) {
    throw refusal(
      'validation-failed',
      'voucher.unknownLocation',
      {},
      {
        errors: [fieldError('body.locationId', 'field.unknownLocation')],
      },
    );
  }
  assertPlannedDates(input, { now, timeZone: policy.timeZone, expiresAt: voucher.expiresAt });
  const today = localDate(now, policy.timeZone);
  assertRequirementsMet(
    [
      ...reservationRequirements(facts.offering, facts.engagementType, facts.partner, {
        now,
        today,
        cloudRetired: isCloudRetired(policy, now),
      }),
      locationRequirement(facts.partner, location.country),
    ],
    'reserveVoucher',
  );
  const changes = {
    status,
    partnerId: actor.organizationId,
    locationId: location.id,
    deliveryCountry: location.country,
    plannedStart: input.plannedStart,
    plannedEnd: input.plannedEnd,
    reservedAt: now,
    reservedBy: actor.userId,
  };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: actor.userId,
    at: now,
    auditAction: 'voucher.reserved',
    eventType: 'voucher.reserved',
    eventData: { plannedStart: input.plannedStart, plannedEnd: input.plannedEnd, deliveryCountry: location.country },
  });
}

/** Release (VVR "cancel reservation"): back to assigned, expiry unchanged (program-facts.md §5, T3). */
export function decideRelease(voucher: VoucherState, facts: DecisionFacts): VoucherDecision {
  checkVoucherAction('release', voucher, facts);
  const changes = {
    status: assertTransition('release', voucher.status),
    partnerId: null,
    locationId: null,
    deliveryCountry: null,
    plannedStart: null,
    plannedEnd: null,
    reservedAt: null,
    reservedBy: null,
  };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: facts.actor.userId,
    at: facts.now,
    auditAction: 'voucher.released',
    eventType: 'voucher.released',
  });
}

export interface CompletionReportDecisionInput {
  deliveredFrom: string;
  deliveredTo: string;
  consultantIds: string[];
  summary: string;
  nextSteps: string;
  deliverableFileIds: string[];
}

export interface CompleteFacts extends DecisionFacts {
  engagementType: DecisionFacts['engagementType'] & { exams: readonly string[] };
  /** Of the report's consultant ids: those that are consultants of the actor's organisation. */
  consultantsOfPartner: readonly string[];
  /** Of those: the ones who passed an exam of the engagement type. */
  qualifiedConsultants: readonly string[];
  /** Of the report's file ids: those uploaded by the actor's organisation. */
  filesOfPartner: readonly string[];
}

/** The completion report (seed step 6): delivery dates, qualified consultants, the deliverable. */
export function decideComplete(
  voucher: VoucherState,
  input: CompletionReportDecisionInput,
  facts: CompleteFacts,
): VoucherDecision {
  checkVoucherAction('complete', voucher, facts);
  const status = assertTransition('complete', voucher.status);
  const { actor, policy, now, engagementType } = facts;
  assertDeliveryDates(input, {
    now,
    timeZone: policy.timeZone,
    // A reserved voucher always has its reservation instant.
    reservedAt: voucher.reservedAt ?? voucher.createdAt,
    expiresAt: voucher.expiresAt,
  });
  const consultantIds = [...new Set(input.consultantIds)];
  const unknown = consultantIds.filter((id) => !facts.consultantsOfPartner.includes(id));
  if (unknown.length > 0) {
    throw refusal(
      'validation-failed',
      'voucher.notConsultants',
      { ids: unknown },
      { errors: [fieldError('body.consultantIds', 'field.notConsultants', { ids: unknown })] },
    );
  }
  if (!consultantIds.some((id) => facts.qualifiedConsultants.includes(id))) {
    throw refusal('not-eligible', 'voucher.noQualifiedConsultant', {
      engagementType: engagementType.name,
      exams: engagementType.exams,
    });
  }
  const fileIds = [...new Set(input.deliverableFileIds)];
  const missing = fileIds.filter((id) => !facts.filesOfPartner.includes(id));
  if (missing.length > 0) {
    throw refusal(
      'validation-failed',
      'voucher.unknownFiles',
      { ids: missing },
      { errors: [fieldError('body.deliverableFileIds', 'field.unknownFiles', { ids: missing })] },
    );
  }
  const changes = {
    status,
    completionReport: {
      deliveredFrom: input.deliveredFrom,
      deliveredTo: input.deliveredTo,
      consultantIds,
      summary: input.summary,
      nextSteps: input.nextSteps,
      deliverableFileIds: fileIds,
      submittedAt: now.toISOString(),
      submittedBy: actor.userId,
    },
    completedAt: now,
  };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: actor.userId,
    at: now,
    auditAction: 'voucher.completed',
    eventType: 'voucher.completed',
  });
}

export interface RedeemFacts extends DecisionFacts {
  engagementType: DecisionFacts['engagementType'] & { competencies: readonly string[] };
  partner: PartnerFacts;
}

/** Redeem (seed step 7): before expiry and the last redemption day, competency and location still held. */
export function decideRedeem(voucher: VoucherState, facts: RedeemFacts): VoucherDecision {
  checkVoucherAction('redeem', voucher, facts);
  const status = assertTransition('redeem', voucher.status);
  const { policy, now } = facts;
  assertRequirementsMet(
    [
      ...deliveryRequirements(facts.engagementType, facts.partner, localDate(now, policy.timeZone)),
      locationRequirement(facts.partner, voucher.deliveryCountry ?? ''),
    ],
    'redeemVoucher',
  );
  const changes = { status, redeemedAt: now, paymentDueBy: paymentDueBy(policy, now) };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: facts.actor.userId,
    at: now,
    auditAction: 'voucher.redeemed',
    eventType: 'voucher.redeemed',
    eventData: { redeemedAt: now.toISOString(), paymentDueBy: changes.paymentDueBy },
  });
}

/**
 * The end of a live voucher (cancel or expiry): its days go back to the agreement, or are
 * forfeited, as decided at the instant it ended (`daysOutcomeAtEnd`).
 */
function endVoucher(
  voucher: VoucherState,
  event: 'cancel' | 'expire',
  facts: {
    policy: DecisionFacts['policy'];
    agreement: AgreementFacts;
    endedAt: Date;
    at: Date;
    actorId: string | null;
  },
): VoucherDecision {
  const status = assertTransition(event, voucher.status);
  const outcome = daysOutcomeAtEnd(facts.policy, facts.agreement, facts.endedAt);
  const returned = outcome === 'return' ? voucher.days : 0;
  const changes = { status, endedAt: facts.endedAt, forfeitedDays: voucher.days - returned };
  const cancelled = event === 'cancel';
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: facts.actorId,
    at: facts.at,
    auditAction: cancelled ? 'voucher.cancelled' : 'voucher.expired',
    eventType: cancelled ? 'voucher.cancelled' : 'voucher.expired',
    eventData: { daysReturned: returned, daysForfeited: voucher.days - returned },
    ledger:
      returned > 0
        ? [
            {
              agreementId: voucher.agreementId,
              kind: 'voucher_return',
              days: returned,
              at: facts.endedAt,
              voucherId: voucher.id,
              actorId: facts.actorId,
              note: cancelled ? 'voucher cancelled' : 'voucher expired',
            },
          ]
        : [],
  });
}

/** The benefit admin cancels a voucher nobody reserved (our decision, domain.md). */
export function decideCancel(
  voucher: VoucherState,
  facts: DecisionFacts & { agreement: AgreementFacts },
): VoucherDecision {
  checkVoucherAction('cancel', voucher, facts);
  return endVoucher(voucher, 'cancel', {
    policy: facts.policy,
    agreement: facts.agreement,
    endedAt: facts.now,
    at: facts.now,
    actorId: facts.actor.userId,
  });
}

/**
 * Expiry (the sweep): a live voucher whose expiry instant has come ends at that instant, not
 * at the sweep's run, so the outcome is the same whenever the sweep runs. The sweep applies
 * this in SQL; `test/integration/sweep-agrees.test.ts` checks both agree.
 */
export function decideExpire(
  voucher: VoucherState,
  facts: { policy: DecisionFacts['policy']; agreement: AgreementFacts; now: Date },
): VoucherDecision | null {
  if (!isExpiring(voucher, facts.now)) {
    return null;
  }
  return endVoucher(voucher, 'expire', {
    policy: facts.policy,
    agreement: facts.agreement,
    endedAt: voucher.expiresAt,
    at: facts.now,
    actorId: null,
  });
}

/** Due for expiry: live and its expiry instant has come. */
export function isExpiring(voucher: Pick<VoucherState, 'status' | 'expiresAt'>, now: Date): boolean {
  return liveStatus(voucher.status) && voucher.expiresAt.getTime() <= now.getTime();
}

function liveStatus(status: VoucherState['status']): boolean {
  return canTransition('expire', status);
}

/** "The PM may be changed until reservation"; the new PM receives the code. */
export function decideChangeProjectManager(
  voucher: VoucherState,
  facts: DecisionFacts & { projectManager: { id: string } | null },
): VoucherDecision {
  checkVoucherAction('changeProjectManager', voucher, facts);
  assertTransition('changeProjectManager', voucher.status);
  if (!facts.projectManager) {
    throw refusal(
      'validation-failed',
      'voucher.notProjectManager',
      {},
      { errors: [fieldError('body.projectManagerId', 'field.notProjectManager')] },
    );
  }
  const changes = { projectManagerId: facts.projectManager.id };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: facts.actor.userId,
    at: facts.now,
    auditAction: 'voucher.project-manager-changed',
    eventType: 'voucher.project_manager_changed',
    eventData: { previousProjectManagerId: voucher.projectManagerId },
  });
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Extension (domain.md, "Extension"): a live voucher not yet past its expiry gets N × 24 h
 * more, whatever the time zone (an instant plus a duration, never calendar days). The bulk
 * extension applies this in SQL; a property test checks both agree.
 */
export function decideExtension(
  voucher: VoucherState,
  input: { days: number; reason: string; createdBefore: Date },
  facts: { actorId: string | null; now: Date },
): VoucherDecision | null {
  if (
    !liveStatus(voucher.status) ||
    voucher.createdAt.getTime() >= input.createdBefore.getTime() ||
    voucher.expiresAt.getTime() <= facts.now.getTime()
  ) {
    return null;
  }
  const changes = {
    expiresAt: new Date(voucher.expiresAt.getTime() + input.days * dayMs),
    extensionDays: voucher.extensionDays + input.days,
  };
  return voucherDecision({
    before: voucher,
    after: applyChanges(voucher, changes),
    changes,
    actorId: facts.actorId,
    at: facts.now,
    auditAction: 'voucher.extended',
    eventType: 'voucher.extended',
    eventData: { previousExpiresAt: voucher.expiresAt.toISOString(), extensionDays: input.days, reason: input.reason },
  });
}
