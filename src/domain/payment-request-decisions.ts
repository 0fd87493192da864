/**
 * One pure decision per payment-request event (submit, approve, deny, pay): given the snapshot
 * the use case loaded, the input and `now`, each returns what changes, the audit record and the
 * domain events, or throws the refusal. The transition table in payment-rules.ts is the one
 * source of truth for statuses and roles; `availablePaymentRequestActions` asks the same
 * guards, so an action is listed if and only if the server would accept it now.
 */
import { localDate } from './calendar-dates.js';
import { DomainError, fieldError, refusal, withoutStackTraces } from './errors.js';
import { render } from './messages.js';
import type { DomainEvent, PaymentRequestEventData } from './events.js';
import { paymentTotal, type Money } from './money.js';
import {
  assertPayableBundle,
  assertWithinPaymentWindow,
  paidOnProblem,
  paymentReference,
  paymentRequestActions,
  paymentRequestTransitions,
  paymentTransitionRefusal,
  type BundledVoucher,
  type DenialReason,
  type PaymentRequestAction,
  type PaymentRequestEvent,
  type PaymentRequestStatus,
} from './payment-rules.js';
import type { ProgramPolicy } from './program-policy.js';
import type { OrganizationKind, Role } from './roles.js';

/** A payment request as stored. */
export interface PaymentRequestState {
  id: string;
  number: number;
  reference: string;
  partnerId: string;
  programId: string;
  deliveryCountry: string;
  status: PaymentRequestStatus;
  version: number;
  invoiceNumber: string;
  invoiceDate: string;
  totalMinor: number;
  currency: string;
  createdAt: Date;
  submittedBy: string;
  approvedAt: Date | null;
  approvedBy: string | null;
  deniedAt: Date | null;
  deniedBy: string | null;
  denialReason: DenialReason | null;
  denialDetail: string | null;
  paidAt: Date | null;
  paidOn: string | null;
  paymentReference: string | null;
}

/** One voucher of a request: its days and their amount at the rate of submission. */
export interface PaymentRequestLine {
  voucherId: string;
  code: string;
  days: number;
  amountMinor: number;
}

/** What a finance decision needs: the request, its vouchers and its program's policy. */
export interface PaymentRequestSnapshot {
  request: PaymentRequestState;
  vouchers: readonly PaymentRequestLine[];
  policy: ProgramPolicy;
}

/** Who acts: the domain's view of the authenticated caller. */
export interface Caller {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: readonly Role[];
}

/** Domain invariant 5: the one audit record of the change. */
export interface PaymentRequestAuditRecord {
  at: Date;
  actorId: string;
  organizationIds: string[];
  action: `payment-request.${'submitted' | 'approved' | 'denied' | 'paid'}`;
  entityType: 'payment-request';
  entityId: string;
  before: PaymentRequestState | null;
  after: PaymentRequestState | (PaymentRequestState & { vouchers: PaymentRequestLine[] });
}

/** A finance decision: the changed fields (status and version included) and what they cause. */
export interface PaymentRequestDecision {
  changes: Partial<PaymentRequestState> & Pick<PaymentRequestState, 'status' | 'version'>;
  after: PaymentRequestState;
  /** "A denied request's vouchers may go into a new request": they stop being live. */
  releasesVouchers: boolean;
  audit: PaymentRequestAuditRecord;
  events: DomainEvent[];
}

function hasAnyRole(caller: Caller, wanted: readonly Role[]): boolean {
  return wanted.some((role) => caller.roles.includes(role));
}

/** The `forbidden` refusal when the caller holds none of the event's roles, else null. */
export function paymentRoleRefusal(event: PaymentRequestEvent, caller: Caller): DomainError | null {
  const { roles } = paymentRequestTransitions[event];
  return hasAnyRole(caller, roles) ? null : refusal('forbidden', 'access.needsRole', { roles });
}

/**
 * Why `action` on this request would be refused now, or null when it would be accepted (its
 * input aside: a denial's reason, a payment's date). The guard of every finance decision and
 * of `availableActions`.
 */
export function paymentActionRefusal(
  action: PaymentRequestAction,
  snapshot: PaymentRequestSnapshot,
  caller: Caller,
): DomainError | null {
  return (
    paymentRoleRefusal(action, caller) ??
    paymentTransitionRefusal(action, snapshot.request.status, snapshot.request.reference)
  );
}

/** The actions the caller may take on the request now, in the table's order (api.md). */
export function availablePaymentRequestActions(
  snapshot: PaymentRequestSnapshot,
  caller: Caller,
): PaymentRequestAction[] {
  const available = () =>
    paymentRequestActions.filter((action) => paymentActionRefusal(action, snapshot, caller) === null);
  // The refusals are only tested for, so they are made without stacks (withoutStackTraces says
  // why). The checks return refusals rather than throw them: anything thrown is a bug, and the
  // pure filter runs again with stacks on, so that the bug reaches the log with its trace.
  try {
    return withoutStackTraces(available);
  } catch {
    return available();
  }
}

function eventData(request: PaymentRequestState, vouchers: readonly PaymentRequestLine[]): PaymentRequestEventData {
  return {
    paymentRequestId: request.id,
    reference: request.reference,
    status: request.status,
    partnerOrganizationId: request.partnerId,
    voucherIds: vouchers.map((v) => v.voucherId),
    total: { amountMinor: request.totalMinor, currency: request.currency },
  };
}

/** A payment-request event: readable by its partner (customers take no part in payment). */
function paymentRequestEvent(
  type: 'payment_request.submitted' | 'payment_request.approved' | 'payment_request.denied' | 'payment_request.paid',
  request: PaymentRequestState,
  vouchers: readonly PaymentRequestLine[],
  actorId: string,
  at: Date,
  additions: Readonly<Record<string, unknown>> = {},
): DomainEvent {
  return {
    type,
    entityType: 'payment_request',
    entityId: request.id,
    programId: request.programId,
    organizationIds: [request.partnerId],
    actorId,
    at,
    data: { ...eventData(request, vouchers), ...additions },
  };
}

/** Applies a finance decision whose guard passed: the next version, the audit record, the event. */
function financeDecision(
  snapshot: PaymentRequestSnapshot,
  caller: Caller,
  now: Date,
  event: 'approve' | 'deny' | 'pay',
  set: Partial<PaymentRequestState>,
  additions: Readonly<Record<string, unknown>> = {},
): PaymentRequestDecision {
  const { request, vouchers } = snapshot;
  const past = ({ approve: 'approved', deny: 'denied', pay: 'paid' } as const)[event];
  const changes = { ...set, status: paymentRequestTransitions[event].to, version: request.version + 1 };
  const after: PaymentRequestState = { ...request, ...changes };
  return {
    changes,
    after,
    releasesVouchers: event === 'deny',
    audit: {
      at: now,
      actorId: caller.userId,
      organizationIds: [request.partnerId],
      action: `payment-request.${past}`,
      entityType: 'payment-request',
      entityId: request.id,
      before: request,
      after,
    },
    events: [paymentRequestEvent(`payment_request.${past}`, after, vouchers, caller.userId, now, additions)],
  };
}

function guard(action: PaymentRequestAction, snapshot: PaymentRequestSnapshot, caller: Caller): void {
  const refusal = paymentActionRefusal(action, snapshot, caller);
  if (refusal) {
    throw refusal;
  }
}

/** Finance approves a submitted request; the payment SLA (30 days) runs from now. */
export function decideApprove(
  snapshot: PaymentRequestSnapshot,
  input: { caller: Caller },
  now: Date,
): PaymentRequestDecision {
  guard('approve', snapshot, input.caller);
  return financeDecision(snapshot, input.caller, now, 'approve', { approvedAt: now, approvedBy: input.caller.userId });
}

/** Finance denies a submitted request with a reason from the program's list; its vouchers are freed. */
export function decideDeny(
  snapshot: PaymentRequestSnapshot,
  input: { caller: Caller; reason: DenialReason; detail: string },
  now: Date,
): PaymentRequestDecision {
  guard('deny', snapshot, input.caller);
  return financeDecision(
    snapshot,
    input.caller,
    now,
    'deny',
    { deniedAt: now, deniedBy: input.caller.userId, denialReason: input.reason, denialDetail: input.detail },
    { reason: input.reason, detail: input.detail },
  );
}

/**
 * Finance marks an approved request paid, with the payment reference and date: not in the
 * future and not before the approval, both program-local (`validation-failed`).
 */
export function decidePay(
  snapshot: PaymentRequestSnapshot,
  input: { caller: Caller; paymentReference: string; paidOn: string },
  now: Date,
): PaymentRequestDecision {
  guard('pay', snapshot, input.caller);
  // An approved request always has its approval instant (approve sets both at once).
  const approvedAt = snapshot.request.approvedAt ?? now;
  const problem = paidOnProblem(snapshot.policy, input.paidOn, approvedAt, now);
  if (problem) {
    throw new DomainError(
      'validation-failed',
      {
        key: 'payment.paidOn',
        params: { paidOn: input.paidOn, ...problem.params, problem: render(problem, 'en') },
        parts: { problem: [problem] },
      },
      { errors: [fieldError('body.paidOn', problem.key, problem.params)] },
    );
  }
  return financeDecision(
    snapshot,
    input.caller,
    now,
    'pay',
    { paidAt: now, paidOn: input.paidOn, paymentReference: input.paymentReference },
    { paymentReference: input.paymentReference, paidOn: input.paidOn },
  );
}

export type FinanceCommand =
  | { action: 'approve'; caller: Caller }
  | { action: 'deny'; caller: Caller; reason: DenialReason; detail: string }
  | { action: 'pay'; caller: Caller; paymentReference: string; paidOn: string };

/** Every finance decision by its action: exhaustive over the table's actions. */
export function decidePaymentRequest(
  snapshot: PaymentRequestSnapshot,
  command: FinanceCommand,
  now: Date,
): PaymentRequestDecision {
  switch (command.action) {
    case 'approve':
      return decideApprove(snapshot, command, now);
    case 'deny':
      return decideDeny(snapshot, command, now);
    case 'pay':
      return decidePay(snapshot, command, now);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown payment request action ${String(unreachable)}`);
    }
  }
}

/** What a program offers the request's vouchers: its policy, the registration and the rate. */
export interface ProgramTerms {
  name: string;
  policy: ProgramPolicy;
  /** The caller's partner registered for payments in this program. */
  registered: boolean;
  /** The program's daily rate in the voucher's delivery country, if it has one. */
  dailyRate: Money | null;
}

/** A voucher asked for in a submission, already known to be the caller's partner's. */
export interface SubmittedVoucher extends BundledVoucher {
  id: string;
  days: number;
  /** Last program-local day to submit its payment request; null when not redeemed. */
  paymentDueBy: string | null;
  /** The reference of the live request that already holds it, if any. */
  liveRequestReference: string | null;
  program: ProgramTerms;
}

export interface SubmissionSnapshot {
  vouchers: readonly SubmittedVoucher[];
  /** The new request's id and serial number, drawn by the use case (I/O stays out of here). */
  id: string;
  number: number;
}

export interface SubmissionInput {
  caller: Caller;
  invoiceNumber: string;
  invoiceDate: string;
}

export interface SubmissionDecision {
  request: PaymentRequestState;
  /** In voucher code order. */
  vouchers: PaymentRequestLine[];
  audit: PaymentRequestAuditRecord;
  events: DomainEvent[];
}

/**
 * Submit a payment request (seed step 8): redeemed vouchers of one program and one delivery
 * country, each within its 60-day window, none in another live request; the partner registered
 * for payments in the program; total = Σ days × the delivery country's daily rate ("engagements
 * must be billed at the rate where the services are performed"). The reference is issued here.
 */
export function decideSubmit(snapshot: SubmissionSnapshot, input: SubmissionInput, now: Date): SubmissionDecision {
  const { caller } = input;
  const roleRefusal = paymentRoleRefusal('submit', caller);
  if (roleRefusal) {
    throw roleRefusal;
  }
  const bundle = [...snapshot.vouchers].sort((a, b) => a.code.localeCompare(b.code));
  const { programId, deliveryCountry } = assertPayableBundle(bundle);
  const program = bundle[0]!.program;
  const { policy } = program;
  const today = localDate(now, policy.timeZone);
  if (input.invoiceDate > today) {
    throw refusal(
      'validation-failed',
      'payment.invoiceInFuture',
      { invoiceDate: input.invoiceDate, today },
      { errors: [fieldError('body.invoiceDate', 'field.notInFuture')] },
    );
  }
  if (!program.registered) {
    throw refusal('policy-violation', 'payment.notRegistered', { program: program.name });
  }
  for (const voucher of bundle) {
    assertWithinPaymentWindow(policy, voucher, now);
  }
  const held = bundle.find((v) => v.liveRequestReference !== null);
  if (held) {
    throw refusal('invalid-transition', 'payment.alreadyInRequest', {
      code: held.code,
      reference: held.liveRequestReference ?? '',
    });
  }
  const dailyRate = program.dailyRate;
  if (!dailyRate) {
    throw refusal('policy-violation', 'payment.noRate', { program: program.name, country: deliveryCountry });
  }
  const total = paymentTotal(
    bundle.map((v) => v.days),
    dailyRate,
  );
  const request: PaymentRequestState = {
    id: snapshot.id,
    number: snapshot.number,
    reference: paymentReference(snapshot.number, now, policy),
    partnerId: caller.organizationId,
    programId,
    deliveryCountry,
    status: paymentRequestTransitions.submit.to,
    version: 1,
    invoiceNumber: input.invoiceNumber,
    invoiceDate: input.invoiceDate,
    totalMinor: total.amountMinor,
    currency: total.currency,
    createdAt: now,
    submittedBy: caller.userId,
    approvedAt: null,
    approvedBy: null,
    deniedAt: null,
    deniedBy: null,
    denialReason: null,
    denialDetail: null,
    paidAt: null,
    paidOn: null,
    paymentReference: null,
  };
  const vouchers = bundle.map((v) => ({
    voucherId: v.id,
    code: v.code,
    days: v.days,
    amountMinor: paymentTotal([v.days], dailyRate).amountMinor,
  }));
  return {
    request,
    vouchers,
    audit: {
      at: now,
      actorId: caller.userId,
      organizationIds: [caller.organizationId],
      action: 'payment-request.submitted',
      entityType: 'payment-request',
      entityId: request.id,
      before: null,
      after: { ...request, vouchers },
    },
    events: [paymentRequestEvent('payment_request.submitted', request, vouchers, caller.userId, now)],
  };
}
