import { asc, count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogins } from '../../src/app/seed/seed-demo.js';
import { auditEvents, invitations, sessions, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

/**
 * Tenant isolation (domain.md invariant 4, conventions.md §7): a user of organisation B gets
 * 404 not-found, never 403, on every object of organisation A, exactly as for an id that does
 * not exist. Add each new route that exposes an organisation's object to `objectRoutes`.
 */
interface ObjectRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  /** `userId`: a user of the organisation, for routes on one of its people. */
  url: (organizationId: string, userId: string) => string;
  body?: (n: number) => object;
}

const objectRoutes: ObjectRoute[] = [
  { name: 'GET /organizations/{id}', method: 'GET', url: (id) => `/api/v1/organizations/${id}` },
  {
    name: 'POST /organizations/{id}/users',
    method: 'POST',
    url: (id) => `/api/v1/organizations/${id}/users`,
    body: (n) => ({ email: `intruder-${n}@example.com`, name: 'Ivy Intruder', roles: ['project_manager'] }),
  },
  { name: 'GET /organizations/{id}/users', method: 'GET', url: (id) => `/api/v1/organizations/${id}/users` },
  {
    name: 'PUT /organizations/{id}/users/{userId}/roles',
    method: 'PUT',
    url: (id, userId) => `/api/v1/organizations/${id}/users/${userId}/roles`,
    body: () => ({ roles: ['project_manager'] }),
  },
  {
    name: 'POST /organizations/{id}/users/{userId}/deactivation',
    method: 'POST',
    url: (id, userId) => `/api/v1/organizations/${id}/users/${userId}/deactivation`,
  },
];

const operatorOrganization = 'SAPS Program Operations';
const outsiders = demoLogins.filter((login) => login.organization !== operatorOrganization);
const organizationNames = [...new Set(demoLogins.map((login) => login.organization))];
const absentId = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
const tokens = new Map<string, string>();
let serial = 0;

beforeAll(async () => {
  t = await buildTestApp();
  for (const login of demoLogins) {
    tokens.set(login.email, await t.login(login.email));
  }
});
afterAll(async () => {
  await t.close();
});

/** Row counts, and every user's roles and state (the routes also change people). */
async function state(): Promise<unknown[]> {
  const result: unknown[] = [];
  for (const table of [users, invitations, auditEvents, sessions]) {
    const [row] = await t.ctx.db.select({ n: count() }).from(table);
    result.push(row!.n);
  }
  result.push(
    await t.ctx.db
      .select({ id: users.id, roles: users.roles, active: users.active })
      .from(users)
      .orderBy(asc(users.id)),
  );
  return result;
}

const cases = outsiders.flatMap((login) =>
  organizationNames
    .filter((name) => name !== login.organization)
    .flatMap((target) => objectRoutes.map((route) => ({ email: login.email, target, route, name: route.name }))),
);

describe("another organisation's objects", () => {
  it.each(cases)('$name of $target as $email answers 404 not-found, as for an absent id', async (c) => {
    const targetId = t.demo.organizationIds[c.target]!;
    const member = demoLogins.find((login) => login.organization === c.target)!;
    const userId = t.demo.userIds[member.email]!;
    const send = (id: string) =>
      t.app.inject({
        method: c.route.method,
        url: c.route.url(id, userId),
        headers: bearer(tokens.get(c.email)!),
        ...(c.route.body ? { payload: c.route.body((serial += 1)) } : {}),
      });
    const before = await state();
    const foreign = await send(targetId);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect(await state()).toEqual(before);
    // Indistinguishable from an id nobody issued (apart from the id itself).
    const absent = await send(absentId);
    expect(absent.statusCode).toBe(404);
    expect(foreign.body.replaceAll(targetId, absentId)).toBe(absent.body);
    expect(foreign.body).not.toContain(c.target);
  });
});

describe('GET /organizations', () => {
  it.each(outsiders.map((login) => ({ email: login.email, organization: login.organization })))(
    'shows $email only $organization',
    async ({ email, organization }) => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/organizations',
        headers: bearer(tokens.get(email)!),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json<{ items: { id: string; name: string }[] }>().items;
      expect(items).toEqual([
        expect.objectContaining({ id: t.demo.organizationIds[organization], name: organization }),
      ]);
    },
  );

  it.each(outsiders.map((login) => ({ email: login.email })))(
    'shows $email nothing of another kind, even when asked by ?kind=',
    async ({ email }) => {
      const own = demoLogins.find((l) => l.email === email)!.organization;
      const ownKind = own === 'Northwind Traders' ? 'customer' : 'partner';
      const otherKind = ownKind === 'customer' ? 'partner' : 'customer';
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organizations?kind=${otherKind}`,
        headers: bearer(tokens.get(email)!),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().items).toEqual([]);
    },
  );

  it('shows operators every organisation', async () => {
    for (const email of ['operator@saps.example', 'finance@saps.example']) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/organizations',
        headers: bearer(tokens.get(email)!),
      });
      const names = response.json<{ items: { name: string }[] }>().items.map((o) => o.name);
      expect(names).toEqual(expect.arrayContaining(organizationNames));
    }
  });

  it("lets an operator read any organisation's object", async () => {
    for (const name of organizationNames) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organizations/${t.demo.organizationIds[name]}`,
        headers: bearer(tokens.get('finance@saps.example')!),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ name });
    }
  });
});
