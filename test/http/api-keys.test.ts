import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditEvents, engagementTypes, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { actorFor, demoEmails, ensureAgreement } from '../support/voucher-factory.js';

let t: TestApp;
let northwind: string;

beforeAll(async () => {
  t = await buildTestApp();
  northwind = t.demo.organizationIds['Northwind Traders']!;
});
afterAll(async () => {
  await t.close();
});

async function call(token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: response.body ? response.json<any>() : null,
    headers: response.headers,
  };
}

async function createKey(email: string, organizationId: string, body: object) {
  return call(await t.login(email), 'POST', `/organizations/${organizationId}/api-keys`, body);
}

describe('API keys', () => {
  it('shows the token once, stores only its hash, and lists keys without tokens', async () => {
    const created = await createKey(demoEmails.benefitAdmin, northwind, {
      name: 'licensing sync',
      roles: ['benefit_admin'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'licensing sync',
      roles: ['benefit_admin'],
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(created.body.token).toMatch(/^saps_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, created.body.id));
    expect(JSON.stringify(row)).not.toContain(created.body.token.slice(5));
    const list = await call(await t.login(demoEmails.benefitAdmin), 'GET', `/organizations/${northwind}/api-keys`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
  });

  it('gives a key only roles its creator holds, and only an admin of the organisation may create one', async () => {
    const notHeld = await createKey(demoEmails.benefitAdmin, northwind, { name: 'x', roles: ['project_manager'] });
    expect(notHeld.status).toBe(400);
    expect(notHeld.body.errors).toEqual([{ path: 'body.roles', message: 'not yours to give: project_manager' }]);
    expect((await createKey(demoEmails.benefitAdmin, northwind, { name: 'x', roles: ['operator_admin'] })).status).toBe(
      400,
    );
    expect(
      (await createKey(demoEmails.projectManager, northwind, { name: 'x', roles: ['project_manager'] })).status,
    ).toBe(403);
    expect((await createKey(demoEmails.otherPartner, northwind, { name: 'x', roles: ['partner_admin'] })).status).toBe(
      404,
    );
    expect((await createKey(demoEmails.operator, northwind, { name: 'x', roles: ['operator_admin'] })).status).toBe(
      404,
    );
  });

  it('acts as the organisation with the key’s roles only, and the audit names the key', async () => {
    const { body: key } = await createKey(demoEmails.benefitAdmin, northwind, {
      name: 'voucher robot',
      roles: ['benefit_admin'],
    });
    const me = await call(key.token, 'GET', '/me');
    expect(me.body).toMatchObject({ organizationId: northwind, roles: ['benefit_admin'] });
    const vouchers = await call(key.token, 'GET', '/vouchers');
    expect(vouchers.status).toBe(200);
    expect(vouchers.body.items.every((v: { organizationId: string }) => v.organizationId === northwind)).toBe(true);
    // Out of its scope: operator work, another organisation, making more keys.
    expect(
      (await call(key.token, 'POST', '/organizations', { kind: 'customer', name: 'X', country: 'US' })).status,
    ).toBe(403);
    expect(
      (await call(key.token, 'GET', `/organizations/${t.demo.organizationIds['Fabrikam Consulting']}`)).status,
    ).toBe(404);
    expect(
      (await call(key.token, 'POST', `/organizations/${northwind}/api-keys`, { name: 'y', roles: ['benefit_admin'] }))
        .status,
    ).toBe(403);

    const agreementId = await ensureAgreement(t);
    const pm = await actorFor(t, demoEmails.projectManager);
    const [type] = await t.ctx.db
      .select({ id: engagementTypes.id })
      .from(engagementTypes)
      .where(and(eq(engagementTypes.programId, t.demo.programId), eq(engagementTypes.code, 'DDPS-WOD')));
    const voucher = await call(key.token, 'POST', '/vouchers', {
      agreementId,
      engagementTypeId: type!.id,
      days: 3,
      projectManagerId: pm.userId,
    });
    expect(voucher.status).toBe(201);
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    const audit = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, voucher.body.id));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actorId === row!.principalId)).toBe(true);
    const [principal] = await t.ctx.db.select().from(users).where(eq(users.id, row!.principalId));
    expect(principal).toMatchObject({ name: 'API key “voucher robot”', passwordHash: null });
    // The key's principal is not listed among the organisation's people.
    const people = await call(
      await t.login(demoEmails.benefitAdmin),
      'GET',
      `/organizations/${northwind}/users?limit=200`,
    );
    expect(people.body.items.map((u: { id: string }) => u.id)).not.toContain(row!.principalId);
  });

  it('records the last use to the minute, without a write per request', async () => {
    const { body: key } = await createKey(demoEmails.benefitAdmin, northwind, {
      name: 'poller',
      roles: ['benefit_admin'],
    });
    const lastUsed = async () => (await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, key.id)))[0]!.lastUsedAt;
    const start = t.clock.now();
    await call(key.token, 'GET', '/vouchers');
    expect(await lastUsed()).toEqual(start);
    t.clock.set(new Date(start.getTime() + 59_000).toISOString());
    await call(key.token, 'GET', '/vouchers');
    expect(await lastUsed()).toEqual(start);
    t.clock.set(new Date(start.getTime() + 60_001).toISOString());
    await call(key.token, 'GET', '/vouchers');
    expect(await lastUsed()).toEqual(new Date(start.getTime() + 60_001));
    t.clock.set(start.toISOString());
  });

  it('is dead at once when revoked, and the revocation is audited', async () => {
    const { body: key } = await createKey(demoEmails.benefitAdmin, northwind, {
      name: 'old',
      roles: ['benefit_admin'],
    });
    expect((await call(key.token, 'GET', '/vouchers')).status).toBe(200);
    const admin = await t.login(demoEmails.benefitAdmin);
    expect((await call(admin, 'DELETE', `/organizations/${northwind}/api-keys/${key.id}`)).status).toBe(204);
    const refused = await call(key.token, 'GET', '/vouchers');
    expect(refused.status).toBe(401);
    expect(refused.body.type).toBe('/problems/unauthenticated');
    const list = await call(admin, 'GET', `/organizations/${northwind}/api-keys`);
    expect(list.body.items.find((k: { id: string }) => k.id === key.id).revokedAt).not.toBeNull();
    const audit = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.entityId, key.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
    // Another organisation cannot revoke it (404); an unknown key is 404 too.
    const other = await t.login(demoEmails.otherPartner);
    expect((await call(other, 'DELETE', `/organizations/${northwind}/api-keys/${key.id}`)).status).toBe(404);
    expect((await call(admin, 'DELETE', `/organizations/${northwind}/api-keys/${t.demo.programId}`)).status).toBe(404);
    expect((await call('saps_not-a-key', 'GET', '/vouchers')).status).toBe(401);
  });
});
