import { expect } from 'vitest';
import { bearer, type TestApp } from '../../support/app.js';
import { logins, org, type RouteCase } from '../../support/roles.js';

/** Organisations, their people, programs, the clock and the reads every signed-in user makes. */
const operatorAdmin = [logins.operator];

const calendar = {
  cloudRetirementDate: '2020-02-01',
  trainingConversionEndDate: '2020-02-01',
  accrualEndDate: '2021-02-01',
  lastVoucherDate: '2021-06-30',
  daysRemovalDate: '2021-07-01',
  lastRedemptionDate: '2022-01-01',
};

const disposable = new Map<string, { id: string; organizationId: string }>();

/** A Northwind project manager created (once per e-mail) by the operator, to be changed by a route. */
async function disposableUser(t: TestApp, email: string): Promise<{ id: string; organizationId: string }> {
  const known = disposable.get(email);
  if (known) {
    return known;
  }
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/users`,
    headers: bearer(await t.login(logins.operator)),
    payload: { email, name: 'Dee Sposable', roles: ['project_manager'], password: 'disposable-password' },
  });
  expect(response.statusCode, response.body).toBe(201);
  const user = response.json<{ id: string; organizationId: string }>();
  disposable.set(email, user);
  return user;
}

const importCsv =
  'customerExternalId,customerName,country,programName,licensingId,endsOn,days\r\n' +
  'ROLES-C-1,Roles Customer,US,Software Assurance Planning Services,ROLES-L-1,2023-06-30,0\r\n';

/** A multipart body with one CSV file part. */
function csvFile(content: string): { payload: string; headers: Record<string, string> } {
  return {
    payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="roles.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--XyZ--\r\n`,
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
  };
}

let importId: string | undefined;

/** A dry-run import started once by the operator, for the reads of a run. */
async function anImport(t: TestApp): Promise<string> {
  if (!importId) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=agreements&dryRun=true',
      headers: { ...bearer(await t.login(logins.operator)), ...csvFile(importCsv).headers },
      payload: csvFile(importCsv).payload,
    });
    expect(response.statusCode, response.body).toBe(202);
    importId = response.json<{ id: string }>().id;
  }
  return importId;
}

const read = (route: string, url: (t: TestApp) => string): RouteCase => ({
  method: 'GET',
  route,
  request: (t) => ({ url: url(t) }),
  allowed: 'all',
  success: 200,
});

export const platformRoutes: RouteCase[] = [
  // Changes.
  {
    method: 'POST',
    route: '/organizations',
    request: (_t, { n }) => ({
      url: '/api/v1/organizations',
      body: { kind: 'partner', name: `Roles Partner ${n}`, country: 'DE' },
    }),
    allowed: operatorAdmin,
    success: 201,
  },
  {
    method: 'POST',
    route: '/organizations/{id}/users (customer)',
    request: (t, { n }) => ({
      url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/users`,
      body: { email: `roles-${n}@northwind.example`, name: `Person ${n}`, roles: ['project_manager'] },
    }),
    owner: org.northwind,
    allowed: [logins.operator, logins.benefits],
    success: 201,
  },
  {
    method: 'POST',
    route: '/organizations/{id}/users (partner)',
    request: (t, { n }) => ({
      url: `/api/v1/organizations/${t.demo.organizationIds[org.fabrikam]}/users`,
      body: { email: `roles-${n}@fabrikam.example`, name: `Person ${n}`, roles: ['consultant'] },
    }),
    owner: org.fabrikam,
    allowed: [logins.operator, logins.partner],
    success: 201,
  },
  {
    method: 'PUT',
    route: '/organizations/{id}/users/{userId}/roles',
    request: async (t) => {
      const user = await disposableUser(t, 'roles-target@northwind.example');
      return {
        url: `/api/v1/organizations/${user.organizationId}/users/${user.id}/roles`,
        body: { roles: ['project_manager'] },
      };
    },
    owner: org.northwind,
    allowed: [logins.operator, logins.benefits],
    success: 200,
  },
  {
    method: 'POST',
    route: '/organizations/{id}/users/{userId}/deactivation',
    // A fresh user each time, so that no demo login is deactivated.
    request: async (t, { n }) => {
      const user = await disposableUser(t, `deactivate-${n}@northwind.example`);
      return { url: `/api/v1/organizations/${user.organizationId}/users/${user.id}/deactivation` };
    },
    owner: org.northwind,
    allowed: [logins.operator, logins.benefits],
    success: 200,
  },
  {
    method: 'GET',
    route: '/organizations/{id}/users',
    request: (t) => ({ url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/users` }),
    owner: org.northwind,
    allowed: [logins.operator, logins.finance, logins.benefits, logins.pm],
    success: 200,
  },
  {
    method: 'POST',
    route: '/programs',
    request: (_t, { n }) => ({
      url: '/api/v1/programs',
      body: {
        name: `Roles Program ${n}`,
        timeZone: 'Pacific/Auckland',
        voucherLifetimeDays: 180,
        paymentWindowDays: 60,
        calendar,
      },
    }),
    allowed: operatorAdmin,
    success: 201,
  },
  {
    method: 'POST',
    route: '/programs/{id}/engagement-types',
    request: (t, { n }) => ({
      url: `/api/v1/programs/${t.demo.programId}/engagement-types`,
      body: {
        code: `ROLES-${n}`,
        offeringCode: 'DDPS',
        name: `Roles Engagement ${n}`,
        allowedLengths: [1, 3],
        competencies: ['Windows and Devices'],
        exams: ['MD-100'],
      },
    }),
    allowed: operatorAdmin,
    success: 201,
  },
  {
    method: 'POST',
    route: '/programs/{id}/offerings',
    request: (t, { n }) => ({
      url: `/api/v1/programs/${t.demo.programId}/offerings`,
      body: { code: `ROLES${n}`, name: `Roles Offering ${n}`, competencies: ['Windows and Devices'] },
    }),
    allowed: operatorAdmin,
    success: 201,
  },
  {
    method: 'POST',
    route: '/programs/{id}/agreement',
    // A new version for partners to sign: no row of this table depends on Fabrikam's signature.
    request: (t, { n }) => ({
      url: `/api/v1/programs/${t.demo.programId}/agreement`,
      body: { version: `roles-${n}`, text: `Program agreement, roles version ${n}.` },
    }),
    allowed: operatorAdmin,
    success: 201,
  },
  {
    method: 'PUT',
    route: '/programs/{id}/rates/{country}',
    request: (t, { n }) => ({
      url: `/api/v1/programs/${t.demo.programId}/rates/NZ`,
      body: { amountMinor: 100_000 + n, currency: 'NZD' },
    }),
    allowed: operatorAdmin,
    success: 200,
  },
  {
    method: 'PUT',
    route: '/clock',
    // Forward each time: moving the clock back needs allowBackwards (decision 017).
    request: (_t, { n }) => ({
      url: '/api/v1/clock',
      body: { now: new Date(Date.UTC(2021, 2, 2, 9) + n * 60_000).toISOString() },
    }),
    allowed: operatorAdmin,
    success: 200,
    simulated: true,
  },
  // Bulk imports (issue 11): the operator admin; the role is checked before the file is read.
  {
    method: 'POST',
    route: '/imports',
    request: () => ({ url: '/api/v1/imports?kind=agreements&dryRun=true', raw: csvFile(importCsv) }),
    allowed: operatorAdmin,
    success: 202,
    rolesFirst: ['operator_admin'],
  },
  {
    method: 'GET',
    route: '/imports/{id}',
    request: async (t) => ({ url: `/api/v1/imports/${await anImport(t)}` }),
    allowed: operatorAdmin,
    success: 200,
    rolesFirst: ['operator_admin'],
  },
  // Reads: every signed-in user.
  read('/me', () => '/api/v1/me'),
  read('/health', () => '/api/v1/health'),
  read('/ready', () => '/api/v1/ready'),
  read('/clock', () => '/api/v1/clock'),
  read('/organizations', () => '/api/v1/organizations'),
  read('/programs', () => '/api/v1/programs'),
  read('/programs/{id}', (t) => `/api/v1/programs/${t.demo.programId}`),
  read('/programs/{id}/engagement-types', (t) => `/api/v1/programs/${t.demo.programId}/engagement-types`),
  read('/programs/{id}/offerings', (t) => `/api/v1/programs/${t.demo.programId}/offerings`),
  read('/programs/{id}/agreement', (t) => `/api/v1/programs/${t.demo.programId}/agreement`),
  read('/programs/{id}/rates', (t) => `/api/v1/programs/${t.demo.programId}/rates`),
];
