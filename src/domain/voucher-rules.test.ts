import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { saPlanningServicesPolicy, type ProgramPolicy } from './program-policy.js';
import {
  assertEngagementTypeActive,
  assertNotExpired,
  assertVoucherCanBeCreated,
  daysOutcomeAtEnd,
  voucherDeadlines,
  voucherExpiry,
  type VoucherCreationFacts,
} from './voucher-rules.js';

// Every expected instant is written by hand. Auckland: NZDT (+13) until 2021-04-04 03:00 and
// from 2021-09-26, NZST (+12) in between; 2020: NZDT until 2020-04-05, from 2020-09-27.
const utc: ProgramPolicy = saPlanningServicesPolicy;
const auckland: ProgramPolicy = { ...saPlanningServicesPolicy, timeZone: 'Pacific/Auckland' };

const at = (iso: string, deltaMs = 0): Date => new Date(new Date(iso).getTime() + deltaMs);

function refusal(run: () => unknown): DomainError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
}

describe('voucherExpiry (anchor + lifetime × 24 h + extensions)', () => {
  const cases: [why: string, policy: ProgramPolicy, createdAt: string, extension: number, expiry: string][] = [
    ['180 days after creation', utc, '2021-03-01T09:00:00.000Z', 0, '2021-08-28T09:00:00.000Z'],
    ['the 2020 precedent: +90 days', utc, '2020-03-15T00:00:00.000Z', 90, '2020-12-10T00:00:00.000Z'],
    ['a 30-day extension', utc, '2021-06-30T12:00:00.000Z', 30, '2022-01-26T12:00:00.000Z'],
    // 24-hour days, not calendar days: the instant is the same across Auckland's DST change.
    ['24-hour days across a DST change', auckland, '2021-03-01T09:00:00.000Z', 0, '2021-08-28T09:00:00.000Z'],
  ];
  it.each(cases)('%s: created %s, +%s days extension, expires %s', (_why, policy, createdAt, extension, expiry) => {
    expect(voucherExpiry(policy, new Date(createdAt), extension).toISOString()).toBe(expiry);
  });

  it('follows the program voucher lifetime', () => {
    expect(voucherExpiry({ ...utc, voucherLifetimeDays: 10 }, at('2021-03-01T00:00:00.000Z'), 0).toISOString()).toBe(
      '2021-03-11T00:00:00.000Z',
    );
  });
});

describe('assertNotExpired ("actions need now < expiry")', () => {
  const expiry = at('2021-08-28T09:00:00.000Z');
  it('allows the action 1 ms before the expiry instant', () => {
    expect(refusal(() => assertNotExpired(expiry, at('2021-08-28T09:00:00.000Z', -1), 'redeemVoucher'))).toBeNull();
  });
  it.each([0, 1])('refuses %s ms after the expiry instant with deadline-passed naming the expiry', (delta) => {
    const error = refusal(() => assertNotExpired(expiry, at('2021-08-28T09:00:00.000Z', delta), 'redeemVoucher'));
    expect(error?.code).toBe('deadline-passed');
    expect(error?.detail).toBe(
      'cannot redeem the voucher: the voucher expired at 2021-08-28T09:00:00.000Z (voucher expiry)',
    );
  });
});

describe('assertEngagementTypeActive (cloud types retired from 2020-02-01, program-local)', () => {
  const cloud = { name: 'Azure Deployment Planning', allowedLengths: [1, 3, 5, 10, 15], cloud: true };
  const onPremises = { ...cloud, name: 'Windows and Office Deployment Planning', cloud: false };
  const cases: [string, ProgramPolicy, string][] = [
    ['UTC', utc, '2020-02-01T00:00:00.000Z'],
    ['Pacific/Auckland', auckland, '2020-01-31T11:00:00.000Z'],
  ];
  describe.each(cases)('in %s', (_zone, policy, boundary) => {
    it(`allows a cloud type 1 ms before ${boundary}`, () => {
      expect(refusal(() => assertEngagementTypeActive(policy, cloud, at(boundary, -1), 'reserveVoucher'))).toBeNull();
    });
    it.each([0, 1])(`refuses a cloud type ${boundary} + %s ms with deadline-passed`, (delta) => {
      const error = refusal(() => assertEngagementTypeActive(policy, cloud, at(boundary, delta), 'reserveVoucher'));
      expect(error?.code).toBe('deadline-passed');
      expect(error?.detail).toBe(
        `cannot reserve the voucher: Azure Deployment Planning is a cloud engagement, retired from 2020-02-01 (program time zone ${policy.timeZone})`,
      );
    });
    it('never refuses a non-cloud type', () => {
      expect(
        refusal(() => assertEngagementTypeActive(policy, onPremises, at('2022-06-01T00:00:00.000Z'), 'reserveVoucher')),
      ).toBeNull();
    });
  });
});

describe('assertVoucherCanBeCreated', () => {
  const type = { name: 'Windows and Office Deployment Planning', allowedLengths: [15, 1, 5, 3, 10], cloud: false };
  const longOnly = { name: 'Data Estate Modernization', allowedLengths: [15, 5, 10], cloud: false };
  const valid: VoucherCreationFacts = {
    policy: utc,
    engagementType: type,
    days: 5,
    agreementActivated: true,
    balance: 40,
    otherFifteenDayVouchers: 0,
    exceptionReason: null,
    now: at('2021-03-01T09:00:00.000Z'),
  };
  const check = (overrides: Partial<VoucherCreationFacts>) =>
    refusal(() => assertVoucherCanBeCreated({ ...valid, ...overrides }));

  it('allows a voucher when every rule holds', () => {
    expect(check({})).toBeNull();
  });

  describe('the last day to create vouchers, 2021-06-30, program-local', () => {
    const cases: [string, ProgramPolicy, string][] = [
      ['UTC', utc, '2021-07-01T00:00:00.000Z'],
      ['Pacific/Auckland', auckland, '2021-06-30T12:00:00.000Z'],
    ];
    it.each(cases)('in %s allows 1 ms before %s and refuses at it and 1 ms after', (_zone, policy, boundary) => {
      expect(check({ policy, now: at(boundary, -1) })).toBeNull();
      for (const delta of [0, 1]) {
        const error = check({ policy, now: at(boundary, delta) });
        expect(error?.code).toBe('deadline-passed');
        expect(error?.detail).toBe(
          `vouchers can be created and assigned until 2021-06-30 (program time zone ${policy.timeZone})`,
        );
      }
    });
  });

  it('refuses a cloud type from 2020-02-01 with deadline-passed, and allows it 1 ms before', () => {
    const cloud = { ...type, name: 'Azure Deployment Planning', cloud: true };
    expect(check({ engagementType: cloud, now: at('2020-02-01T00:00:00.000Z', -1) })).toBeNull();
    const error = check({ engagementType: cloud, now: at('2020-02-01T00:00:00.000Z') });
    expect(error?.code).toBe('deadline-passed');
    expect(error?.detail).toContain(
      'cannot create a voucher: Azure Deployment Planning is a cloud engagement, retired from 2020-02-01',
    );
  });

  it('refuses before the benefit is activated with policy-violation', () => {
    const error = check({ agreementActivated: false });
    expect(error?.code).toBe('policy-violation');
    expect(error?.detail).toContain('not activated');
  });

  it.each([1, 2, 3, 4, 7])(
    'refuses %s days for a type allowing 5, 10, 15 with policy-violation naming the lengths',
    (days) => {
      const error = check({ engagementType: longOnly, days });
      expect(error?.code).toBe('policy-violation');
      expect(error?.detail).toBe(
        `${days} days is not an allowed length for Data Estate Modernization: allowed 5, 10, 15 days`,
      );
      expect(error?.extras.errors).toEqual([
        { path: 'body.days', message: 'length not allowed for this engagement type' },
      ]);
    },
  );

  it.each([5, 10, 15])('allows %s days for a type allowing 5, 10, 15', (days) => {
    expect(check({ engagementType: longOnly, days })).toBeNull();
  });

  describe('no second 15-day voucher of a type for a customer without a reason', () => {
    it('refuses a second one without exceptionReason with policy-violation', () => {
      const error = check({ days: 15, otherFifteenDayVouchers: 1 });
      expect(error?.code).toBe('policy-violation');
      expect(error?.detail).toContain('already has a 15-day Windows and Office Deployment Planning voucher');
      expect(error?.extras.errors?.[0]?.path).toBe('body.exceptionReason');
    });
    it('allows it with an exception reason', () => {
      expect(check({ days: 15, otherFifteenDayVouchers: 2, exceptionReason: 'Contoso Europe division' })).toBeNull();
    });
    it('allows the first 15-day voucher, and shorter ones beside a 15-day one', () => {
      expect(check({ days: 15, otherFifteenDayVouchers: 0 })).toBeNull();
      expect(check({ days: 10, otherFifteenDayVouchers: 1 })).toBeNull();
    });
  });

  it('allows a voucher taking the whole balance and refuses one day more with insufficient-days', () => {
    expect(check({ balance: 5, days: 5 })).toBeNull();
    const error = check({ balance: 4, days: 5 });
    expect(error?.code).toBe('insufficient-days');
    expect(error?.detail).toBe('the agreement has 4 planning days left; the voucher needs 5');
  });

  // When several rules fail, the first in this order is reported.
  const order: [why: string, overrides: Partial<VoucherCreationFacts>, code: string, detail: string][] = [
    [
      'the last voucher date before everything',
      { now: at('2021-07-01T00:00:00.000Z'), agreementActivated: false, days: 2, balance: 0 },
      'deadline-passed',
      'until 2021-06-30',
    ],
    [
      'the cloud retirement before activation',
      { now: at('2020-03-01T00:00:00.000Z'), engagementType: { ...type, cloud: true }, agreementActivated: false },
      'deadline-passed',
      'retired from 2020-02-01',
    ],
    [
      'activation before the length',
      { agreementActivated: false, days: 2, balance: 0 },
      'policy-violation',
      'not activated',
    ],
    ['the length before the balance', { days: 2, balance: 0 }, 'policy-violation', 'not an allowed length'],
    [
      'the second 15-day rule before the balance',
      { days: 15, otherFifteenDayVouchers: 1, balance: 0 },
      'policy-violation',
      'already has a 15-day',
    ],
    ['the balance last', { days: 15, balance: 14 }, 'insufficient-days', '14 planning days left'],
  ];
  it.each(order)('checks %s', (_why, overrides, code, detail) => {
    const error = check(overrides);
    expect(error?.code).toBe(code);
    expect(error?.detail).toContain(detail);
  });
});

describe('daysOutcomeAtEnd (return if the agreement is active and days not removed, else forfeit)', () => {
  const agreement = (endsOn: string, daysRemovedAt: string | null = null) => ({
    endsOn,
    daysRemovedAt: daysRemovedAt ? new Date(daysRemovedAt) : null,
  });
  const cases: [
    why: string,
    policy: ProgramPolicy,
    endsOn: string,
    removedAt: string | null,
    endedAt: string,
    outcome: 'return' | 'forfeit',
  ][] = [
    ['active on its last day (UTC)', utc, '2021-03-31', null, '2021-03-31T23:59:59.999Z', 'return'],
    ['ended the day before (UTC)', utc, '2021-03-31', null, '2021-04-01T00:00:00.000Z', 'forfeit'],
    ['active on its last day (Auckland, +13)', auckland, '2021-03-31', null, '2021-03-31T10:59:59.999Z', 'return'],
    ['ended the day before (Auckland, +13)', auckland, '2021-03-31', null, '2021-03-31T11:00:00.000Z', 'forfeit'],
    ['1 ms before the removal date (UTC)', utc, '2023-06-30', null, '2021-06-30T23:59:59.999Z', 'return'],
    ['at the removal date (UTC)', utc, '2023-06-30', null, '2021-07-01T00:00:00.000Z', 'forfeit'],
    ['1 ms after the removal date (UTC)', utc, '2023-06-30', null, '2021-07-01T00:00:00.001Z', 'forfeit'],
    [
      '1 ms before the removal date (Auckland, +12)',
      auckland,
      '2023-06-30',
      null,
      '2021-06-30T11:59:59.999Z',
      'return',
    ],
    ['at the removal date (Auckland, +12)', auckland, '2023-06-30', null, '2021-06-30T12:00:00.000Z', 'forfeit'],
    [
      '1 ms after the removal date (Auckland, +12)',
      auckland,
      '2023-06-30',
      null,
      '2021-06-30T12:00:00.001Z',
      'forfeit',
    ],
    [
      '1 ms before the agreement’s days were removed',
      utc,
      '2023-06-30',
      '2021-05-01T00:00:00.000Z',
      '2021-04-30T23:59:59.999Z',
      'return',
    ],
    [
      'at the instant the agreement’s days were removed',
      utc,
      '2023-06-30',
      '2021-05-01T00:00:00.000Z',
      '2021-05-01T00:00:00.000Z',
      'forfeit',
    ],
    ['ended and removed', utc, '2021-03-31', '2021-05-01T00:00:00.000Z', '2021-06-01T00:00:00.000Z', 'forfeit'],
  ];
  it.each(cases)('%s: %s', (_why, policy, endsOn, removedAt, endedAt, outcome) => {
    expect(daysOutcomeAtEnd(policy, agreement(endsOn, removedAt), new Date(endedAt))).toBe(outcome);
  });
});

describe('voucherDeadlines (each deadline with the rule that sets it)', () => {
  it('reserve and redeem by the voucher expiry when it comes before the last redemption day', () => {
    const d = voucherDeadlines(utc, { expiresAt: at('2021-08-28T09:00:00.000Z'), cloud: false, redeemedAt: null });
    expect(d.reserveBy).toEqual({
      before: at('2021-08-28T09:00:00.000Z'),
      lastDay: '2021-08-28',
      rule: 'voucher_expiry',
      label: '2021-08-28, voucher expiry',
    });
    expect(d.redeemBy).toEqual(d.reserveBy);
    expect(d.paymentBy).toBeNull();
  });

  it('gives the day before as the last day when the expiry is at local midnight', () => {
    const d = voucherDeadlines(utc, { expiresAt: at('2021-08-28T00:00:00.000Z'), cloud: false, redeemedAt: null });
    expect(d.redeemBy.lastDay).toBe('2021-08-27');
    const nz = voucherDeadlines(auckland, {
      expiresAt: at('2021-08-28T12:00:00.000Z'),
      cloud: false,
      redeemedAt: null,
    });
    expect(nz.redeemBy.lastDay).toBe('2021-08-28');
  });

  it.each([
    ['UTC', utc, '2022-01-02T00:00:00.000Z'],
    ['Pacific/Auckland', auckland, '2022-01-01T11:00:00.000Z'],
  ])(
    'in %s, redeem by 2022-01-01 (last redemption day, ends %s) when the voucher expires later',
    (_zone, policy, end) => {
      const d = voucherDeadlines(policy, { expiresAt: at('2022-01-26T12:00:00.000Z'), cloud: false, redeemedAt: null });
      expect(d.redeemBy).toEqual({
        before: at(end),
        lastDay: '2022-01-01',
        rule: 'last_redemption_day',
        label: '2022-01-01, last redemption day',
      });
      // Reservation is not bound by the last redemption day.
      expect(d.reserveBy.rule).toBe('voucher_expiry');
    },
  );

  it.each([
    ['UTC', utc, '2020-02-01T00:00:00.000Z'],
    ['Pacific/Auckland', auckland, '2020-01-31T11:00:00.000Z'],
  ])('in %s, reserve a cloud voucher by 2020-01-31 (cloud retirement from %s)', (_zone, policy, retiredFrom) => {
    const d = voucherDeadlines(policy, { expiresAt: at('2020-06-01T00:00:00.000Z'), cloud: true, redeemedAt: null });
    expect(d.reserveBy).toEqual({
      before: at(retiredFrom),
      lastDay: '2020-01-31',
      rule: 'cloud_retirement',
      label: '2020-01-31, cloud engagement retirement',
    });
    // Redemption of an already reserved cloud voucher is bound by its expiry only.
    expect(d.redeemBy.rule).toBe('voucher_expiry');
  });

  it('reserve a cloud voucher by its expiry when it expires before the retirement', () => {
    const d = voucherDeadlines(utc, { expiresAt: at('2019-12-28T00:00:00.000Z'), cloud: true, redeemedAt: null });
    expect(d.reserveBy).toMatchObject({ rule: 'voucher_expiry', lastDay: '2019-12-27' });
  });

  it.each([
    ['UTC', utc, '2021-03-22T10:00:00.000Z', '2021-05-21', '2021-05-22T00:00:00.000Z'],
    // 23:00 local on 2021-03-22 (NZDT): still the 22nd; due 2021-05-21, ending at NZST midnight.
    ['Auckland, late evening', auckland, '2021-03-22T10:00:00.000Z', '2021-05-21', '2021-05-21T12:00:00.000Z'],
    // 00:00 local on 2021-03-23: one day later.
    ['Auckland, at local midnight', auckland, '2021-03-22T11:00:00.000Z', '2021-05-22', '2021-05-22T12:00:00.000Z'],
  ])(
    'in %s, a redemption at %s is paid by %s (payment window: redemption date + 60)',
    (_zone, policy, redeemedAt, lastDay, before) => {
      const d = voucherDeadlines(policy, {
        expiresAt: at('2021-08-28T09:00:00.000Z'),
        cloud: false,
        redeemedAt: at(redeemedAt),
      });
      expect(d.paymentBy).toEqual({
        before: at(before),
        lastDay,
        rule: 'payment_window',
        label: `${lastDay}, payment window after redemption`,
      });
    },
  );
});
