import { render } from './messages.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  assertPayableBundle,
  assertPaymentTransition,
  assertWithinPaymentWindow,
  denialReasons,
  holdsVouchers,
  paidOnProblem,
  paymentReference,
  paymentRequestStatuses,
  paymentSla,
  type PaymentRequestEvent,
  type PaymentRequestStatus,
} from './payment-rules.js';
import { saPlanningServicesPolicy, type ProgramPolicy } from './program-policy.js';

const utc: ProgramPolicy = saPlanningServicesPolicy;
const auckland: ProgramPolicy = { ...saPlanningServicesPolicy, timeZone: 'Pacific/Auckland' };

const at = (iso: string, delta = 0): Date => new Date(new Date(iso).getTime() + delta);

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

describe('the payment request state machine', () => {
  const table: [PaymentRequestEvent, PaymentRequestStatus, PaymentRequestStatus | null][] = [
    ['approve', 'submitted', 'approved'],
    ['approve', 'approved', null],
    ['approve', 'paid', null],
    ['approve', 'denied', null],
    ['deny', 'submitted', 'denied'],
    ['deny', 'approved', null],
    ['deny', 'paid', null],
    ['deny', 'denied', null],
    ['pay', 'approved', 'paid'],
    ['pay', 'submitted', null],
    ['pay', 'paid', null],
    ['pay', 'denied', null],
  ];

  it.each(table)('%s from %s gives %s (null: refused with invalid-transition)', (event, from, to) => {
    if (to) {
      expect(assertPaymentTransition(event, from, 'PR-2021-000001')).toBe(to);
      return;
    }
    const error = refusal(() => assertPaymentTransition(event, from, 'PR-2021-000001'));
    expect(error?.code).toBe('invalid-transition');
    expect(error?.detail).toContain('PR-2021-000001');
    expect(error?.detail).toContain(`it is ${from}`);
  });

  it('releases the vouchers only of a denied request', () => {
    expect(paymentRequestStatuses.filter((s) => !holdsVouchers(s))).toEqual(['denied']);
  });

  it('lists the denial reasons of the program', () => {
    expect(denialReasons).toEqual([
      'missing_deliverable',
      'wrong_country',
      'length_limit',
      'partner_not_eligible',
      'other',
    ]);
  });
});

describe('the 60-day payment window', () => {
  const voucher = { code: 'PS-7KQ4-M2XD', paymentDueBy: '2021-04-30' };

  it.each([
    ['UTC', utc, '2021-04-30T23:59:59.999Z', true],
    ['UTC', utc, '2021-05-01T00:00:00.000Z', false],
    // 2021-05-01 00:00 in Auckland (NZST, +12) is 2021-04-30T12:00Z.
    ['Pacific/Auckland', auckland, '2021-04-30T11:59:59.999Z', true],
    ['Pacific/Auckland', auckland, '2021-04-30T12:00:00.000Z', false],
  ] as const)('in %s at %s accepts: %s', (_zone, policy, now, accepted) => {
    const error = refusal(() => assertWithinPaymentWindow(policy, voucher, at(now)));
    if (accepted) {
      expect(error).toBeNull();
      return;
    }
    expect(error?.code).toBe('deadline-passed');
    expect(error?.detail).toContain('PS-7KQ4-M2XD');
    expect(error?.detail).toContain('2021-04-30');
  });

  it('refuses a voucher that was never redeemed', () => {
    expect(
      refusal(() => assertWithinPaymentWindow(utc, { code: 'X', paymentDueBy: null }, at('2021-03-01T00:00:00Z')))
        ?.code,
    ).toBe('invalid-transition');
  });
});

describe('the payment SLA after approval', () => {
  const approvedAt = at('2021-03-01T09:00:00Z');

  it.each([
    ['29 days after approval', '2021-03-30T09:00:00.000Z', false],
    ['the last instant of the 30th day', '2021-03-31T23:59:59.999Z', false],
    ['the first instant of the 31st day', '2021-04-01T00:00:00.000Z', true],
  ])('an approved request %s is overdue: %s', (_label, now, overdue) => {
    expect(paymentSla(utc, { status: 'approved', approvedAt }, at(now))).toEqual({ payBy: '2021-03-31', overdue });
  });

  it('counts in the program zone', () => {
    // Approved 2021-03-01T11:30Z = 2021-03-02 00:30 in Auckland (NZDT, +13): pay by 2021-04-01 local.
    const sla = paymentSla(
      auckland,
      { status: 'approved', approvedAt: at('2021-03-01T11:30:00Z') },
      at('2021-04-01T10:59:59.999Z'),
    );
    expect(sla).toEqual({ payBy: '2021-04-01', overdue: false });
    // 2021-04-02 00:00 NZDT is 2021-04-01T11:00Z.
    expect(
      paymentSla(auckland, { status: 'approved', approvedAt: at('2021-03-01T11:30:00Z') }, at('2021-04-01T11:00:00Z'))
        .overdue,
    ).toBe(true);
  });

  it('never shows submitted, paid or denied requests as overdue', () => {
    const late = at('2022-01-01T00:00:00Z');
    expect(paymentSla(utc, { status: 'submitted', approvedAt: null }, late)).toEqual({ payBy: null, overdue: false });
    expect(paymentSla(utc, { status: 'paid', approvedAt }, late).overdue).toBe(false);
  });
});

describe('the payment date', () => {
  const approvedAt = at('2021-03-01T09:00:00Z');
  it.each([
    ['2021-02-28', 'before the approval', 'must not be before the approval on 2021-03-01'],
    ['2021-03-01', 'on the approval day', null],
    ['2021-03-10', 'today', null],
    ['2021-03-11', 'tomorrow', 'must not be in the future'],
  ])('%s (%s)', (paidOn, _label, problem) => {
    const result = paidOnProblem(utc, paidOn, approvedAt, at('2021-03-10T12:00:00Z'));
    if (problem === null) {
      expect(result).toBeNull();
    } else {
      expect(result && render(result, 'en')).toContain(problem);
    }
  });
});

describe('the bundle', () => {
  const us = { code: 'A', status: 'redeemed' as const, programId: 'p1', deliveryCountry: 'US' };

  it('accepts redeemed vouchers of one program and one delivery country', () => {
    expect(assertPayableBundle([us, { ...us, code: 'B' }])).toEqual({ programId: 'p1', deliveryCountry: 'US' });
  });

  it('refuses a voucher that is not redeemed with invalid-transition', () => {
    expect(refusal(() => assertPayableBundle([us, { ...us, code: 'B', status: 'completed' }]))?.detail).toContain(
      'voucher B is completed',
    );
  });

  it('refuses mixed delivery countries and programs with policy-violation', () => {
    const mixed = refusal(() => assertPayableBundle([us, { ...us, code: 'B', deliveryCountry: 'CA' }]));
    expect(mixed?.code).toBe('policy-violation');
    expect(mixed?.detail).toContain('one delivery country');
    expect(refusal(() => assertPayableBundle([us, { ...us, code: 'B', programId: 'p2' }]))?.code).toBe(
      'policy-violation',
    );
  });
});

describe('the reference', () => {
  it('is PR-<program-local year>-<number, six digits>', () => {
    expect(paymentReference(42, at('2021-12-31T23:00:00Z'), utc)).toBe('PR-2021-000042');
    // 2021-12-31T23:00Z is already 2022 in Auckland.
    expect(paymentReference(42, at('2021-12-31T23:00:00Z'), auckland)).toBe('PR-2022-000042');
    expect(paymentReference(1_234_567, at('2021-06-01T00:00:00Z'), utc)).toBe('PR-2021-1234567');
  });
});
