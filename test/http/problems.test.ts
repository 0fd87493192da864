import { asc, count } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  engagementTypes,
  idempotencyKeys,
  invitations,
  organizations,
  outbox,
  programs,
  rates,
  users,
} from '../../src/db/schema/index.js';
import { problemCodes } from '../../src/domain/errors.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let operator: string;
let pm: string;

beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
  pm = await t.login('pm@northwind.example');
});
afterAll(async () => {
  await t.close();
});

/** Every row a refused request could have written, counted; the rate card by value. */
async function snapshot(): Promise<Record<string, unknown>> {
  const tables = { organizations, users, invitations, programs, engagementTypes, rates, auditEvents, outbox };
  const counts: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.ctx.db.select({ n: count() }).from(table);
    counts[name] = row!.n;
  }
  counts.rateCard = await t.ctx.db
    .select({ programId: rates.programId, country: rates.country, amountMinor: rates.amountMinor })
    .from(rates)
    .orderBy(asc(rates.programId), asc(rates.country));
  return counts;
}

/** The RFC 9457 shape every refusal shares (api.md, "Errors"). */
function expectProblem(response: LightMyRequestResponse, slug: string, status: number): Record<string, unknown> {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({ type: `/problems/${slug}`, status });
  expect(typeof body.title).toBe('string');
  expect((body.title as string).length).toBeGreaterThan(0);
  expect(typeof body.detail).toBe('string');
  expect((body.detail as string).length).toBeGreaterThan(0);
  return body;
}

const newOrganization = () => ({ kind: 'customer', name: 'Problem Test Customer', country: 'FR' });

describe('problem+json for every slug the current routes produce', () => {
  it('validation-failed (400) lists each invalid field with path and message', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: bearer(operator),
      payload: { kind: 'government', name: '', country: 'France' },
    });
    const body = expectProblem(response, 'validation-failed', 400);
    const errors = body.errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path).sort()).toEqual(['body.country', 'body.kind', 'body.name']);
    for (const error of errors) {
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it('unauthenticated (401) without credentials', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/me' }), 'unauthenticated', 401);
  });

  it('unauthenticated (401) with a bearer token that is not valid', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/programs', headers: bearer('not-a-token') });
    expectProblem(response, 'unauthenticated', 401);
  });

  it('forbidden (403) when the role may not act, naming the roles that may', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: bearer(pm),
      payload: newOrganization(),
    });
    const body = expectProblem(response, 'forbidden', 403);
    // The detail names the role in words (issue 12: no API names in messages), params by key.
    expect(body.detail).toContain('Operator admin');
    expect(body.params).toEqual({ roles: ['operator_admin'] });
  });

  it('not-found (404) for an id nobody issued', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organizations/00000000-0000-4000-8000-000000000000',
      headers: bearer(operator),
    });
    expectProblem(response, 'not-found', 404);
  });

  it('not-found (404) for a route that does not exist', async () => {
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: bearer(operator) }),
      'not-found',
      404,
    );
  });

  it('policy-violation (422) for a second program with the same name', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/programs',
      headers: bearer(operator),
      payload: {
        name: 'Software Assurance Planning Services',
        timeZone: 'UTC',
        voucherLifetimeDays: 180,
        paymentWindowDays: 60,
        calendar: {
          cloudRetirementDate: '2020-02-01',
          trainingConversionEndDate: '2020-02-01',
          accrualEndDate: '2021-02-01',
          lastVoucherDate: '2021-06-30',
          daysRemovalDate: '2021-07-01',
          lastRedemptionDate: '2022-01-01',
        },
      },
    });
    const body = expectProblem(response, 'policy-violation', 422);
    expect(body.errors).toEqual([{ path: 'body.name', message: 'already in use' }]);
  });

  it('idempotency-key-reused (422) for one key with two bodies', async () => {
    const headers = { ...bearer(operator), 'idempotency-key': 'problems-reused' };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers,
      payload: { ...newOrganization(), name: 'Reused Key One' },
    });
    expect(first.statusCode).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers,
      payload: { ...newOrganization(), name: 'Reused Key Two' },
    });
    expectProblem(second, 'idempotency-key-reused', 422);
  });

  it('the same Idempotency-Key sent twice at once: the second waits for the first and replays its answer (decision 013)', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${t.demo.organizationIds['Northwind Traders']}/users`,
        headers: { ...bearer(operator), 'idempotency-key': 'problems-concurrent' },
        // A password makes the first request hash it (tens of ms) while holding the key.
        payload: {
          email: 'concurrent@northwind.example',
          name: 'Cora Current',
          roles: ['project_manager'],
          password: 'a-long-enough-password',
        },
      });
    const responses = await Promise.all([send(), send()]);
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(responses[1].json()).toEqual(responses[0].json());
  });

  it('rate-limited (429) with Retry-After after repeated failed sign-ins', async () => {
    let response: LightMyRequestResponse | undefined;
    for (let i = 0; i < 6; i += 1) {
      response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'consultant@fabrikam.example', password: 'wrong-password' },
        remoteAddress: '10.9.9.9',
      });
    }
    expectProblem(response!, 'rate-limited', 429);
    expect(Number(response!.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('problem+json for the slugs of the agreement and voucher routes', () => {
  interface EngagementType {
    id: string;
    cloud: boolean;
    allowedLengths: number[];
  }

  async function northwindAgreement(): Promise<string> {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/agreements?organizationId=${t.demo.organizationIds['Northwind Traders']}`,
      headers: bearer(operator),
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: { id: string }[] }>().items[0]!.id;
  }

  async function liveEngagementType(): Promise<{ id: string; days: number }> {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/programs/${t.demo.programId}/engagement-types`,
      headers: bearer(operator),
    });
    const types = response.json<{ items: EngagementType[] }>().items;
    // Not cloud (retired), and under 15 days (one 15-day voucher per type and customer).
    const type = types.find((et) => !et.cloud && et.allowedLengths.some((d) => d < 15))!;
    return { id: type.id, days: Math.max(...type.allowedLengths.filter((d) => d < 15)) };
  }

  const createVoucher = async (agreementId: string, type: { id: string; days: number }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/vouchers',
      headers: bearer(await t.login('benefits@northwind.example')),
      payload: {
        agreementId,
        engagementTypeId: type.id,
        days: type.days,
        projectManagerId: t.demo.userIds['pm@northwind.example'],
      },
    });

  it('deadline-passed (422) names the rule and the date: no accrual from 2021-02-01', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agreements/${await northwindAgreement()}/accruals`,
      headers: bearer(operator),
      payload: { days: 5, note: 'too late' },
    });
    const body = expectProblem(response, 'deadline-passed', 422);
    expect(body.detail).toContain('2021-02-01');
  });

  it('invalid-transition (409) when cancelling a cancelled voucher', async () => {
    const created = await createVoucher(await northwindAgreement(), await liveEngagementType());
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/v1/vouchers/${created.json<{ id: string }>().id}/cancel`;
    const headers = bearer(await t.login('benefits@northwind.example'));
    expect((await t.app.inject({ method: 'POST', url, headers })).statusCode).toBe(200);
    expectProblem(await t.app.inject({ method: 'POST', url, headers }), 'invalid-transition', 409);
  });

  it('insufficient-days (422) once the balance cannot cover a voucher', async () => {
    const agreementId = await northwindAgreement();
    const type = await liveEngagementType();
    let response = await createVoucher(agreementId, type);
    for (let i = 0; i < 50 && response.statusCode === 201; i += 1) {
      response = await createVoucher(agreementId, type);
    }
    expectProblem(response, 'insufficient-days', 422);
  });
});

describe('GET /problems/<slug>', () => {
  it.each(problemCodes.map((code) => [code]))('explains %s with 200', async (slug) => {
    const html = await t.app.inject({ method: 'GET', url: `/problems/${slug}` });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain(`/problems/${slug}`);
    const json = await t.app.inject({
      method: 'GET',
      url: `/problems/${slug}`,
      headers: { accept: 'application/json' },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ slug, status: expect.any(Number), title: expect.any(String) });
  });

  it('answers an unknown slug with 404 not-found', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/problems/no-such-problem' }), 'not-found', 404);
  });
});

describe('bad input is refused and changes nothing', () => {
  async function refusedWithoutChange(
    request: InjectOptions,
    slug: string,
    status: number,
  ): Promise<Record<string, unknown>> {
    const before = await snapshot();
    const response = await t.app.inject(request);
    const body = expectProblem(response, slug, status);
    expect(await snapshot()).toEqual(before);
    return body;
  }

  it('refuses an unknown JSON field with 400 naming body.<field>', async () => {
    const body = await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: bearer(operator),
        payload: { ...newOrganization(), colour: 'blue' },
      },
      'validation-failed',
      400,
    );
    expect(body.errors).toEqual([{ path: 'body.colour', message: 'unknown field' }]);
  });

  it('refuses an unknown query parameter with 400 naming query.<name>', async () => {
    const body = await refusedWithoutChange(
      { method: 'GET', url: '/api/v1/organizations?colour=blue', headers: bearer(operator) },
      'validation-failed',
      400,
    );
    expect(body.errors).toEqual([{ path: 'query.colour', message: 'unknown field' }]);
  });

  it('names query parameters under query. whether the schema or the use case refuses them', async () => {
    const body = await refusedWithoutChange(
      { method: 'GET', url: '/api/v1/organizations?limit=500&cursor=garbage', headers: bearer(operator) },
      'validation-failed',
      400,
    );
    expect((body.errors as { path: string }[]).map((e) => e.path)).toEqual(['query.limit']);
    const cursor = await refusedWithoutChange(
      { method: 'GET', url: '/api/v1/organizations?cursor=garbage', headers: bearer(operator) },
      'validation-failed',
      400,
    );
    expect((cursor.errors as { path: string }[]).map((e) => e.path)).toEqual(['query.cursor']);
  });

  it('refuses a body over 1 MiB with 400 validation-failed saying it is too large', async () => {
    const body = await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(operator), 'content-type': 'application/json' },
        payload: JSON.stringify({ ...newOrganization(), name: 'x'.repeat(1024 * 1024 + 1) }),
      },
      'validation-failed',
      400,
    );
    expect(body.errors).toEqual([{ path: 'body', message: 'the request body is too large' }]);
  });

  it('refuses a text/plain body with 400 validation-failed on the body', async () => {
    const body = await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(operator), 'content-type': 'text/plain' },
        payload: JSON.stringify(newOrganization()),
      },
      'validation-failed',
      400,
    );
    expect((body.errors as { path: string }[]).map((e) => e.path)).toEqual(['body']);
  });

  it('refuses an unsupported content type with 400 validation-failed', async () => {
    await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(operator), 'content-type': 'application/xml' },
        payload: '<organization/>',
      },
      'validation-failed',
      400,
    );
  });

  it('refuses malformed JSON with 400 validation-failed', async () => {
    const body = await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(operator), 'content-type': 'application/json' },
        payload: '{"kind": "customer", "name": ',
      },
      'validation-failed',
      400,
    );
    expect(body.errors).toEqual([{ path: 'body', message: 'the body is not valid JSON' }]);
  });

  it('answers a malformed id in a path with 404 not-found', async () => {
    await refusedWithoutChange(
      { method: 'GET', url: '/api/v1/organizations/not-an-id', headers: bearer(operator) },
      'not-found',
      404,
    );
    await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations/not-an-id/users',
        headers: bearer(operator),
        payload: { email: 'nobody@example.com', name: 'Nobody', roles: ['project_manager'] },
      },
      'not-found',
      404,
    );
    await refusedWithoutChange(
      {
        method: 'PUT',
        url: '/api/v1/programs/12345/rates/US',
        headers: bearer(operator),
        payload: { amountMinor: 1, currency: 'USD' },
      },
      'not-found',
      404,
    );
  });

  it('changes nothing on a refusal by role (403) or by rule (422)', async () => {
    await refusedWithoutChange(
      {
        method: 'PUT',
        url: `/api/v1/programs/${t.demo.programId}/rates/US`,
        headers: bearer(pm),
        payload: { amountMinor: 1, currency: 'USD' },
      },
      'forbidden',
      403,
    );
    await refusedWithoutChange(
      {
        method: 'POST',
        url: `/api/v1/organizations/${t.demo.organizationIds['Northwind Traders']}/users`,
        headers: bearer(operator),
        payload: { email: 'pm@northwind.example', name: 'Paul Again', roles: ['project_manager'] },
      },
      'policy-violation',
      422,
    );
  });

  it('stores no idempotency record for a request refused before it ran', async () => {
    const [before] = await t.ctx.db.select({ n: count() }).from(idempotencyKeys);
    await refusedWithoutChange(
      {
        method: 'POST',
        url: '/api/v1/organizations',
        headers: { ...bearer(operator), 'idempotency-key': 'problems-invalid', 'content-type': 'application/json' },
        payload: '{not json',
      },
      'validation-failed',
      400,
    );
    const [after] = await t.ctx.db.select({ n: count() }).from(idempotencyKeys);
    expect(after!.n).toBe(before!.n);
  });
});
