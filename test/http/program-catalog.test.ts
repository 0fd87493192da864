import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';

let t: TestApp;
let operator: string;
beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
});
afterAll(async () => {
  await t.close();
});

async function call(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json() };
}

const calendar = {
  cloudRetirementDate: '2024-02-01',
  trainingConversionEndDate: '2024-02-01',
  accrualEndDate: '2025-02-01',
  lastVoucherDate: '2025-06-30',
  daysRemovalDate: '2025-07-01',
  lastRedemptionDate: '2026-01-01',
};

describe('an operator builds a new program through the API', () => {
  it('creates the program, an offering, an engagement type and publishes agreement versions', async () => {
    const program = await call(operator, 'POST', '/programs', {
      name: 'Pacific Planning Services',
      timeZone: 'Pacific/Auckland',
      voucherLifetimeDays: 180,
      paymentWindowDays: 60,
      calendar,
    });
    expect(program.status).toBe(201);
    const id = program.body.id;

    const offering = await call(operator, 'POST', `/programs/${id}/offerings`, {
      code: 'CDPS',
      name: 'Cloud Deployment Planning Services',
      competencies: ['Cloud Platform'],
    });
    expect(offering.status).toBe(201);
    expect(offering.body).toEqual({
      code: 'CDPS',
      name: 'Cloud Deployment Planning Services',
      competencies: ['Cloud Platform'],
      retired: false,
    });
    expect(
      (await call(operator, 'POST', `/programs/${id}/offerings`, { code: 'CDPS', name: 'x', competencies: ['y'] })).body
        .type,
    ).toBe('/problems/policy-violation');

    const type = await call(operator, 'POST', `/programs/${id}/engagement-types`, {
      code: 'CDPS-MIG',
      offeringCode: 'CDPS',
      name: 'Cloud Migration Planning',
      allowedLengths: [3, 5],
      competencies: ['Cloud Platform'],
      exams: ['AZ-305 Azure Solutions Architect'],
    });
    expect(type.status).toBe(201);
    const unknownOffering = await call(operator, 'POST', `/programs/${id}/engagement-types`, {
      code: 'X-1',
      offeringCode: 'NOPE',
      name: 'x',
      allowedLengths: [1],
      competencies: ['y'],
      exams: ['z'],
    });
    expect(unknownOffering.status).toBe(400);
    expect(unknownOffering.body.errors).toEqual([expect.objectContaining({ path: 'body.offeringCode' })]);

    const v1 = await call(operator, 'POST', `/programs/${id}/agreement`, { version: '2024-01', text: 'First terms.' });
    expect(v1.status).toBe(201);
    t.clock.advance(60_000);
    const v2 = await call(operator, 'POST', `/programs/${id}/agreement`, { version: '2024-06', text: 'Second terms.' });
    expect(v2.status).toBe(201);
    const partner = await t.login('admin@fabrikam.example');
    expect((await call(partner, 'GET', `/programs/${id}/agreement`)).body).toMatchObject({
      version: '2024-06',
      text: 'Second terms.',
    });
    expect((await call(partner, 'GET', `/programs/${id}/offerings`)).body.items.map((o: any) => o.code)).toEqual([
      'CDPS',
    ]);
    expect(
      (await call(operator, 'POST', `/programs/${id}/agreement`, { version: '2024-06', text: 'again' })).status,
    ).toBe(422);
  });

  it('refuses catalog changes to anyone but the operator admin, changing nothing', async () => {
    const programs = (await call(operator, 'GET', '/programs')).body.items;
    const seeded = programs.find((p: any) => p.name === 'Software Assurance Planning Services');
    for (const email of ['finance@saps.example', 'admin@fabrikam.example', 'benefits@northwind.example']) {
      const token = await t.login(email);
      expect(
        (await call(token, 'POST', `/programs/${seeded.id}/offerings`, { code: 'ZZ', name: 'z', competencies: ['z'] }))
          .status,
      ).toBe(403);
      expect((await call(token, 'POST', `/programs/${seeded.id}/agreement`, { version: '9', text: 'z' })).status).toBe(
        403,
      );
    }
    expect(
      (await call(operator, 'GET', `/programs/${seeded.id}/offerings`)).body.items.map((o: any) => o.code),
    ).not.toContain('ZZ');
    expect((await call(operator, 'GET', `/programs/${seeded.id}/agreement`)).body.version).toBe('2020-02');
  });
});
