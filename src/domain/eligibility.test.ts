import { describe, expect, it } from 'vitest';
import {
  assertRequirementsMet,
  deliveryRequirements,
  enrollmentRequirements,
  holdsAnyCompetency,
  locationRequirement,
  parseCompetencyRequirement,
  reservationRequirements,
  type HeldCompetency,
  type PartnerFacts,
} from './eligibility.js';
import { DomainError } from './errors.js';

const held = (overrides: Partial<HeldCompetency> = {}): HeldCompetency => ({
  name: 'Data Platform',
  level: 'silver',
  validFrom: '2021-01-01',
  validUntil: '2021-12-31',
  ...overrides,
});

const partner = (overrides: Partial<PartnerFacts> = {}): PartnerFacts => ({
  competencies: [held()],
  enrollmentValidUntil: new Date('2021-12-31T00:00:00.000Z'),
  signedCurrentAgreement: true,
  locationCountries: ['US'],
  ...overrides,
});

describe('parseCompetencyRequirement', () => {
  it.each([
    ['Gold Data Platform', { name: 'Data Platform', minimumLevel: 'gold' }],
    ['  Gold Cloud Platform  ', { name: 'Cloud Platform', minimumLevel: 'gold' }],
    ['Data Platform', { name: 'Data Platform', minimumLevel: 'silver' }],
    ['Silver Data Platform', { name: 'Silver Data Platform', minimumLevel: 'silver' }],
    ['Goldsmith Analytics', { name: 'Goldsmith Analytics', minimumLevel: 'silver' }],
  ])('reads "%s" as %o', (text, expected) => {
    expect(parseCompetencyRequirement(text)).toEqual(expected);
  });
});

describe('holdsAnyCompetency', () => {
  const cases: [label: string, requirements: string[], competencies: HeldCompetency[], today: string, met: boolean][] =
    [
      ['Silver meets a plain requirement', ['Data Platform'], [held()], '2021-06-01', true],
      ['Gold meets a plain requirement', ['Data Platform'], [held({ level: 'gold' })], '2021-06-01', true],
      ['Silver does not meet a Gold requirement', ['Gold Data Platform'], [held()], '2021-06-01', false],
      ['Gold meets a Gold requirement', ['Gold Data Platform'], [held({ level: 'gold' })], '2021-06-01', true],
      ['names match case-insensitively', ['data platform'], [held()], '2021-06-01', true],
      ['another competency does not qualify', ['Cloud Platform'], [held()], '2021-06-01', false],
      ['no competency held', ['Data Platform'], [], '2021-06-01', false],
      [
        'any one of the list qualifies',
        ['Cloud Platform', 'Gold Security', 'Data Platform'],
        [held()],
        '2021-06-01',
        true,
      ],
      ['none of the list held', ['Cloud Platform', 'Gold Security'], [held()], '2021-06-01', false],
      // Validity is inclusive at both ends.
      ['the day before validFrom', ['Data Platform'], [held()], '2020-12-31', false],
      ['on validFrom', ['Data Platform'], [held()], '2021-01-01', true],
      ['the day after validFrom', ['Data Platform'], [held()], '2021-01-02', true],
      ['the day before validUntil', ['Data Platform'], [held()], '2021-12-30', true],
      ['on validUntil', ['Data Platform'], [held()], '2021-12-31', true],
      ['the day after validUntil', ['Data Platform'], [held()], '2022-01-01', false],
      [
        'an expired competency does not hide a valid one',
        ['Data Platform'],
        [held({ validUntil: '2020-12-31', validFrom: '2020-01-01' }), held({ level: 'gold' })],
        '2021-06-01',
        true,
      ],
    ];
  it.each(cases)('%s', (_label, requirements, competencies, today, met) => {
    expect(holdsAnyCompetency(requirements, competencies, today)).toBe(met);
  });
});

describe('enrollmentRequirements', () => {
  const offering = { code: 'DDPS', competencies: ['Data Platform', 'Gold Data Analytics'] };

  it('is met with the signed agreement and an offering competency', () => {
    const rows = enrollmentRequirements(offering, partner(), '2021-06-01');
    expect(rows.map((r) => [r.key, r.met])).toEqual([
      ['program_agreement', true],
      ['offering_competency', true],
    ]);
    expect(rows.every((r) => r.missing === undefined)).toBe(true);
  });

  it('names what is missing: the unsigned agreement and the competency list', () => {
    const rows = enrollmentRequirements(
      offering,
      partner({ signedCurrentAgreement: false, competencies: [] }),
      '2021-06-01',
    );
    expect(rows.map((r) => r.met)).toEqual([false, false]);
    expect(rows[1]!.missing).toBe('no valid DDPS competency (one of Data Platform, Gold Data Analytics)');
  });
});

describe('reservationRequirements', () => {
  const offering = { code: 'DDPS', competencies: ['Data Platform'] };
  const type = { name: 'Data Estate Assessment', competencies: ['Data Platform'], cloud: false };
  const now = new Date('2021-06-01T09:00:00.000Z');

  const met = (rows: { key: string; met: boolean }[]): Record<string, boolean> =>
    Object.fromEntries(rows.map((r) => [r.key, r.met]));

  it('is all met for an enrolled, competent partner and a live engagement type', () => {
    expect(
      met(reservationRequirements(offering, type, partner(), { now, today: '2021-06-01', cloudRetired: false })),
    ).toEqual({
      enrollment: true,
      offering_competency: true,
      engagement_competency: true,
      engagement_type_active: true,
    });
  });

  it('counts the enrolment as lapsed from its validUntil instant on', () => {
    const until = new Date('2021-06-01T09:00:00.000Z');
    const at = (delta: number) =>
      met(
        reservationRequirements(offering, type, partner({ enrollmentValidUntil: until }), {
          now: new Date(until.getTime() + delta),
          today: '2021-06-01',
          cloudRetired: false,
        }),
      ).enrollment;
    expect(at(-1)).toBe(true);
    expect(at(0)).toBe(false);
    expect(at(1)).toBe(false);
  });

  it('says "not enrolled" without an enrolment and names the expiry date of a lapsed one', () => {
    const none = reservationRequirements(offering, type, partner({ enrollmentValidUntil: null }), {
      now,
      today: '2021-06-01',
      cloudRetired: false,
    });
    expect(none.find((r) => r.key === 'enrollment')?.missing).toBe('not enrolled in DDPS');
    const lapsed = reservationRequirements(
      offering,
      type,
      partner({ enrollmentValidUntil: new Date('2021-05-01T00:00:00.000Z') }),
      { now, today: '2021-06-01', cloudRetired: false },
    );
    expect(lapsed.find((r) => r.key === 'enrollment')?.missing).toBe(
      'the DDPS enrolment expired on 2021-05-01; renew it',
    );
  });

  it('refuses a cloud engagement type once cloud types are retired, and only then', () => {
    const cloud = { ...type, cloud: true };
    const active = (cloudRetired: boolean, t = cloud) =>
      met(reservationRequirements(offering, t, partner(), { now, today: '2021-06-01', cloudRetired }))
        .engagement_type_active;
    expect(active(false)).toBe(true);
    expect(active(true)).toBe(false);
    expect(active(true, type)).toBe(true);
  });

  it('checks the engagement-level competency apart from the offering-level one', () => {
    const special = { ...type, competencies: ['Gold Security'] };
    expect(
      met(reservationRequirements(offering, special, partner(), { now, today: '2021-06-01', cloudRetired: false })),
    ).toMatchObject({ offering_competency: true, engagement_competency: false });
    expect(deliveryRequirements(special, partner(), '2021-06-01')[0]).toMatchObject({
      met: false,
      missing: 'no valid competency for Data Estate Assessment (Gold Security)',
    });
  });
});

describe('locationRequirement', () => {
  it('is met only with a location in the delivery country', () => {
    expect(locationRequirement(partner(), 'US').met).toBe(true);
    expect(locationRequirement(partner(), 'GB')).toMatchObject({
      met: false,
      missing: 'no partner location in GB, the delivery country',
    });
  });
});

describe('assertRequirementsMet', () => {
  it('passes when every requirement is met', () => {
    expect(() => assertRequirementsMet([{ key: 'enrollment', met: true, label: 'x' }], 'reserve')).not.toThrow();
  });

  it('refuses with not-eligible naming every unmet requirement', () => {
    let error: unknown;
    try {
      assertRequirementsMet(
        [
          { key: 'enrollment', met: false, label: 'a', missing: 'not enrolled in DDPS' },
          { key: 'engagement_type_active', met: true, label: 'b' },
          { key: 'delivery_location', met: false, label: 'c', missing: 'no partner location in GB' },
        ],
        'reserveVoucher',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('not-eligible');
    expect((error as DomainError).detail).toBe(
      'cannot reserve the voucher: not enrolled in DDPS; no partner location in GB',
    );
  });
});
