import { describe, expect, it } from 'vitest';
import { demoLogins } from '../../src/app/seed/seed-demo.js';
import { bearer } from '../support/app.js';
import { routeKey, runRoleTable } from '../support/roles.js';
import { integrationRoutes } from './roles/integrations.js';
import { partnerRoutes } from './roles/partners.js';
import { operationRoutes, paymentRoutes } from './roles/payments.js';
import { platformRoutes } from './roles/platform.js';
import { notifyRoutes } from './roles/notify.js';
import { agreementRoutes, fileRoutes, voucherRoutes } from './roles/vouchers.js';

/**
 * Every route × every demo login (issue 2): the tables live in test/http/roles/, one per area,
 * each run by its own test file (roles-*.test.ts); this file runs the platform table and checks
 * that together they cover every documented route. A new route goes into the table of its area
 * with who may call it and whose object it is (test/support/roles.ts says how refusals follow).
 */
const apps = runRoleTable('platform', platformRoutes);

const allTables = [
  ...platformRoutes,
  ...partnerRoutes,
  ...agreementRoutes,
  ...voucherRoutes,
  ...fileRoutes,
  ...paymentRoutes,
  ...operationRoutes,
  ...notifyRoutes,
  ...integrationRoutes,
];

/**
 * Routes not yet in a table. Debt, not an exemption: whoever owns one moves it into its area's
 * table and off this list. A route in neither fails the coverage test below.
 */
const notYetInTable: string[] = [];

describe('GET /organizations/{own id}', () => {
  it.each(demoLogins.map((login) => ({ email: login.email, login })))('as $email answers 200', async ({ login }) => {
    const response = await apps.t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${apps.t.demo.organizationIds[login.organization]}`,
      headers: bearer(apps.tokens.get(login.email)!),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: login.organization });
  });
});

describe('the tables', () => {
  it('cover every demo login of seed-demo.ts (seven)', () => {
    expect(demoLogins).toHaveLength(7);
    expect(new Set(demoLogins.map((login) => login.email)).size).toBe(7);
  });

  it('list each route once', () => {
    const names = allTables.map((route) => `${route.method} ${route.route}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('cover every /api/v1 route, except the public auth routes and those still to be added', () => {
    const listed = new Set(allTables.map(routeKey).concat('GET /organizations/{id}'));
    const document = apps.t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const exempt = new Set([
      'POST /auth/login',
      'POST /auth/logout',
      'POST /auth/invitations/accept',
      'POST /auth/password-reset',
      'POST /auth/password-reset/confirm',
      // Single sign-on (decision 027): signing in is what they are for, and the sign-in page asks
      // which ways there are before anyone has signed in (test/http/single-sign-on.test.ts).
      'GET /auth/providers',
      'GET /auth/oidc/start',
      'GET /auth/oidc/callback',
      // Authorised by the signed token of a reminder e-mail, not by a sign-in (RFC 8058).
      'GET /reminders/unsubscribe',
      'POST /reminders/unsubscribe',
      ...notYetInTable,
    ]);
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.slice('/api/v1'.length)}`),
      )
      .filter((route) => !exempt.has(route));
    expect(documented.filter((route) => !listed.has(route))).toEqual([]);
    // Nothing in the tables that the document does not list (a renamed route, a typo).
    expect([...listed].filter((route) => !documented.includes(route) && !exempt.has(route))).toEqual([]);
  });
});
