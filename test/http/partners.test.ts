import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreements,
  auditEvents,
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  partnerProfiles,
  paymentRegistrations,
  programAgreements,
  programAgreementSignatures,
  vouchers,
} from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { addUser, countRows, createPartner, type NewPartner } from '../support/partners.js';

let t: TestApp;
let operator: string;
let programId: string;
let wod: string;
beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
  programId = t.demo.programId;
  const types = await t.app.inject({
    method: 'GET',
    url: `/api/v1/programs/${programId}/engagement-types`,
    headers: bearer(operator),
  });
  wod = types.json().items.find((e: { code: string }) => e.code === 'DDPS-WOD').id;
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(token), payload });
const get = (url: string, token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
const windows = { name: 'Windows and Devices', level: 'silver', validFrom: '2020-07-01', validUntil: '2022-06-30' };

async function currentVersion(token: string): Promise<string> {
  return (await get(`/programs/${programId}/agreement`, token)).json().version;
}

describe('competencies', () => {
  let p: NewPartner;
  beforeAll(async () => {
    p = await createPartner(t, 'Competent Partners');
  });

  it('the operator adds one (201, one audit record); the partner lists it', async () => {
    const [audits] = await countRows(t, [auditEvents]);
    const added = await post(`/partners/${p.id}/competencies`, operator, windows);
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ ...windows, partnerId: p.id });
    expect((await countRows(t, [auditEvents]))[0]).toBe(audits! + 1);
    const listed = await get(`/partners/${p.id}/competencies`, p.token);
    expect(listed.json().items).toEqual([expect.objectContaining(windows)]);
  });

  it('refuses a partner admin with 403 and an inverted date range with 400, changing nothing', async () => {
    const before = await countRows(t, [partnerCompetencies, auditEvents]);
    expect((await post(`/partners/${p.id}/competencies`, p.token, windows)).statusCode).toBe(403);
    const inverted = await post(`/partners/${p.id}/competencies`, operator, { ...windows, validUntil: '2019-01-01' });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().errors).toEqual([{ path: 'body.validUntil', message: 'must not be before validFrom' }]);
    expect(await countRows(t, [partnerCompetencies, auditEvents])).toEqual(before);
  });

  it('the operator deletes one (204); an unknown one is 404', async () => {
    const added = await post(`/partners/${p.id}/competencies`, operator, { ...windows, name: 'Messaging' });
    const url = `/api/v1/partners/${p.id}/competencies/${added.json().id}`;
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(p.token) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(operator) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(operator) })).statusCode).toBe(404);
  });

  const csv = [
    'name,level,validFrom,validUntil',
    'Datacenter,gold,2020-01-01,2021-12-31',
    'Messaging,platinum,2020-01-01,2021-12-31',
    '"Collaboration and Content",Silver,2020-01-01,2021-12-31',
    'Communications,silver,2021-13-01,2021-12-31',
  ].join('\r\n');

  it('an atomic import with bad rows imports nothing and names each bad row (400)', async () => {
    const before = await countRows(t, [partnerCompetencies, auditEvents]);
    const response = await post(`/partners/${p.id}/competencies/import`, operator, { csv, mode: 'atomic' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ type: '/problems/validation-failed' });
    expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.csv.row3', 'body.csv.row5']);
    expect(await countRows(t, [partnerCompetencies, auditEvents])).toEqual(before);
  });

  it('a partial import imports the good rows and reports the skipped ones with the reason', async () => {
    const response = await post(`/partners/${p.id}/competencies/import`, operator, { csv, mode: 'partial' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      mode: 'partial',
      imported: 2,
      skipped: [
        { row: 3, reason: 'level: must be silver or gold' },
        { row: 5, reason: 'validFrom: must be a calendar date, YYYY-MM-DD' },
      ],
    });
    const names = (await get(`/partners/${p.id}/competencies`, operator))
      .json()
      .items.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Datacenter', 'Collaboration and Content']));
    // Importing the same file again skips the rows already held.
    const again = await post(`/partners/${p.id}/competencies/import`, operator, { csv, mode: 'partial' });
    expect(again.json().imported).toBe(0);
    expect(again.json().skipped).toHaveLength(4);
  });

  it('an atomic import of good rows imports them all; a wrong header is refused', async () => {
    const good = 'name,level,validFrom,validUntil\nSecurity,gold,2020-01-01,2021-12-31\n';
    const response = await post(`/partners/${p.id}/competencies/import`, operator, { csv: good, mode: 'atomic' });
    expect(response.json()).toEqual({ mode: 'atomic', imported: 1, skipped: [] });
    const bad = await post(`/partners/${p.id}/competencies/import`, operator, { csv: 'a,b\n1,2', mode: 'partial' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('locations', () => {
  it('adds one per country (201 {id, country}); a second in the same country is policy-violation', async () => {
    const p = await createPartner(t, 'Located Partners');
    const added = await post(`/partners/${p.id}/locations`, p.token, { country: 'US' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ id: expect.any(String), country: 'US' });
    const before = await countRows(t, [partnerLocations, auditEvents]);
    const again = await post(`/partners/${p.id}/locations`, p.token, { country: 'US' });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ type: '/problems/policy-violation' });
    expect(await countRows(t, [partnerLocations, auditEvents])).toEqual(before);
    expect((await post(`/partners/${p.id}/locations`, p.token, { country: 'DE' })).statusCode).toBe(201);
    const listed = await get(`/partners/${p.id}/locations`, p.token);
    expect(listed.json().items.map((l: { country: string }) => l.country)).toEqual(['DE', 'US']);
  });
});

describe('consultants', () => {
  it('records an exam of a consultant and lists consultants with their exams', async () => {
    const p = await createPartner(t, 'Consulting Partners');
    const consultant = await addUser(t, p.id, ['consultant']);
    const recorded = await post(`/partners/${p.id}/consultants/${consultant.id}/exams`, p.token, {
      exam: 'MD-100 Windows 10',
      passedOn: '2020-10-01',
    });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({ exam: 'MD-100 Windows 10', passedOn: '2020-10-01' });
    const listed = await get(`/partners/${p.id}/consultants`, consultant.token);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        userId: consultant.id,
        exams: [expect.objectContaining({ exam: 'MD-100 Windows 10' })],
      }),
    ]);
  });

  it('refuses a non-consultant (policy-violation), a consultant recording (403), and a future date', async () => {
    const p = await createPartner(t, 'Picky Partners');
    const consultant = await addUser(t, p.id, ['consultant']);
    const before = await countRows(t, [consultantExams, auditEvents]);
    const exam = { exam: 'MD-100 Windows 10', passedOn: '2020-10-01' };
    const notConsultant = await post(`/partners/${p.id}/consultants/${p.adminId}/exams`, p.token, exam);
    expect(notConsultant.statusCode).toBe(422);
    expect(notConsultant.json().type).toBe('/problems/policy-violation');
    expect(
      (await post(`/partners/${p.id}/consultants/${consultant.id}/exams`, consultant.token, exam)).statusCode,
    ).toBe(403);
    const future = await post(`/partners/${p.id}/consultants/${consultant.id}/exams`, p.token, {
      ...exam,
      passedOn: '2021-12-01',
    });
    expect(future.statusCode).toBe(400);
    expect(await countRows(t, [consultantExams, auditEvents])).toEqual(before);
  });
});

describe('program agreement and enrolment', () => {
  let p: NewPartner;
  beforeAll(async () => {
    p = await createPartner(t, 'Enrolling Partners');
  });

  it('refuses an outdated agreement version with policy-violation, storing nothing', async () => {
    const before = await countRows(t, [programAgreementSignatures, auditEvents]);
    const response = await post(`/partners/${p.id}/program-agreement`, p.token, { programId, version: '1999-01' });
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('/problems/policy-violation');
    expect(await countRows(t, [programAgreementSignatures, auditEvents])).toEqual(before);
  });

  it('the global admin signs the current version: signer, time and IP kept (201)', async () => {
    const version = await currentVersion(p.token);
    const response = await post(`/partners/${p.id}/program-agreement`, p.token, { programId, version });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      programId,
      version,
      signerId: p.adminId,
      signedAt: '2021-03-01T09:00:00.000Z',
    });
    const [row] = await t.ctx.db
      .select()
      .from(programAgreementSignatures)
      .where(eq(programAgreementSignatures.id, response.json().id));
    expect(row?.ip).toBe('127.0.0.1');
    expect((await post(`/partners/${p.id}/program-agreement`, p.token, { programId, version })).statusCode).toBe(200);
  });

  it('refuses enrolment without the offering competency with not-eligible naming it, creating nothing', async () => {
    const before = await countRows(t, [enrollments, auditEvents]);
    const response = await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'DDPS' });
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('/problems/not-eligible');
    expect(response.json().detail).toContain('Windows and Devices');
    expect(await countRows(t, [enrollments, auditEvents])).toEqual(before);
  });

  it('refuses a consultant with 403 and a retired offering with policy-violation', async () => {
    const consultant = await addUser(t, p.id, ['consultant']);
    const asConsultant = await post(`/partners/${p.id}/enrollments`, consultant.token, {
      programId,
      offeringCode: 'DDPS',
    });
    expect(asConsultant.statusCode).toBe(403);
    const retired = await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'AZDPS' });
    expect(retired.statusCode).toBe(422);
    expect(retired.json().type).toBe('/problems/policy-violation');
  });

  it('enrols for one year (201), renews for one year from now (200), and lists it', async () => {
    await post(`/partners/${p.id}/competencies`, operator, windows);
    const enrolled = await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'DDPS' });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ offeringCode: 'DDPS', validUntil: '2022-03-01T09:00:00.000Z' });
    t.clock.advance(60 * 60 * 1000);
    const renewed = await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'DDPS' });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json()).toMatchObject({ id: enrolled.json().id, validUntil: '2022-03-01T10:00:00.000Z' });
    t.clock.set('2021-03-01T09:00:00.000Z');
    const listed = await get(`/partners/${p.id}/enrollments`, p.token);
    expect(listed.json().items).toHaveLength(1);
  });

  it('the eligibility view shows every requirement met for Windows and Office Deployment Planning in the US', async () => {
    await post(`/partners/${p.id}/locations`, p.token, { country: 'US' });
    const view = await get(`/partners/${p.id}/eligibility?programId=${programId}&country=US`, p.token);
    expect(view.statusCode).toBe(200);
    const ddps = view.json().items.find((o: { offeringCode: string }) => o.offeringCode === 'DDPS');
    expect(ddps.requirements.every((r: { met: boolean }) => r.met)).toBe(true);
    const type = ddps.engagementTypes.find((e: { id: string }) => e.id === wod);
    expect(type.name).toBe('Windows and Office Deployment Planning');
    expect(type.requirements.map((r: { key: string; met: boolean }) => [r.key, r.met])).toEqual([
      ['enrollment', true],
      ['offering_competency', true],
      ['engagement_competency', true],
      ['engagement_type_active', true],
      ['delivery_location', true],
    ]);
  });

  it('a new agreement version requires re-signing before a new enrolment', async () => {
    await t.ctx.db
      .insert(programAgreements)
      .values({ programId, version: '2099-01', text: 'New terms.', publishedAt: new Date('2021-03-01T10:00:00Z') });
    try {
      await post(`/partners/${p.id}/competencies`, operator, { ...windows, name: 'Collaboration and Content' });
      const refused = await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'SDPS' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().detail).toContain('program agreement');
      const old = await post(`/partners/${p.id}/program-agreement`, p.token, { programId, version: 'bogus' });
      expect(old.json().detail).toContain('2099-01');
      expect(
        (await post(`/partners/${p.id}/program-agreement`, p.token, { programId, version: '2099-01' })).statusCode,
      ).toBe(201);
      expect(
        (await post(`/partners/${p.id}/enrollments`, p.token, { programId, offeringCode: 'SDPS' })).statusCode,
      ).toBe(201);
    } finally {
      await t.ctx.db.delete(programAgreementSignatures).where(eq(programAgreementSignatures.version, '2099-01'));
      await t.ctx.db.delete(programAgreements).where(eq(programAgreements.version, '2099-01'));
    }
  });
});

describe('business profile', () => {
  const body = {
    description: 'We plan desktops.',
    countries: ['US', 'CA'],
    languages: ['en', 'fr'],
    offerings: ['DDPS'],
    contactEmail: 'Hello@Profile.example',
    website: 'https://profile.example',
  };

  it('the partner sets it (200); customers read it; an unknown offering is refused', async () => {
    const p = await createPartner(t, 'Profiled Partners');
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/partners/${p.id}/profile`,
      headers: bearer(p.token),
      payload: body,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ ...body, countries: ['CA', 'US'], contactEmail: 'hello@profile.example' });
    const customer = await t.login('benefits@northwind.example');
    const read = await get(`/partners/${p.id}/profile`, customer);
    expect(read.statusCode).toBe(200);
    expect(read.json().name).toBe('Profiled Partners');
    const before = await countRows(t, [partnerProfiles, auditEvents]);
    const unknown = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/partners/${p.id}/profile`,
      headers: bearer(p.token),
      payload: { ...body, offerings: ['NOPE'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(await countRows(t, [partnerProfiles, auditEvents])).toEqual(before);
    // Customers read profiles only: a partner's other pages stay 404 for them.
    expect((await get(`/partners/${p.id}/locations`, customer)).statusCode).toBe(404);
  });
});

describe('payment registration', () => {
  it('refuses before the first redemption, then registers once a voucher is redeemed', async () => {
    const p = await createPartner(t, 'Paid Partners');
    const before = await countRows(t, [paymentRegistrations, auditEvents]);
    const early = await post(`/partners/${p.id}/payment-registrations`, p.token, { programId });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      type: '/problems/policy-violation',
      detail: 'payment registration opens after the first redemption',
    });
    expect(await countRows(t, [paymentRegistrations, auditEvents])).toEqual(before);

    const [agreement] = await t.ctx.db
      .select()
      .from(agreements)
      .where(and(eq(agreements.programId, programId)));
    const pm = t.demo.userIds['pm@northwind.example']!;
    await t.ctx.db.insert(vouchers).values({
      code: 'PS-TEST-PAID',
      programId,
      agreementId: agreement!.id,
      organizationId: agreement!.organizationId,
      engagementTypeId: wod,
      days: 3,
      projectManagerId: pm,
      createdBy: t.demo.userIds['benefits@northwind.example']!,
      createdAt: new Date('2021-01-05T00:00:00Z'),
      expiresAt: new Date('2021-07-04T00:00:00Z'),
      status: 'redeemed',
      partnerId: p.id,
      redeemedAt: new Date('2021-02-20T00:00:00Z'),
    });
    const partnerAdmin = await addUser(t, p.id, ['partner_admin']);
    expect((await post(`/partners/${p.id}/payment-registrations`, partnerAdmin.token, { programId })).statusCode).toBe(
      403,
    );
    const registered = await post(`/partners/${p.id}/payment-registrations`, p.token, { programId });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ programId, registeredBy: p.adminId });
    expect((await post(`/partners/${p.id}/payment-registrations`, p.token, { programId })).statusCode).toBe(200);
    const listed = await get(`/partners/${p.id}/payment-registrations`, p.token);
    expect(listed.json().items).toHaveLength(1);
  });
});

describe('demo partners', () => {
  it('Fabrikam is set up and seeding again adds nothing', async () => {
    const fabrikam = t.demo.organizationIds['Fabrikam Consulting']!;
    const admin = await t.login('admin@fabrikam.example');
    const enrolled = (await get(`/partners/${fabrikam}/enrollments`, admin)).json().items;
    expect(enrolled.map((e: { offeringCode: string }) => e.offeringCode)).toEqual(['DDPS', 'SDPS']);
    const consultants = (await get(`/partners/${fabrikam}/consultants`, admin)).json().items;
    expect(consultants[0].exams.map((e: { exam: string }) => e.exam)).toEqual([
      'MD-100 Windows 10',
      'MS-300 Deploying Microsoft 365 Teamwork',
    ]);
    const tables = [
      partnerCompetencies,
      partnerLocations,
      enrollments,
      consultantExams,
      partnerProfiles,
      programAgreementSignatures,
    ];
    const before = await countRows(t, tables);
    const { seedDemo } = await import('../../src/app/seed/seed-demo.js');
    await seedDemo(t.ctx.db, t.clock.now());
    expect(await countRows(t, tables)).toEqual(before);
  });
});
