import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  partnerProfiles,
  paymentRegistrations,
  programAgreementSignatures,
  sessions,
  users,
} from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { countRows } from '../support/partners.js';

/**
 * Tenant isolation for partner onboarding (domain.md invariant 4): partner B (Tailspin) and a
 * customer (Northwind) can neither see nor change partner A's (Fabrikam's) people, locations,
 * competencies, exams, agreement, enrolments, eligibility or payment registrations: 404 every
 * time, as for an id that does not exist. Customers may read A's business profile, nobody else
 * outside A may change it.
 */
let t: TestApp;
let a: string;
let competencyId: string;
let consultantId: string;
let adminId: string;
let programId: string;

const tables = [
  users,
  sessions,
  partnerCompetencies,
  partnerLocations,
  consultantExams,
  programAgreementSignatures,
  enrollments,
  partnerProfiles,
  paymentRegistrations,
  auditEvents,
];

beforeAll(async () => {
  t = await buildTestApp();
  a = t.demo.organizationIds['Fabrikam Consulting']!;
  consultantId = t.demo.userIds['consultant@fabrikam.example']!;
  adminId = t.demo.userIds['admin@fabrikam.example']!;
  programId = t.demo.programId;
  const operator = await t.login('operator@saps.example');
  const listed = await t.app.inject({
    method: 'GET',
    url: `/api/v1/partners/${a}/competencies`,
    headers: bearer(operator),
  });
  competencyId = listed.json().items[0].id;
});
afterAll(async () => {
  await t.close();
});

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** With {a}, {competency}, {consultant}, {admin} and {program} filled in at run time. */
  url: string;
  body?: () => object;
}

const routes: Route[] = [
  { method: 'GET', url: '/partners/{a}/competencies' },
  {
    method: 'POST',
    url: '/partners/{a}/competencies',
    body: () => ({ name: 'Messaging', level: 'gold', validFrom: '2020-01-01', validUntil: '2022-01-01' }),
  },
  { method: 'DELETE', url: '/partners/{a}/competencies/{competency}' },
  {
    method: 'POST',
    url: '/partners/{a}/competencies/import',
    body: () => ({ csv: 'name,level,validFrom,validUntil\nMessaging,gold,2020-01-01,2022-01-01', mode: 'partial' }),
  },
  { method: 'GET', url: '/partners/{a}/locations' },
  { method: 'POST', url: '/partners/{a}/locations', body: () => ({ country: 'GB' }) },
  { method: 'GET', url: '/partners/{a}/consultants' },
  {
    method: 'POST',
    url: '/partners/{a}/consultants/{consultant}/exams',
    body: () => ({ exam: 'MS-700 Teams', passedOn: '2020-01-01' }),
  },
  { method: 'GET', url: '/partners/{a}/program-agreement' },
  { method: 'POST', url: '/partners/{a}/program-agreement', body: () => ({ programId, version: '2020-08' }) },
  { method: 'GET', url: '/partners/{a}/enrollments' },
  { method: 'POST', url: '/partners/{a}/enrollments', body: () => ({ programId, offeringCode: 'DDPS' }) },
  { method: 'GET', url: '/partners/{a}/eligibility?programId={program}' },
  {
    method: 'PUT',
    url: '/partners/{a}/profile',
    body: () => ({
      description: 'Hijacked',
      countries: ['GB'],
      languages: ['en'],
      offerings: ['DDPS'],
      contactEmail: 'evil@example.com',
      website: null,
    }),
  },
  { method: 'GET', url: '/partners/{a}/payment-registrations' },
  { method: 'POST', url: '/partners/{a}/payment-registrations', body: () => ({ programId }) },
  { method: 'GET', url: '/organizations/{a}/users' },
  {
    method: 'PUT',
    url: '/organizations/{a}/users/{consultant}/roles',
    body: () => ({ roles: ['partner_admin'] }),
  },
  { method: 'POST', url: '/organizations/{a}/users/{admin}/deactivation' },
];

function fill(url: string): string {
  return url
    .replace('{a}', a)
    .replace('{competency}', competencyId)
    .replace('{consultant}', consultantId)
    .replace('{admin}', adminId)
    .replace('{program}', programId);
}

const outsiders = ['admin@tailspin.example', 'benefits@northwind.example', 'pm@northwind.example'];
const cases = outsiders.flatMap((email) => routes.map((route) => ({ email, route, name: route.url })));

describe("another organisation's user gets 404 on partner A's objects", () => {
  it.each(cases)('$email: $route.method $name', async ({ email, route }) => {
    const token = await t.login(email);
    const before = await countRows(
      t,
      tables.filter((table) => table !== sessions),
    );
    const response = await t.app.inject({
      method: route.method,
      url: `/api/v1${fill(route.url)}`,
      headers: bearer(token),
      ...(route.body ? { payload: route.body() } : {}),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().type).toBe('/problems/not-found');
    expect(
      await countRows(
        t,
        tables.filter((table) => table !== sessions),
      ),
    ).toEqual(before);
  });

  it("partner B cannot reach A's consultant through its own partner id", async () => {
    const token = await t.login('admin@tailspin.example');
    const b = t.demo.organizationIds['Tailspin Advisory']!;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${b}/consultants/${consultantId}/exams`,
      headers: bearer(token),
      payload: { exam: 'MS-700 Teams', passedOn: '2020-01-01' },
    });
    expect(response.statusCode).toBe(404);
  });

  it("partner B cannot read A's profile; a customer can", async () => {
    const partnerB = await t.login('admin@tailspin.example');
    const customer = await t.login('pm@northwind.example');
    const url = `/api/v1/partners/${a}/profile`;
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(partnerB) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url, headers: bearer(customer) })).statusCode).toBe(200);
  });

  it("A's own people see A's lists", async () => {
    const consultant = await t.login('consultant@fabrikam.example');
    for (const path of ['competencies', 'locations', 'consultants', 'enrollments', 'program-agreement']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/partners/${a}/${path}`,
        headers: bearer(consultant),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().items.length).toBeGreaterThan(0);
    }
  });
});
