import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  availablePaymentRequestActions,
  decideApprove,
  decideDeny,
  decidePay,
  decidePaymentRequest,
  decideSubmit,
  type Caller,
  type PaymentRequestSnapshot,
  type PaymentRequestState,
  type SubmissionSnapshot,
  type SubmittedVoucher,
} from './payment-request-decisions.js';
import {
  paymentRequestActions,
  paymentRequestStatuses,
  paymentRequestTransitions,
  type PaymentRequestStatus,
} from './payment-rules.js';
import { saPlanningServicesPolicy, type ProgramPolicy } from './program-policy.js';
import type { Role } from './roles.js';

const utc: ProgramPolicy = saPlanningServicesPolicy;
const auckland: ProgramPolicy = { ...saPlanningServicesPolicy, timeZone: 'Pacific/Auckland' };
const at = (iso: string): Date => new Date(iso);

const partner = 'org-fabrikam';
const callers = {
  partnerAdmin: {
    userId: 'u-pa',
    organizationId: partner,
    organizationKind: 'partner',
    roles: ['global_admin', 'partner_admin'],
  },
  consultant: { userId: 'u-c', organizationId: partner, organizationKind: 'partner', roles: ['consultant'] },
  finance: { userId: 'u-f', organizationId: 'org-ops', organizationKind: 'operator', roles: ['finance'] },
  operatorAdmin: { userId: 'u-o', organizationId: 'org-ops', organizationKind: 'operator', roles: ['operator_admin'] },
  benefitAdmin: { userId: 'u-b', organizationId: 'org-nw', organizationKind: 'customer', roles: ['benefit_admin'] },
} satisfies Record<string, Caller>;

function refusal(action: () => unknown): DomainError | null {
  try {
    action();
    return null;
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
}

function requestIn(status: PaymentRequestStatus, overrides: Partial<PaymentRequestState> = {}): PaymentRequestSnapshot {
  const approvedAt = status === 'approved' || status === 'paid' ? at('2021-03-02T10:00:00Z') : null;
  return {
    policy: utc,
    vouchers: [{ voucherId: 'v1', code: 'PS-AAAA-BBBB', days: 5, amountMinor: 500_000 }],
    request: {
      id: 'pr-1',
      number: 42,
      reference: 'PR-2021-000042',
      partnerId: partner,
      programId: 'program-1',
      deliveryCountry: 'US',
      status,
      version: 3,
      invoiceNumber: 'INV-1',
      invoiceDate: '2021-03-01',
      totalMinor: 500_000,
      currency: 'USD',
      createdAt: at('2021-03-01T09:00:00Z'),
      submittedBy: 'u-pa',
      approvedAt,
      approvedBy: approvedAt ? 'u-f' : null,
      deniedAt: null,
      deniedBy: null,
      denialReason: null,
      denialDetail: null,
      paidAt: null,
      paidOn: null,
      paymentReference: null,
      ...overrides,
    },
  };
}

describe('finance decisions', () => {
  const now = at('2021-03-05T12:00:00Z');

  it('approves a submitted request: the next version, the approval, one audit record, one event', () => {
    const snapshot = requestIn('submitted');
    const decision = decideApprove(snapshot, { caller: callers.finance }, now);
    expect(decision.changes).toEqual({ status: 'approved', version: 4, approvedAt: now, approvedBy: 'u-f' });
    expect(decision.after).toEqual({ ...snapshot.request, ...decision.changes });
    expect(decision.releasesVouchers).toBe(false);
    expect(decision.audit).toEqual({
      at: now,
      actorId: 'u-f',
      organizationIds: [partner],
      action: 'payment-request.approved',
      entityType: 'payment-request',
      entityId: 'pr-1',
      before: snapshot.request,
      after: decision.after,
    });
    expect(decision.events).toEqual([
      {
        type: 'payment_request.approved',
        entityType: 'payment_request',
        entityId: 'pr-1',
        programId: 'program-1',
        organizationIds: [partner],
        actorId: 'u-f',
        at: now,
        data: {
          paymentRequestId: 'pr-1',
          reference: 'PR-2021-000042',
          status: 'approved',
          partnerOrganizationId: partner,
          voucherIds: ['v1'],
          total: { amountMinor: 500_000, currency: 'USD' },
        },
      },
    ]);
  });

  it('denies with the reason, frees the vouchers, and says why in the event', () => {
    const decision = decideDeny(
      requestIn('submitted'),
      { caller: callers.finance, reason: 'wrong_country', detail: 'invoiced from CA' },
      now,
    );
    expect(decision.changes).toMatchObject({ status: 'denied', denialReason: 'wrong_country', deniedBy: 'u-f' });
    expect(decision.releasesVouchers).toBe(true);
    expect(decision.events[0]).toMatchObject({
      type: 'payment_request.denied',
      data: { status: 'denied', reason: 'wrong_country', detail: 'invoiced from CA' },
    });
  });

  it('pays an approved request with its reference and date', () => {
    const decision = decidePay(
      requestIn('approved'),
      { caller: callers.finance, paymentReference: 'ACH-1', paidOn: '2021-03-05' },
      now,
    );
    expect(decision.changes).toEqual({
      status: 'paid',
      version: 4,
      paidAt: now,
      paidOn: '2021-03-05',
      paymentReference: 'ACH-1',
    });
    expect(decision.events[0]).toMatchObject({
      type: 'payment_request.paid',
      data: { status: 'paid', paymentReference: 'ACH-1', paidOn: '2021-03-05' },
    });
  });

  it('refuses a payment date after today or before the approval day with validation-failed', () => {
    const pay = (paidOn: string) =>
      refusal(() => decidePay(requestIn('approved'), { caller: callers.finance, paymentReference: 'A', paidOn }, now));
    expect(pay('2021-03-06')?.extras.errors?.[0]?.path).toBe('body.paidOn');
    expect(pay('2021-03-01')?.code).toBe('validation-failed');
    expect(pay('2021-03-02')).toBeNull();
  });

  it('refuses every role but finance with forbidden, before the status', () => {
    for (const caller of [callers.partnerAdmin, callers.operatorAdmin, callers.consultant, callers.benefitAdmin]) {
      expect(refusal(() => decideApprove(requestIn('paid'), { caller }, now))?.code).toBe('forbidden');
    }
  });

  it('is exhaustive over the table: each action from each status is accepted exactly when the table says so', () => {
    const commands = {
      approve: { action: 'approve', caller: callers.finance },
      deny: { action: 'deny', caller: callers.finance, reason: 'other', detail: 'x' },
      pay: { action: 'pay', caller: callers.finance, paymentReference: 'A', paidOn: '2021-03-05' },
    } as const;
    for (const action of paymentRequestActions) {
      for (const status of paymentRequestStatuses) {
        const error = refusal(() => decidePaymentRequest(requestIn(status), commands[action], now));
        const allowed = paymentRequestTransitions[action].from.includes(status);
        expect(error?.code ?? 'accepted', `${action} from ${status}`).toBe(allowed ? 'accepted' : 'invalid-transition');
      }
    }
  });
});

describe('availableActions: the same guards as the decisions', () => {
  const now = at('2021-03-05T12:00:00Z');
  const roles: Role[][] = [['finance'], ['operator_admin'], ['global_admin', 'partner_admin'], ['consultant']];

  it.each(paymentRequestStatuses)('lists, in %s, exactly the actions the decision accepts, for each role', (status) => {
    for (const callerRoles of roles) {
      const caller: Caller = { ...callers.finance, roles: callerRoles };
      const listed = availablePaymentRequestActions(requestIn(status), caller);
      const accepted = paymentRequestActions.filter(
        (action) =>
          refusal(() =>
            decidePaymentRequest(
              requestIn(status),
              action === 'approve'
                ? { action, caller }
                : action === 'deny'
                  ? { action, caller, reason: 'other', detail: 'x' }
                  : { action, caller, paymentReference: 'A', paidOn: '2021-03-05' },
              now,
            ),
          ) === null,
      );
      expect(listed, `${status} as ${callerRoles.join('+')}`).toEqual(accepted);
    }
  });

  it('offers finance approve and deny on a submitted request, pay on an approved one, nothing after', () => {
    expect(availablePaymentRequestActions(requestIn('submitted'), callers.finance)).toEqual(['approve', 'deny']);
    expect(availablePaymentRequestActions(requestIn('approved'), callers.finance)).toEqual(['pay']);
    expect(availablePaymentRequestActions(requestIn('paid'), callers.finance)).toEqual([]);
    expect(availablePaymentRequestActions(requestIn('denied'), callers.finance)).toEqual([]);
  });

  it('throws a bug in a check with its stack trace, though the refusals are made without one', () => {
    // A snapshot without its request: reading its status is a TypeError, not a refusal.
    const broken = { ...requestIn('submitted'), request: undefined } as unknown as ReturnType<typeof requestIn>;
    let thrown: unknown;
    try {
      availablePaymentRequestActions(broken, callers.finance);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  it('offers the partner admin and the operator admin nothing (issue 12, M1)', () => {
    for (const status of paymentRequestStatuses) {
      expect(availablePaymentRequestActions(requestIn(status), callers.partnerAdmin)).toEqual([]);
      expect(availablePaymentRequestActions(requestIn(status), callers.operatorAdmin)).toEqual([]);
    }
  });
});

function redeemed(overrides: Partial<SubmittedVoucher> = {}): SubmittedVoucher {
  return {
    id: 'v-5',
    code: 'PS-5555-5555',
    status: 'redeemed',
    programId: 'program-1',
    deliveryCountry: 'US',
    days: 5,
    paymentDueBy: '2021-04-30',
    liveRequestReference: null,
    program: {
      name: 'Software Assurance Planning Services',
      policy: utc,
      registered: true,
      dailyRate: { amountMinor: 100_000, currency: 'USD' },
    },
    ...overrides,
  };
}

const submission = (vouchers: SubmittedVoucher[]): SubmissionSnapshot => ({ vouchers, id: 'pr-new', number: 7 });
const input = { caller: callers.partnerAdmin, invoiceNumber: 'INV-9', invoiceDate: '2021-03-01' };

describe('the submission', () => {
  it('bundles, totals Σ days × rate, issues the reference, and returns one audit record and one event', () => {
    const now = at('2021-03-10T08:00:00Z');
    const three = redeemed({ id: 'v-3', code: 'PS-3333-3333', days: 3 });
    const decision = decideSubmit(submission([redeemed(), three]), input, now);
    expect(decision.request).toMatchObject({
      id: 'pr-new',
      number: 7,
      reference: 'PR-2021-000007',
      status: 'submitted',
      version: 1,
      partnerId: partner,
      totalMinor: 800_000,
      currency: 'USD',
      createdAt: now,
      submittedBy: 'u-pa',
    });
    // In voucher code order.
    expect(decision.vouchers).toEqual([
      { voucherId: 'v-3', code: 'PS-3333-3333', days: 3, amountMinor: 300_000 },
      { voucherId: 'v-5', code: 'PS-5555-5555', days: 5, amountMinor: 500_000 },
    ]);
    expect(decision.audit).toMatchObject({ action: 'payment-request.submitted', before: null, actorId: 'u-pa' });
    expect(decision.audit.after).toEqual({ ...decision.request, vouchers: decision.vouchers });
    expect(decision.events).toEqual([
      {
        type: 'payment_request.submitted',
        entityType: 'payment_request',
        entityId: 'pr-new',
        programId: 'program-1',
        organizationIds: [partner],
        actorId: 'u-pa',
        at: now,
        data: {
          paymentRequestId: 'pr-new',
          reference: 'PR-2021-000007',
          status: 'submitted',
          partnerOrganizationId: partner,
          voucherIds: ['v-3', 'v-5'],
          total: { amountMinor: 800_000, currency: 'USD' },
        },
      },
    ]);
  });

  // "Partner will have 60 days after redemption": redeemed 2021-03-01, last day 2021-04-30.
  it.each([
    ['UTC', utc, 'the day before the last day', '2021-04-29T12:00:00.000Z', null],
    ['UTC', utc, 'the last instant of the last day', '2021-04-30T23:59:59.999Z', null],
    ['UTC', utc, 'the first instant after it', '2021-05-01T00:00:00.000Z', 'deadline-passed'],
    // 2021-05-01 00:00 in Auckland (NZST, +12) is 2021-04-30T12:00Z.
    ['Pacific/Auckland', auckland, 'the last instant of the last day', '2021-04-30T11:59:59.999Z', null],
    ['Pacific/Auckland', auckland, 'the first instant after it', '2021-04-30T12:00:00.000Z', 'deadline-passed'],
  ] as const)('in %s, %s (%s): %s', (_zone, policy, _label, now, code) => {
    const voucher = redeemed({ program: { ...redeemed().program, policy } });
    const error = refusal(() => decideSubmit(submission([voucher]), { ...input, invoiceDate: '2021-03-01' }, at(now)));
    expect(error?.code ?? null).toBe(code);
    if (code) {
      expect(error?.detail).toContain('PS-5555-5555');
      expect(error?.detail).toContain('2021-04-30');
    }
  });

  it.each([
    ['a voucher that is not redeemed', [redeemed({ status: 'completed', paymentDueBy: null })], 'invalid-transition'],
    ['a voucher in a live request', [redeemed({ liveRequestReference: 'PR-2021-000001' })], 'invalid-transition'],
    [
      'two delivery countries',
      [redeemed(), redeemed({ id: 'v-ca', code: 'PS-CA', deliveryCountry: 'CA' })],
      'policy-violation',
    ],
    [
      'no payment registration',
      [redeemed({ program: { ...redeemed().program, registered: false } })],
      'policy-violation',
    ],
    [
      'no rate in the delivery country',
      [redeemed({ program: { ...redeemed().program, dailyRate: null } })],
      'policy-violation',
    ],
  ])('refuses %s', (_label, vouchers, code) => {
    expect(refusal(() => decideSubmit(submission(vouchers), input, at('2021-03-10T08:00:00Z')))?.code).toBe(code);
  });

  it('names the request that holds a voucher', () => {
    const error = refusal(() =>
      decideSubmit(
        submission([redeemed({ liveRequestReference: 'PR-2021-000001' })]),
        input,
        at('2021-03-10T08:00:00Z'),
      ),
    );
    expect(error?.detail).toContain('PR-2021-000001');
  });

  it('refuses an invoice dated after the program-local today, and accepts today', () => {
    const now = at('2021-03-10T08:00:00Z');
    expect(
      refusal(() => decideSubmit(submission([redeemed()]), { ...input, invoiceDate: '2021-03-11' }, now))?.code,
    ).toBe('validation-failed');
    expect(
      refusal(() => decideSubmit(submission([redeemed()]), { ...input, invoiceDate: '2021-03-10' }, now)),
    ).toBeNull();
  });

  it('refuses callers without a partner admin role with forbidden', () => {
    for (const caller of [callers.consultant, callers.finance, callers.operatorAdmin, callers.benefitAdmin]) {
      expect(
        refusal(() => decideSubmit(submission([redeemed()]), { ...input, caller }, at('2021-03-10T08:00:00Z')))?.code,
      ).toBe('forbidden');
    }
  });
});
