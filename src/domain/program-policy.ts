import { addDays, hasDateArrived, isOnOrBeforeLastDay, localDate } from './calendar-dates.js';
import { refusal } from './errors.js';

/** The dated rules of a program (domain.md, "Time rules"). All are program-local dates. */
export interface ProgramCalendar {
  /** From this date, cloud engagement types take no new vouchers or reservations. */
  cloudRetirementDate: string;
  /** From this date, training days can no longer be converted to planning days. */
  trainingConversionEndDate: string;
  /** From this date, customers no longer accrue planning days. */
  accrualEndDate: string;
  /** Last day to create or assign vouchers (inclusive). */
  lastVoucherDate: string;
  /** On this date all remaining (unallocated) days are removed. */
  daysRemovalDate: string;
  /** Last day for partners to redeem vouchers (inclusive). */
  lastRedemptionDate: string;
}

export const expiryAnchors = ['created'] as const;
export type ExpiryAnchor = (typeof expiryAnchors)[number];

export interface ProgramPolicy {
  name: string;
  timeZone: string;
  voucherLifetimeDays: number;
  expiryAnchor: ExpiryAnchor;
  paymentWindowDays: number;
  paymentSlaDays: number;
  calendar: ProgramCalendar;
}

/**
 * The retirement calendar of Software Assurance Planning Services, from the seed document
 * (`sa-planning-services-retirement.en.md`). The program zone is UTC: our decision (the
 * sources name none), configurable per program.
 */
export const saPlanningServicesPolicy: ProgramPolicy = {
  name: 'Software Assurance Planning Services',
  timeZone: 'UTC',
  voucherLifetimeDays: 180,
  expiryAnchor: 'created',
  paymentWindowDays: 60,
  paymentSlaDays: 30,
  calendar: {
    cloudRetirementDate: '2020-02-01',
    trainingConversionEndDate: '2020-02-01',
    accrualEndDate: '2021-02-01',
    lastVoucherDate: '2021-06-30',
    daysRemovalDate: '2021-07-01',
    lastRedemptionDate: '2022-01-01',
  },
};

/** Calendar order every program must respect, so that no rule contradicts another. */
export function calendarProblems(calendar: ProgramCalendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (calendar.daysRemovalDate <= calendar.lastVoucherDate) {
    problems.push({
      path: 'calendar.daysRemovalDate',
      message: 'must be after lastVoucherDate: remaining days are removed after the last voucher day',
    });
  }
  if (calendar.lastRedemptionDate < calendar.lastVoucherDate) {
    problems.push({
      path: 'calendar.lastRedemptionDate',
      message: 'must not be before lastVoucherDate',
    });
  }
  return problems;
}

/** The program time zone every calendar refusal names ("program time zone Europe/Paris"). */
function zone(policy: ProgramPolicy): { timeZone: string } {
  return { timeZone: policy.timeZone };
}

/** "2021-02-01: customers no longer accrue Planning Services benefits." */
export function assertAccrualAllowed(policy: ProgramPolicy, now: Date): void {
  if (hasDateArrived(now, policy.calendar.accrualEndDate, policy.timeZone)) {
    throw refusal('deadline-passed', 'calendar.noAccrual', { date: policy.calendar.accrualEndDate, ...zone(policy) });
  }
}

/** "2020-02-01: training vouchers can no longer be converted to Planning Services days." */
export function assertTrainingConversionAllowed(policy: ProgramPolicy, now: Date): void {
  if (hasDateArrived(now, policy.calendar.trainingConversionEndDate, policy.timeZone)) {
    throw refusal('deadline-passed', 'calendar.noConversion', {
      date: policy.calendar.trainingConversionEndDate,
      ...zone(policy),
    });
  }
}

/** "June 30, 2021: last day for customers to create/assign Planning Services vouchers." */
export function assertVoucherCreationAllowed(policy: ProgramPolicy, now: Date): void {
  if (!isOnOrBeforeLastDay(now, policy.calendar.lastVoucherDate, policy.timeZone)) {
    throw refusal('deadline-passed', 'calendar.noVoucherCreation', {
      date: policy.calendar.lastVoucherDate,
      ...zone(policy),
    });
  }
}

/** "February 1, 2020: Planning Services cloud engagements were retired." */
export function isCloudRetired(policy: ProgramPolicy, now: Date): boolean {
  return hasDateArrived(now, policy.calendar.cloudRetirementDate, policy.timeZone);
}

/** "All remaining Planning Services days will be removed July 1, 2021." */
export function haveRemainingDaysBeenRemoved(policy: ProgramPolicy, now: Date): boolean {
  return hasDateArrived(now, policy.calendar.daysRemovalDate, policy.timeZone);
}

/** "January 1, 2022: last day for partners to redeem Planning Services vouchers." */
export function assertRedemptionDayAllowed(policy: ProgramPolicy, now: Date): void {
  if (!isOnOrBeforeLastDay(now, policy.calendar.lastRedemptionDate, policy.timeZone)) {
    throw refusal('deadline-passed', 'calendar.noRedemption', {
      date: policy.calendar.lastRedemptionDate,
      ...zone(policy),
    });
  }
}

/**
 * "Partner will have 60 days after redemption to complete the payment request process":
 * the last day is the program-local redemption date + the payment window.
 */
export function paymentDueBy(policy: ProgramPolicy, redeemedAt: Date): string {
  return addDays(localDate(redeemedAt, policy.timeZone), policy.paymentWindowDays);
}
