import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, organizations, rates, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let operator: string;
let benefits: string;

beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
  benefits = await t.login('benefits@northwind.example');
});
afterAll(async () => {
  await t.close();
});

async function counts(): Promise<{ organizations: number; users: number; audit: number }> {
  const [o] = await t.ctx.db.select({ n: count() }).from(organizations);
  const [u] = await t.ctx.db.select({ n: count() }).from(users);
  const [a] = await t.ctx.db.select({ n: count() }).from(auditEvents);
  return { organizations: o!.n, users: u!.n, audit: a!.n };
}

const createOrganization = (token: string, key: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: { ...bearer(token), 'idempotency-key': key },
    payload,
  });

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and creates nothing more', async () => {
    const payload = { kind: 'customer', name: 'Replay Industries', country: 'US' };
    const before = await counts();
    const first = await createOrganization(operator, 'replay-1', payload);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const afterFirst = await counts();
    expect(afterFirst).toEqual({
      organizations: before.organizations + 1,
      users: before.users,
      audit: before.audit + 1,
    });

    for (let i = 0; i < 2; i += 1) {
      const again = await createOrganization(operator, 'replay-1', payload);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.json()).toEqual(first.json());
    }
    expect(await counts()).toEqual(afterFirst);
    const named = await t.ctx.db
      .select({ n: count() })
      .from(organizations)
      .where(eq(organizations.name, 'Replay Industries'));
    expect(named[0]!.n).toBe(1);
  });

  it('replays a PUT as well, leaving the value of the first request', async () => {
    const url = `/api/v1/programs/${t.demo.programId}/rates/IE`;
    const headers = { ...bearer(operator), 'idempotency-key': 'replay-put' };
    const first = await t.app.inject({ method: 'PUT', url, headers, payload: { amountMinor: 111, currency: 'EUR' } });
    expect(first.statusCode).toBe(200);
    // Someone else changes the rate in between; the replay must not write the old value back.
    const other = await t.app.inject({
      method: 'PUT',
      url,
      headers: bearer(operator),
      payload: { amountMinor: 222, currency: 'EUR' },
    });
    expect(other.statusCode).toBe(200);
    const replay = await t.app.inject({ method: 'PUT', url, headers, payload: { amountMinor: 111, currency: 'EUR' } });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const [row] = await t.ctx.db.select().from(rates).where(eq(rates.country, 'IE'));
    expect(row!.amountMinor).toBe(222);
  });

  it('refuses the same key with another body with 422 idempotency-key-reused, creating nothing', async () => {
    const first = await createOrganization(operator, 'reused-1', {
      kind: 'customer',
      name: 'First Body',
      country: 'US',
    });
    expect(first.statusCode).toBe(201);
    const before = await counts();
    const second = await createOrganization(operator, 'reused-1', {
      kind: 'customer',
      name: 'Second Body',
      country: 'US',
    });
    expect(second.statusCode).toBe(422);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.json()).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    expect(await counts()).toEqual(before);
  });

  it('refuses the same key on another route with 422 idempotency-key-reused', async () => {
    const first = await createOrganization(operator, 'reused-2', { kind: 'partner', name: 'Route One', country: 'US' });
    expect(first.statusCode).toBe(201);
    const before = await counts();
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${first.json<{ id: string }>().id}/users`,
      headers: { ...bearer(operator), 'idempotency-key': 'reused-2' },
      payload: { email: 'route-two@example.com', name: 'Route Two', roles: ['consultant'] },
    });
    expect(second.statusCode).toBe(422);
    expect(second.json()).toMatchObject({ type: '/problems/idempotency-key-reused' });
    expect(await counts()).toEqual(before);
  });

  it('keeps keys per user: two users use the same key independently', async () => {
    const northwind = t.demo.organizationIds['Northwind Traders']!;
    const key = 'shared-key';
    const before = await counts();
    const byOperator = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${northwind}/users`,
      headers: { ...bearer(operator), 'idempotency-key': key },
      payload: { email: 'by-operator@northwind.example', name: 'By Operator', roles: ['project_manager'] },
    });
    const byBenefits = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${northwind}/users`,
      headers: { ...bearer(benefits), 'idempotency-key': key },
      payload: { email: 'by-benefits@northwind.example', name: 'By Benefits', roles: ['project_manager'] },
    });
    expect(byOperator.statusCode).toBe(201);
    expect(byBenefits.statusCode).toBe(201);
    expect(byBenefits.headers['idempotent-replayed']).toBeUndefined();
    expect(byBenefits.json().email).toBe('by-benefits@northwind.example');
    expect((await counts()).users).toBe(before.users + 2);
  });

  it('replays a refused first request (400) as the same refusal', async () => {
    const northwind = t.demo.organizationIds['Northwind Traders']!;
    // A consultant cannot belong to a customer: the use case refuses with validation-failed.
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${northwind}/users`,
        headers: { ...bearer(operator), 'idempotency-key': 'refused-1' },
        payload: { email: 'wrong-role@northwind.example', name: 'Wrong Role', roles: ['consultant'] },
      });
    const before = await counts();
    const first = await send();
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ type: '/problems/validation-failed' });
    const again = await send();
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.body).toBe(first.body);
    expect(await counts()).toEqual(before);
  });

  it('replays a refused first request (403) as the same refusal', async () => {
    const send = () => createOrganization(benefits, 'refused-2', { kind: 'customer', name: 'Not Mine', country: 'US' });
    const first = await send();
    expect(first.statusCode).toBe(403);
    const again = await send();
    expect(again.statusCode).toBe(403);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
  });

  it('refuses a key longer than 255 characters with 400 validation-failed', async () => {
    const before = await counts();
    const response = await createOrganization(operator, 'k'.repeat(256), {
      kind: 'customer',
      name: 'Long Key',
      country: 'US',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      type: '/problems/validation-failed',
      errors: [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 characters' }],
    });
    expect(await counts()).toEqual(before);
  });

  it('lets a key be used afresh after 24 hours', async () => {
    const payload = { kind: 'customer', name: 'Day Two', country: 'US' };
    const first = await createOrganization(operator, 'expires-1', payload);
    expect(first.statusCode).toBe(201);
    t.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const token = await t.login('operator@saps.example');
    const later = await createOrganization(token, 'expires-1', { ...payload, name: 'Day Two Again' });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.json().id);
  });
});
