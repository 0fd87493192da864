/**
 * Payment requests (domain.md, "Payments"; seed step 8; program-facts.md §7) as data and pure
 * functions. Nothing here reads the clock or the database: `now` and the program policy are
 * passed in.
 *
 *  submitted ──approve──> approved ──pay──> paid
 *      └──────deny──────> denied   (its vouchers may go into a new request)
 *
 * Every status check goes through `assertPaymentTransition`; the database update repeats it in
 * its WHERE (status and version), so that of two racing finance users exactly one wins. The
 * decisions per event are in payment-request-decisions.ts.
 */
import { addDays, isOnOrBeforeLastDay, localDate } from './calendar-dates.js';
import { DomainError, refusal } from './errors.js';
import { msg, type Message, type Verb } from './messages.js';
import type { ProgramPolicy } from './program-policy.js';
import type { Role } from './roles.js';
import type { VoucherStatus } from './voucher-lifecycle.js';

export const paymentRequestStatuses = ['submitted', 'approved', 'paid', 'denied'] as const;
export type PaymentRequestStatus = (typeof paymentRequestStatuses)[number];

/** The events of a payment request: its submission, then finance's decisions on it. */
export const paymentRequestEvents = ['submit', 'approve', 'deny', 'pay'] as const;
export type PaymentRequestEvent = (typeof paymentRequestEvents)[number];

/** The actions on an existing request that answers list (api.md: payment-request actions). */
export const paymentRequestActions = ['approve', 'deny', 'pay'] as const satisfies readonly PaymentRequestEvent[];
export type PaymentRequestAction = (typeof paymentRequestActions)[number];

interface PaymentTransition {
  /** The statuses the event applies to; none for `submit`, which creates the request. */
  from: readonly PaymentRequestStatus[];
  to: PaymentRequestStatus;
  /** Who may cause it (any one role), checked before anything is loaded. */
  roles: readonly Role[];
  /** Words for refusals: "approve" (a `verb.*` key of the catalogue). */
  verb: Verb;
}

/**
 * The one transition table: every status check, every role check of the payment use cases, and
 * every `availableActions` list come from it (payment-request-decisions.ts).
 */
export const paymentRequestTransitions: Record<PaymentRequestEvent, PaymentTransition> = {
  // "A payment request bundles one or more redeemed vouchers of one partner": its admins submit.
  submit: { from: [], to: 'submitted', roles: ['partner_admin', 'global_admin'], verb: 'submit' },
  // "Finance approves, denies with a reason, or marks paid": finance only, not the operator admin.
  approve: { from: ['submitted'], to: 'approved', roles: ['finance'], verb: 'approve' },
  deny: { from: ['submitted'], to: 'denied', roles: ['finance'], verb: 'deny' },
  // "paid (payment reference, date)": only an approved request is paid.
  pay: { from: ['approved'], to: 'paid', roles: ['finance'], verb: 'pay' },
};

/**
 * "Payment is denied/not eligible when: vouchers redeemed without the completion report and
 * customer deliverable; invoiced under a location in another country than the delivery;
 * engagement-length limits not respected; partner did not meet eligibility criteria"
 * (program-facts.md §7), plus `other`.
 */
export const denialReasons = [
  'missing_deliverable',
  'wrong_country',
  'length_limit',
  'partner_not_eligible',
  'other',
] as const;
export type DenialReason = (typeof denialReasons)[number];

export function canTransitionPayment(event: PaymentRequestEvent, status: PaymentRequestStatus): boolean {
  return paymentRequestTransitions[event].from.includes(status);
}

/** The `invalid-transition` refusal when the event is not allowed from `status`, else null. */
export function paymentTransitionRefusal(
  event: PaymentRequestEvent,
  status: PaymentRequestStatus,
  reference: string,
): DomainError | null {
  const transition = paymentRequestTransitions[event];
  if (transition.from.includes(status)) {
    return null;
  }
  return refusal('invalid-transition', 'payment.invalidTransition', {
    verb: transition.verb,
    reference,
    status,
    allowed: transition.from,
  });
}

/** Throws `invalid-transition` when the event is not allowed from `status`; returns the new status. */
export function assertPaymentTransition(
  event: PaymentRequestEvent,
  status: PaymentRequestStatus,
  reference: string,
): PaymentRequestStatus {
  const refusal = paymentTransitionRefusal(event, status, reference);
  if (refusal) {
    throw refusal;
  }
  return paymentRequestTransitions[event].to;
}

/**
 * Whether a request in `status` holds its vouchers ("a voucher is in at most one live request").
 * A denied request releases them: "a denied request's vouchers may go into a new request".
 */
export function holdsVouchers(status: PaymentRequestStatus): boolean {
  switch (status) {
    case 'submitted':
    case 'approved':
    case 'paid':
      return true;
    case 'denied':
      return false;
    default: {
      const unreachable: never = status;
      throw new Error(`unknown payment request status ${String(unreachable)}`);
    }
  }
}

/** "PR-2021-000042": the program-local year of submission and the request's serial number. */
export function paymentReference(number: number, submittedAt: Date, policy: Pick<ProgramPolicy, 'timeZone'>): string {
  const year = localDate(submittedAt, policy.timeZone).slice(0, 4);
  return `PR-${year}-${String(number).padStart(6, '0')}`;
}

export interface PaymentWindowVoucher {
  code: string;
  /** Last program-local day to submit the payment request (redemption date + window). */
  paymentDueBy: string | null;
}

/**
 * "Partner will have 60 days after redemption to complete the payment request process": the
 * request is accepted while the program-local date is on or before the voucher's
 * `paymentDueBy` (redemption date + the program's payment window, inclusive).
 */
export function assertWithinPaymentWindow(policy: ProgramPolicy, voucher: PaymentWindowVoucher, now: Date): void {
  if (voucher.paymentDueBy === null) {
    throw refusal('invalid-transition', 'payment.noWindow', { code: voucher.code });
  }
  if (!isOnOrBeforeLastDay(now, voucher.paymentDueBy, policy.timeZone)) {
    throw refusal('deadline-passed', 'payment.windowClosed', {
      code: voucher.code,
      paymentDueBy: voucher.paymentDueBy,
      windowDays: policy.paymentWindowDays,
      timeZone: policy.timeZone,
    });
  }
}

export interface PaymentSla {
  /** Last program-local day to pay an approved request: approval date + the payment SLA. */
  payBy: string | null;
  /** Approved, and today (program-local) is after `payBy`. */
  overdue: boolean;
}

/**
 * "Payment terms: within 30 days of approval" (program-facts.md §7): an approved request must be
 * paid on or before the program-local approval date + `paymentSlaDays`; from 00:00 of the next
 * day it shows as overdue. Only approved requests can be overdue (paid and denied ones are done).
 */
export function paymentSla(
  policy: Pick<ProgramPolicy, 'timeZone' | 'paymentSlaDays'>,
  request: { status: PaymentRequestStatus; approvedAt: Date | null },
  now: Date,
): PaymentSla {
  if (request.approvedAt === null) {
    return { payBy: null, overdue: false };
  }
  const payBy = addDays(localDate(request.approvedAt, policy.timeZone), policy.paymentSlaDays);
  const overdue = request.status === 'approved' && !isOnOrBeforeLastDay(now, payBy, policy.timeZone);
  return { payBy, overdue };
}

/**
 * The payment date finance records: not in the future and not before the approval, both as
 * program-local dates. Returns the field problem, or null when the date is acceptable.
 */
export function paidOnProblem(
  policy: Pick<ProgramPolicy, 'timeZone'>,
  paidOn: string,
  approvedAt: Date,
  now: Date,
): Message | null {
  const today = localDate(now, policy.timeZone);
  if (paidOn > today) {
    return msg('field.paidInFuture', { today, timeZone: policy.timeZone });
  }
  const approvedOn = localDate(approvedAt, policy.timeZone);
  if (paidOn < approvedOn) {
    return msg('field.paidBeforeApproval', { approvedOn, timeZone: policy.timeZone });
  }
  return null;
}

export interface BundledVoucher {
  code: string;
  status: VoucherStatus;
  programId: string;
  deliveryCountry: string | null;
}

/**
 * "A payment request bundles one or more redeemed vouchers": the one status a voucher is paid
 * from, and the one that opens the payment registration ("after the first redemption").
 */
export const payableVoucherStatus: VoucherStatus = 'redeemed';

/** "A payment request bundles one or more redeemed vouchers": any other status is refused. */
export function assertRedeemed(voucher: Pick<BundledVoucher, 'code' | 'status'>): void {
  if (voucher.status !== payableVoucherStatus) {
    throw refusal('invalid-transition', 'voucher.notRedeemedForPayment', {
      code: voucher.code,
      status: voucher.status,
    });
  }
}

/**
 * "A payment request bundles one or more redeemed vouchers of one partner and one delivery
 * country": one program too, since rates and registrations are per program. Returns the shared
 * program and country.
 */
export function assertPayableBundle(vouchers: readonly BundledVoucher[]): {
  programId: string;
  deliveryCountry: string;
} {
  vouchers.forEach(assertRedeemed);
  const first = vouchers[0];
  if (!first || first.deliveryCountry === null) {
    throw refusal('policy-violation', 'payment.noVouchers');
  }
  for (const voucher of vouchers) {
    if (voucher.programId !== first.programId) {
      throw refusal('policy-violation', 'payment.oneProgram', { code: voucher.code, firstCode: first.code });
    }
    if (voucher.deliveryCountry !== first.deliveryCountry) {
      throw refusal('policy-violation', 'payment.oneCountry', {
        code: voucher.code,
        country: voucher.deliveryCountry ?? '—',
        firstCode: first.code,
        firstCountry: first.deliveryCountry ?? '—',
      });
    }
  }
  return { programId: first.programId, deliveryCountry: first.deliveryCountry };
}
