/**
 * The rules a voucher obeys besides its state machine (domain.md, "Voucher lifecycle", "Time
 * rules"). Pure: facts and the clock come in as arguments.
 */
import { endOfLastDay, localDate, startOfLocalDay } from './calendar-dates.js';
import { fieldError, refusal } from './errors.js';
import type { Verb } from './messages.js';
import {
  assertVoucherCreationAllowed,
  haveRemainingDaysBeenRemoved,
  isCloudRetired,
  paymentDueBy,
  type ProgramPolicy,
} from './program-policy.js';

const dayMs = 24 * 60 * 60 * 1000;

/** "Expiry instant = anchor instant + lifetime × 24 h (+ extensions)." */
export function voucherExpiry(policy: ProgramPolicy, createdAt: Date, extensionDays: number): Date {
  return new Date(createdAt.getTime() + (policy.voucherLifetimeDays + extensionDays) * dayMs);
}

/** "Actions need now < expiry." */
export function assertNotExpired(expiresAt: Date, now: Date, action: Verb): void {
  if (now.getTime() >= expiresAt.getTime()) {
    throw refusal('deadline-passed', 'calendar.voucherExpired', { verb: action, expiresAt: expiresAt.toISOString() });
  }
}

export interface EngagementTypeRules {
  name: string;
  allowedLengths: readonly number[];
  cloud: boolean;
}

/** Cloud engagement types take no new vouchers or reservations from the cloud retirement date. */
export function assertEngagementTypeActive(
  policy: ProgramPolicy,
  type: EngagementTypeRules,
  now: Date,
  action: Verb,
): void {
  if (type.cloud && isCloudRetired(policy, now)) {
    throw refusal('deadline-passed', 'calendar.cloudRetired', {
      verb: action,
      engagementType: type.name,
      date: policy.calendar.cloudRetirementDate,
      timeZone: policy.timeZone,
    });
  }
}

export interface VoucherCreationFacts {
  policy: ProgramPolicy;
  engagementType: EngagementTypeRules;
  days: number;
  agreementActivated: boolean;
  balance: number;
  /** Live or used 15-day vouchers of this type for this customer (not cancelled or expired). */
  otherFifteenDayVouchers: number;
  exceptionReason: string | null;
  now: Date;
}

/** Create and assign (seed step 4): every check, in the order a benefit admin can act on them. */
export function assertVoucherCanBeCreated(facts: VoucherCreationFacts): void {
  const { policy, engagementType, days, now } = facts;
  assertVoucherCreationAllowed(policy, now);
  assertEngagementTypeActive(policy, engagementType, now, 'createVoucher');
  if (!facts.agreementActivated) {
    throw refusal('policy-violation', 'voucher.notActivated');
  }
  if (!engagementType.allowedLengths.includes(days)) {
    throw refusal(
      'policy-violation',
      'voucher.lengthNotAllowed',
      {
        days,
        engagementType: engagementType.name,
        allowed: [...engagementType.allowedLengths].sort((a, b) => a - b).map(String),
      },
      { errors: [fieldError('body.days', 'field.lengthNotAllowed')] },
    );
  }
  // "You may not conduct multiple 15-day engagements (per engagement type) per customer,
  // unless they address different divisions or different products" (program-facts.md §2.3).
  if (days === 15 && facts.otherFifteenDayVouchers > 0 && !facts.exceptionReason) {
    throw refusal(
      'policy-violation',
      'voucher.secondFifteenDays',
      { engagementType: engagementType.name },
      { errors: [fieldError('body.exceptionReason', 'field.exceptionReasonRequired')] },
    );
  }
  if (facts.balance < days) {
    throw refusal('insufficient-days', 'voucher.insufficientDays', { balance: facts.balance, days });
  }
}

export interface AgreementFacts {
  endsOn: string;
  daysRemovedAt: Date | null;
}

/**
 * Cancel and expiry return the days "if the agreement is active and the remaining days were not
 * yet removed; otherwise the days are forfeited" (domain.md). Decided at the instant the voucher
 * ended (its expiry, or the cancellation), not when a sweep happens to run.
 */
export function daysOutcomeAtEnd(
  policy: ProgramPolicy,
  agreement: AgreementFacts,
  endedAt: Date,
): 'return' | 'forfeit' {
  const active = localDate(endedAt, policy.timeZone) <= agreement.endsOn;
  const removed =
    haveRemainingDaysBeenRemoved(policy, endedAt) ||
    (agreement.daysRemovedAt !== null && agreement.daysRemovedAt.getTime() <= endedAt.getTime());
  return active && !removed ? 'return' : 'forfeit';
}

/** The rules a voucher deadline comes from: the one list (the API's enum is built from it). */
export const deadlineRules = ['voucher_expiry', 'last_redemption_day', 'cloud_retirement', 'payment_window'] as const;
export type DeadlineRule = (typeof deadlineRules)[number];

export interface Deadline {
  /** The first instant at which the action is refused. */
  before: Date;
  /** The last program-local day on which the action is allowed. */
  lastDay: string;
  rule: DeadlineRule;
  /** "2022-01-01, last redemption day". */
  label: string;
}

const ruleWords: Record<DeadlineRule, string> = {
  voucher_expiry: 'voucher expiry',
  last_redemption_day: 'last redemption day',
  cloud_retirement: 'cloud engagement retirement',
  payment_window: 'payment window after redemption',
};

function deadline(policy: ProgramPolicy, before: Date, rule: DeadlineRule): Deadline {
  const lastDay = localDate(new Date(before.getTime() - 1), policy.timeZone);
  return { before, lastDay, rule, label: `${lastDay}, ${ruleWords[rule]}` };
}

function earliest(...deadlines: Deadline[]): Deadline {
  return deadlines.reduce((a, b) => (b.before.getTime() < a.before.getTime() ? b : a));
}

export interface VoucherDeadlines {
  reserveBy: Deadline;
  redeemBy: Deadline;
  paymentBy: Deadline | null;
}

/** The effective deadlines of a voucher, each with the rule that sets it. */
export function voucherDeadlines(
  policy: ProgramPolicy,
  voucher: { expiresAt: Date; cloud: boolean; redeemedAt: Date | null },
): VoucherDeadlines {
  const expiry = deadline(policy, voucher.expiresAt, 'voucher_expiry');
  const lastRedemption = deadline(
    policy,
    endOfLastDay(policy.calendar.lastRedemptionDate, policy.timeZone),
    'last_redemption_day',
  );
  const reserveCandidates = [expiry];
  if (voucher.cloud) {
    // "From D" rules stop at 00:00 of D, program-local.
    reserveCandidates.push(
      deadline(policy, startOfLocalDay(policy.calendar.cloudRetirementDate, policy.timeZone), 'cloud_retirement'),
    );
  }
  let paymentBy: Deadline | null = null;
  if (voucher.redeemedAt) {
    const lastDay = paymentDueBy(policy, voucher.redeemedAt);
    paymentBy = deadline(policy, endOfLastDay(lastDay, policy.timeZone), 'payment_window');
  }
  return { reserveBy: earliest(...reserveCandidates), redeemBy: earliest(expiry, lastRedemption), paymentBy };
}
