import { addCompetency } from '../../../src/app/partners/add-competency.js';
import { loadCurrentAgreementVersion } from '../../../src/app/partners/partner-facts.js';
import type { TestApp } from '../../support/app.js';
import { logins, org, type RouteCase } from '../../support/roles.js';
import { actorFor, makeVoucher } from '../../support/voucher-factory.js';

/**
 * Partner onboarding (docs/decisions/007): every `/partners/{id}` route is on Fabrikam, scoped
 * before the role, so Northwind's people and Tailspin get 404 and Fabrikam's consultant 403.
 */
const fabrikam = (t: TestApp): string => `/api/v1/partners/${t.demo.organizationIds[org.fabrikam]}`;
/** Fabrikam's people and the operator's (who see every partner). */
const readers = [logins.operator, logins.finance, logins.partner, logins.consultant];

let countries = 0;
/** A country code Fabrikam has no location in yet (user-assigned ISO codes, QA to ZZ). */
const freshCountry = (): string => {
  countries += 1;
  return 'QXZ'[Math.floor(countries / 26) % 3]! + String.fromCharCode(65 + (countries % 26));
};

/** A competency the operator adds just for this call, so that one deletion leaves the next. */
async function freshCompetency(t: TestApp, n: number): Promise<string> {
  const operator = await actorFor(t, logins.operator);
  const competency = await addCompetency(t.ctx, operator, t.demo.organizationIds[org.fabrikam]!, {
    name: `Roles Competency ${n}`,
    level: 'silver',
    validFrom: '2020-01-01',
    validUntil: '2022-12-31',
  });
  return competency.id;
}

const redeemedOnce = new Set<string>();

/** Payment registration opens after Fabrikam's first redemption (domain.md, "Partners"). */
async function afterFirstRedemption(t: TestApp): Promise<void> {
  if (!redeemedOnce.has(t.demo.programId)) {
    await makeVoucher(t, { days: 1 });
    redeemedOnce.add(t.demo.programId);
  }
}

export const partnerRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/partners/{id}/competencies',
    request: (t, { n }) => ({
      url: `${fabrikam(t)}/competencies`,
      body: { name: `Roles Competency ${n}`, level: 'gold', validFrom: '2020-01-01', validUntil: '2022-12-31' },
    }),
    owner: org.fabrikam,
    allowed: [logins.operator],
    success: 201,
  },
  {
    method: 'GET',
    route: '/partners/{id}/competencies',
    request: (t) => ({ url: `${fabrikam(t)}/competencies` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'DELETE',
    route: '/partners/{id}/competencies/{competencyId}',
    request: async (t, { n }) => ({ url: `${fabrikam(t)}/competencies/${await freshCompetency(t, n)}` }),
    owner: org.fabrikam,
    allowed: [logins.operator],
    success: 204,
  },
  {
    method: 'POST',
    route: '/partners/{id}/competencies/import',
    request: (t, { n }) => ({
      url: `${fabrikam(t)}/competencies/import`,
      body: { csv: `name,level,validFrom,validUntil\nImported ${n},gold,2020-01-01,2022-12-31`, mode: 'atomic' },
    }),
    owner: org.fabrikam,
    allowed: [logins.operator],
    success: 200,
  },
  {
    method: 'POST',
    route: '/partners/{id}/locations',
    request: (t) => ({ url: `${fabrikam(t)}/locations`, body: { country: freshCountry() } }),
    owner: org.fabrikam,
    allowed: [logins.operator, logins.partner],
    success: 201,
  },
  {
    method: 'GET',
    route: '/partners/{id}/locations',
    request: (t) => ({ url: `${fabrikam(t)}/locations` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'GET',
    route: '/partners/{id}/consultants',
    request: (t) => ({ url: `${fabrikam(t)}/consultants` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'POST',
    route: '/partners/{id}/consultants/{userId}/exams',
    request: (t, { n }) => ({
      url: `${fabrikam(t)}/consultants/${t.demo.userIds[logins.consultant]}/exams`,
      body: { exam: `MS-${n} Roles`, passedOn: '2020-06-01' },
    }),
    owner: org.fabrikam,
    allowed: [logins.operator, logins.partner],
    success: 201,
  },
  {
    method: 'POST',
    route: '/partners/{id}/program-agreement',
    request: async (t) => ({
      url: `${fabrikam(t)}/program-agreement`,
      body: { programId: t.demo.programId, version: await loadCurrentAgreementVersion(t.ctx.db, t.demo.programId) },
    }),
    owner: org.fabrikam,
    // The global admin only, not the operator; the demo seed signed already: 200 with the signature.
    allowed: [logins.partner],
    success: [200, 201],
  },
  {
    method: 'GET',
    route: '/partners/{id}/program-agreement',
    request: (t) => ({ url: `${fabrikam(t)}/program-agreement` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'POST',
    route: '/partners/{id}/enrollments',
    request: (t) => ({
      url: `${fabrikam(t)}/enrollments`,
      body: { programId: t.demo.programId, offeringCode: 'DDPS' },
    }),
    owner: org.fabrikam,
    // Renews the seeded enrolment: 200.
    allowed: [logins.partner],
    success: [200, 201],
  },
  {
    method: 'GET',
    route: '/partners/{id}/enrollments',
    request: (t) => ({ url: `${fabrikam(t)}/enrollments` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'GET',
    route: '/partners/{id}/eligibility',
    request: (t) => ({ url: `${fabrikam(t)}/eligibility?programId=${t.demo.programId}` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
  {
    method: 'PUT',
    route: '/partners/{id}/profile',
    request: (t, { n }) => ({
      url: `${fabrikam(t)}/profile`,
      body: {
        description: `Fabrikam plans deployments (edit ${n}).`,
        countries: ['US'],
        languages: ['en'],
        offerings: ['DDPS', 'SDPS'],
        contactEmail: 'planning@fabrikam.example',
        website: 'https://fabrikam.example',
      },
    }),
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 200,
  },
  {
    method: 'GET',
    route: '/partners/{id}/profile',
    request: (t) => ({ url: `${fabrikam(t)}/profile` }),
    // Customers read partners' profiles too (the directory); another partner does not.
    owner: [org.fabrikam, org.northwind],
    allowed: [...readers, logins.benefits, logins.pm],
    success: 200,
  },
  {
    method: 'GET',
    route: '/partner-directory',
    request: () => ({ url: '/api/v1/partner-directory?offering=DDPS' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'POST',
    route: '/partners/{id}/payment-registrations',
    request: async (t) => {
      await afterFirstRedemption(t);
      return { url: `${fabrikam(t)}/payment-registrations`, body: { programId: t.demo.programId } };
    },
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: [200, 201],
  },
  {
    method: 'GET',
    route: '/partners/{id}/payment-registrations',
    request: (t) => ({ url: `${fabrikam(t)}/payment-registrations` }),
    owner: org.fabrikam,
    allowed: readers,
    success: 200,
  },
];
