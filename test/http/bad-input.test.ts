import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';

/** Issue 9, findings 2, 7, 8 and 13: ordinary bad input gets a bounded 4xx problem, never a 500. */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await buildTestApp();
  token = await t.login('operator@saps.example');
});
afterAll(async () => {
  await t.close();
});

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function expectProblem(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, code, type: `/problems/${code}` });
}

describe('a NUL character (PostgreSQL stores none)', () => {
  it('in the unauthenticated password reset body is a 400 naming the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'pm@northwind.example\u0000' },
    });
    expectProblem(response, 400, 'validation-failed');
    expect(response.json().errors).toEqual([{ path: 'body.email', message: expect.stringContaining('NUL') }]);
  });

  it('in the directory q is a 400', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partner-directory?q=a%00b',
      headers: bearer(token),
    });
    expectProblem(response, 400, 'validation-failed');
    expect(response.json().errors[0].path).toBe('query.q');
  });

  it('in a nested text field, and in a key, is a 400', async () => {
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: bearer(token),
      payload: { kind: 'partner', name: 'Nul\u0000 Consulting', country: 'US' },
    });
    expectProblem(nested, 400, 'validation-failed');
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'pm@northwind.example', password: 'demo-password', ['x\u0000']: 1 },
    });
    expectProblem(key, 400, 'validation-failed');
  });

  it('in a path parameter names no object (404)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/a%00b', headers: bearer(token) });
    expectProblem(response, 404, 'not-found');
  });
});

describe('crafted cursors are 400s', () => {
  const cases: [string, string][] = [
    ['a non-UUID id', cursorOf({ at: '2021-03-01T09:00:00.000Z', id: 'not-a-uuid' })],
    [
      'a date PostgreSQL cannot store',
      cursorOf({ at: '+275760-09-13T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
    ],
    ['a date that is not an issued instant', cursorOf({ at: '99999', id: '00000000-0000-4000-8000-000000000000' })],
    ['not JSON', 'bm90IGpzb24'],
    ['JSON null', cursorOf(null)],
  ];
  for (const [what, cursor] of cases) {
    it(`on a keyset page: ${what}`, async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organizations?cursor=${cursor}`,
        headers: bearer(token),
      });
      expectProblem(response, 400, 'validation-failed');
      expect(response.json().errors).toEqual([{ path: 'query.cursor', message: 'invalid cursor' }]);
    });
  }

  it('an issued-looking cursor still works (boundary: a real instant and id)', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations?cursor=${cursorOf({ at: '2021-03-01T09:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' })}`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);
  });

  for (const offset of [1e300, -1, 1.5, 1_000_001]) {
    it(`the directory offset ${offset}`, async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/partner-directory?cursor=${cursorOf({ offset })}`,
        headers: bearer(token),
      });
      expectProblem(response, 400, 'validation-failed');
    });
  }

  it('the directory offset at the maximum is a (possibly empty) page', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/partner-directory?cursor=${cursorOf({ offset: 1_000_000 })}`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);
  });

  it('an id cursor (audit log) beyond a safe integer', async () => {
    for (const cursor of ['1e300', '99999999999999999999', '-1', '0x10']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit-events?cursor=${cursor}`,
        headers: bearer(token),
      });
      expectProblem(response, 400, 'validation-failed');
    }
  });
});

describe("Fastify's own refusals are problem+json", () => {
  it('bad percent-encoding is a 400', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/vouchers/%ZZ', headers: bearer(token) });
    expectProblem(response, 400, 'validation-failed');
  });

  it('a path parameter over 100 characters is a 404, not a 414; at 100 it is routed', async () => {
    const long = await t.app.inject({
      method: 'GET',
      url: `/api/v1/vouchers/${'a'.repeat(101)}`,
      headers: bearer(token),
    });
    expectProblem(long, 404, 'not-found');
    const atLimit = await t.app.inject({
      method: 'GET',
      url: `/api/v1/vouchers/${'a'.repeat(100)}`,
      headers: bearer(token),
    });
    expectProblem(atLimit, 404, 'not-found');
  });

  it('a wrong content type is a 400 problem', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: 'email=x',
        headers: { 'content-type': type },
      });
      expectProblem(response, 400, 'validation-failed');
    }
  });
});

describe('bounded error answers', () => {
  it('20 field errors at most, then "… and N more"', async () => {
    const payload: Record<string, string> = { email: 'pm@northwind.example', password: 'x' };
    for (let i = 0; i < 5000; i += 1) {
      payload[`unknown-key-${i}-${'k'.repeat(100)}`] = 'v';
    }
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
    expectProblem(response, 400, 'validation-failed');
    const errors = response.json().errors as { path: string; message: string }[];
    expect(errors).toHaveLength(21);
    expect(errors[20]).toEqual({ path: '…', message: '… and 4980 more' });
    expect(response.body.length).toBeLessThan(10_000);
  });

  it('exactly 20 errors are all shown', async () => {
    const payload: Record<string, string> = { email: 'pm@northwind.example', password: 'x' };
    for (let i = 0; i < 20; i += 1) {
      payload[`k${i}`] = 'v';
    }
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
    expect(response.json().errors).toHaveLength(20);
  });
});

describe('probes and the clock ignore credentials', () => {
  it('a stale bearer token does not make /health or GET /clock a 401', async () => {
    for (const url of ['/api/v1/health', '/api/v1/clock']) {
      const response = await t.app.inject({ method: 'GET', url, headers: bearer('stale-token') });
      expect(response.statusCode, url).toBe(200);
    }
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer('stale-token') });
    expect(me.statusCode).toBe(401);
  });

  it('the password-reset 202 has no body at all', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'nobody@example.com' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.body).toBe('');
  });
});
