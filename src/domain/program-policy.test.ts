import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../../test/support/app.js';
import { DomainError } from './errors.js';
import {
  assertAccrualAllowed,
  assertRedemptionDayAllowed,
  assertTrainingConversionAllowed,
  assertVoucherCreationAllowed,
  calendarProblems,
  haveRemainingDaysBeenRemoved,
  isCloudRetired,
  paymentDueBy,
  saPlanningServicesPolicy,
  type ProgramPolicy,
} from './program-policy.js';

const utc: ProgramPolicy = saPlanningServicesPolicy;
const auckland: ProgramPolicy = { ...saPlanningServicesPolicy, timeZone: 'Pacific/Auckland' };

const at = (iso: string, delta: number): Date => new Date(new Date(iso).getTime() + delta);

/** The refusal a rule throws at `now`, or null when it allows the action. */
function refusal(
  rule: (policy: ProgramPolicy, now: Date) => void,
  policy: ProgramPolicy,
  now: Date,
): DomainError | null {
  try {
    rule(policy, now);
    return null;
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
}

describe('the seeded Software Assurance Planning Services policy', () => {
  it('carries exactly the seed document calendar, lifetime 180, payment window 60, zone UTC', () => {
    expect(saPlanningServicesPolicy).toMatchObject({
      name: 'Software Assurance Planning Services',
      timeZone: 'UTC',
      voucherLifetimeDays: 180,
      paymentWindowDays: 60,
    });
    expect(saPlanningServicesPolicy.calendar).toStrictEqual({
      cloudRetirementDate: '2020-02-01',
      trainingConversionEndDate: '2020-02-01',
      accrualEndDate: '2021-02-01',
      lastVoucherDate: '2021-06-30',
      daysRemovalDate: '2021-07-01',
      lastRedemptionDate: '2022-01-01',
    });
  });

  it('respects the calendar order every program must follow', () => {
    expect(calendarProblems(saPlanningServicesPolicy.calendar)).toEqual([]);
  });
});

// Boundaries written by hand: UTC midnight, and Auckland midnight at +13 (NZDT, Oct–Apr) or
// +12 (NZST, Apr–Sep).
interface AssertCase {
  rule: string;
  assert: (policy: ProgramPolicy, now: Date) => void;
  policy: ProgramPolicy;
  /** The first refused instant. */
  boundary: string;
  detail: string;
}

const assertCases: AssertCase[] = [
  {
    rule: 'assertAccrualAllowed',
    assert: assertAccrualAllowed,
    policy: utc,
    boundary: '2021-02-01T00:00:00.000Z',
    detail: 'days can no longer be accrued from 2021-02-01 (program time zone UTC)',
  },
  {
    rule: 'assertAccrualAllowed',
    assert: assertAccrualAllowed,
    policy: auckland,
    boundary: '2021-01-31T11:00:00.000Z',
    detail: 'days can no longer be accrued from 2021-02-01 (program time zone Pacific/Auckland)',
  },
  {
    rule: 'assertTrainingConversionAllowed',
    assert: assertTrainingConversionAllowed,
    policy: utc,
    boundary: '2020-02-01T00:00:00.000Z',
    detail: 'training days can no longer be converted from 2020-02-01 (program time zone UTC)',
  },
  {
    rule: 'assertTrainingConversionAllowed',
    assert: assertTrainingConversionAllowed,
    policy: auckland,
    boundary: '2020-01-31T11:00:00.000Z',
    detail: 'training days can no longer be converted from 2020-02-01 (program time zone Pacific/Auckland)',
  },
  {
    rule: 'assertVoucherCreationAllowed',
    assert: assertVoucherCreationAllowed,
    policy: utc,
    boundary: '2021-07-01T00:00:00.000Z',
    detail: 'vouchers can be created and assigned until 2021-06-30 (program time zone UTC)',
  },
  {
    rule: 'assertVoucherCreationAllowed',
    assert: assertVoucherCreationAllowed,
    policy: auckland,
    boundary: '2021-06-30T12:00:00.000Z',
    detail: 'vouchers can be created and assigned until 2021-06-30 (program time zone Pacific/Auckland)',
  },
  {
    rule: 'assertRedemptionDayAllowed',
    assert: assertRedemptionDayAllowed,
    policy: utc,
    boundary: '2022-01-02T00:00:00.000Z',
    detail: 'vouchers can be redeemed until 2022-01-01, the last redemption day (program time zone UTC)',
  },
  {
    rule: 'assertRedemptionDayAllowed',
    assert: assertRedemptionDayAllowed,
    policy: auckland,
    boundary: '2022-01-01T11:00:00.000Z',
    detail: 'vouchers can be redeemed until 2022-01-01, the last redemption day (program time zone Pacific/Auckland)',
  },
];

describe.each(assertCases)('$rule in $policy.timeZone (first refused instant $boundary)', (c) => {
  it('allows the action 1 ms before the boundary', () => {
    expect(refusal(c.assert, c.policy, at(c.boundary, -1))).toBeNull();
  });

  it('refuses at the boundary with deadline-passed naming the rule and the date', () => {
    const error = refusal(c.assert, c.policy, at(c.boundary, 0));
    expect(error?.code).toBe('deadline-passed');
    expect(error?.detail).toBe(c.detail);
  });

  it('refuses 1 ms after the boundary with deadline-passed', () => {
    expect(refusal(c.assert, c.policy, at(c.boundary, 1))?.code).toBe('deadline-passed');
  });
});

interface PredicateCase {
  rule: string;
  predicate: (policy: ProgramPolicy, now: Date) => boolean;
  policy: ProgramPolicy;
  /** The first instant the predicate is true. */
  boundary: string;
}

const predicateCases: PredicateCase[] = [
  { rule: 'isCloudRetired', predicate: isCloudRetired, policy: utc, boundary: '2020-02-01T00:00:00.000Z' },
  { rule: 'isCloudRetired', predicate: isCloudRetired, policy: auckland, boundary: '2020-01-31T11:00:00.000Z' },
  {
    rule: 'haveRemainingDaysBeenRemoved',
    predicate: haveRemainingDaysBeenRemoved,
    policy: utc,
    boundary: '2021-07-01T00:00:00.000Z',
  },
  {
    rule: 'haveRemainingDaysBeenRemoved',
    predicate: haveRemainingDaysBeenRemoved,
    policy: auckland,
    boundary: '2021-06-30T12:00:00.000Z',
  },
];

describe.each(predicateCases)('$rule in $policy.timeZone (true from $boundary)', (c) => {
  it('is false 1 ms before, true at and 1 ms after the boundary', () => {
    expect(c.predicate(c.policy, at(c.boundary, -1))).toBe(false);
    expect(c.predicate(c.policy, at(c.boundary, 0))).toBe(true);
    expect(c.predicate(c.policy, at(c.boundary, 1))).toBe(true);
  });
});

describe('paymentDueBy', () => {
  const cases: [zone: string, policy: ProgramPolicy, redeemedAt: string, dueBy: string][] = [
    // Redeemed on the local date 2021-12-31: + 60 days = 2022-03-01; from local 2022-01-01: 2022-03-02.
    ['UTC', utc, '2021-12-31T23:59:59.999Z', '2022-03-01'],
    ['UTC', utc, '2022-01-01T00:00:00.000Z', '2022-03-02'],
    ['UTC', utc, '2022-01-01T00:00:00.001Z', '2022-03-02'],
    ['Pacific/Auckland', auckland, '2021-12-31T10:59:59.999Z', '2022-03-01'],
    ['Pacific/Auckland', auckland, '2021-12-31T11:00:00.000Z', '2022-03-02'],
    ['Pacific/Auckland', auckland, '2021-12-31T11:00:00.001Z', '2022-03-02'],
    // In a leap year, across February.
    ['UTC', utc, '2020-01-15T12:00:00.000Z', '2020-03-15'],
  ];
  it.each(cases)(
    'in %s, a redemption at %s is due by %s (program-local date + 60 days)',
    (_zone, policy, redeemedAt, dueBy) => {
      expect(paymentDueBy(policy, new Date(redeemedAt))).toBe(dueBy);
    },
  );

  it('follows the program payment window', () => {
    expect(paymentDueBy({ ...utc, paymentWindowDays: 30 }, new Date('2022-01-01T00:00:00.000Z'))).toBe('2022-01-31');
  });
});

describe('GET /api/v1/programs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns the seeded "Software Assurance Planning Services" with the seed document calendar', async () => {
    const token = await t.login('pm@northwind.example');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/programs', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    const seeded = response
      .json<{ items: { name: string }[] }>()
      .items.filter((p) => p.name === 'Software Assurance Planning Services');
    expect(seeded).toHaveLength(1);
    expect(seeded[0]).toMatchObject({
      id: t.demo.programId,
      timeZone: 'UTC',
      voucherLifetimeDays: 180,
      paymentWindowDays: 60,
      calendar: {
        cloudRetirementDate: '2020-02-01',
        trainingConversionEndDate: '2020-02-01',
        accrualEndDate: '2021-02-01',
        lastVoucherDate: '2021-06-30',
        daysRemovalDate: '2021-07-01',
        lastRedemptionDate: '2022-01-01',
      },
    });
  });
});
