import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPartnerFacts } from '../../src/app/partners/partner-facts.js';
import { loadProgramPolicy } from '../../src/app/programs/read-programs.js';
import {
  enrollmentRequirements,
  locationRequirement,
  reservationRequirements,
  type Requirement,
} from '../../src/domain/eligibility.js';
import { localDate } from '../../src/domain/calendar-dates.js';
import { isCloudRetired } from '../../src/domain/program-policy.js';
import {
  enrollments,
  engagementTypes,
  offerings,
  organizations,
  partnerCompetencies,
  partnerLocations,
  programAgreementSignatures,
} from '../../src/db/schema/index.js';
import { eq } from 'drizzle-orm';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

/**
 * The eligibility view (over HTTP) and the reservation check (`reservationRequirements`, the
 * function reservation and redemption call on `loadPartnerFacts`) agree for every combination
 * of enrolment (none, live, expired), offering competency, engagement competency, an expired
 * competency, and the signed agreement. The engagement type under test is a DDPS type whose
 * own competency (Messaging) is not a DDPS offering competency, so the two are independent.
 */
interface Combination {
  enrollment: 'none' | 'live' | 'expired';
  offeringCompetency: boolean;
  engagementCompetency: boolean;
  expiredCompetency: boolean;
  signed: boolean;
}

const combinations: Combination[] = [];
for (const enrollment of ['none', 'live', 'expired'] as const) {
  for (const offeringCompetency of [false, true]) {
    for (const engagementCompetency of [false, true]) {
      for (const expiredCompetency of [false, true]) {
        for (const signed of [false, true]) {
          combinations.push({ enrollment, offeringCompetency, engagementCompetency, expiredCompetency, signed });
        }
      }
    }
  }
}

let t: TestApp;
let operator: string;
let programId: string;
let testTypeId: string;
const now = new Date('2021-03-01T09:00:00.000Z');

beforeAll(async () => {
  t = await buildTestApp({ at: now.toISOString() });
  operator = await t.login('operator@saps.example');
  programId = t.demo.programId;
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/v1/programs/${programId}/engagement-types`,
    headers: bearer(operator),
    payload: {
      code: 'DDPS-TEST',
      offeringCode: 'DDPS',
      name: 'Messaging Readiness Planning',
      allowedLengths: [1, 3],
      competencies: ['Messaging'],
      exams: ['MS-203 Microsoft 365 Messaging'],
    },
  });
  expect(created.statusCode).toBe(201);
  testTypeId = created.json().id;
});
afterAll(async () => {
  await t.close();
});

async function partnerWith(c: Combination, n: number): Promise<string> {
  const db = t.ctx.db;
  const [org] = await db
    .insert(organizations)
    .values({ kind: 'partner', name: `Combination ${n}`, country: 'US', createdAt: now })
    .returning();
  const partnerId = org!.id;
  const valid = { validFrom: '2020-07-01', validUntil: '2022-06-30', createdAt: now, partnerId };
  const expired = { validFrom: '2019-07-01', validUntil: '2021-02-28', createdAt: now, partnerId };
  if (c.offeringCompetency) {
    await db.insert(partnerCompetencies).values({ ...valid, name: 'Enterprise Mobility Management', level: 'silver' });
  }
  if (c.engagementCompetency) {
    await db.insert(partnerCompetencies).values({ ...valid, name: 'Messaging', level: 'gold' });
  }
  if (c.expiredCompetency) {
    // Would meet both the offering and the engagement requirement, were it still valid.
    await db.insert(partnerCompetencies).values([
      { ...expired, name: 'Windows and Devices', level: 'gold' },
      { ...expired, name: 'Messaging', level: 'gold' },
    ]);
  }
  if (c.enrollment !== 'none') {
    const validUntil = c.enrollment === 'live' ? new Date('2022-01-01T00:00:00Z') : new Date('2021-03-01T08:59:59Z');
    await db
      .insert(enrollments)
      .values({ partnerId, programId, offeringCode: 'DDPS', enrolledAt: new Date('2020-03-01T00:00:00Z'), validUntil });
  }
  if (c.signed) {
    const version = (
      await t.app.inject({ method: 'GET', url: `/api/v1/programs/${programId}/agreement`, headers: bearer(operator) })
    ).json().version;
    await db
      .insert(programAgreementSignatures)
      .values({ partnerId, programId, version, signerId: t.demo.userIds['operator@saps.example']!, signedAt: now });
  }
  await db.insert(partnerLocations).values({ partnerId, country: 'US', createdAt: now });
  return partnerId;
}

const keyed = (requirements: Requirement[]) => requirements.map((r) => ({ ...r }));

describe('the eligibility view agrees with the reservation check', () => {
  it.each(combinations.map((c, i) => ({ ...c, i })))(
    'enrolment $enrollment, offering competency $offeringCompetency, engagement competency $engagementCompetency, expired competency $expiredCompetency, signed $signed',
    async (c) => {
      const partnerId = await partnerWith(c, c.i);
      const view = await t.app.inject({
        method: 'GET',
        url: `/api/v1/partners/${partnerId}/eligibility?programId=${programId}&country=US`,
        headers: bearer(operator),
      });
      expect(view.statusCode).toBe(200);
      const policy = await loadProgramPolicy(t.ctx.db, programId);
      const context = { now, today: localDate(now, policy.timeZone), cloudRetired: isCloudRetired(policy, now) };
      const offeringRows = await t.ctx.db.select().from(offerings).where(eq(offerings.programId, programId));
      const typeRows = await t.ctx.db.select().from(engagementTypes).where(eq(engagementTypes.programId, programId));

      for (const item of view.json().items as {
        offeringCode: string;
        requirements: Requirement[];
        engagementTypes: { id: string; requirements: Requirement[] }[];
      }[]) {
        const offering = offeringRows.find((o) => o.code === item.offeringCode)!;
        const facts = await loadPartnerFacts(t.ctx.db, partnerId, programId, offering.code);
        expect(item.requirements).toEqual(keyed(enrollmentRequirements(offering, facts, context.today)));
        for (const shown of item.engagementTypes) {
          const type = typeRows.find((e) => e.id === shown.id)!;
          const check = [...reservationRequirements(offering, type, facts, context), locationRequirement(facts, 'US')];
          expect(shown.requirements).toEqual(keyed(check));
        }
      }

      // And the outcome is the one the program rules give for this combination.
      const ddps = view.json().items.find((o: { offeringCode: string }) => o.offeringCode === 'DDPS');
      const met = (list: Requirement[], key: string) => list.find((r) => r.key === key)?.met;
      expect(met(ddps.requirements, 'program_agreement')).toBe(c.signed);
      expect(met(ddps.requirements, 'offering_competency')).toBe(c.offeringCompetency);
      const type = ddps.engagementTypes.find((e: { id: string }) => e.id === testTypeId);
      expect(met(type.requirements, 'enrollment')).toBe(c.enrollment === 'live');
      expect(met(type.requirements, 'offering_competency')).toBe(c.offeringCompetency);
      expect(met(type.requirements, 'engagement_competency')).toBe(c.engagementCompetency);
      expect(met(type.requirements, 'delivery_location')).toBe(true);
      const eligible = type.requirements.every((r: Requirement) => r.met);
      expect(eligible).toBe(c.enrollment === 'live' && c.offeringCompetency && c.engagementCompetency);
      if (c.enrollment === 'expired') {
        expect(type.requirements.find((r: Requirement) => r.key === 'enrollment').missing).toContain('expired');
      }
    },
  );
});
