import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogins } from '../../src/app/seed/seed-demo.js';
import { bearer, buildTestApp, defaultTestInstant, type TestApp } from '../support/app.js';

const clockOf = async (t: TestApp, headers: Record<string, string> = {}) => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/clock', headers });
  expect(response.statusCode).toBe(200);
  const body = response.json<{ now: string; simulated: boolean }>();
  return { now: new Date(body.now), simulated: body.simulated };
};

describe('without a simulated clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /clock answers the server clock with simulated: false', async () => {
    const clock = await clockOf(t);
    expect(clock).toEqual({ now: new Date(defaultTestInstant), simulated: false });
    t.clock.set('2021-06-30T23:59:59.999Z');
    expect((await clockOf(t)).now.toISOString()).toBe('2021-06-30T23:59:59.999Z');
  });

  it.each([
    ['an operator admin with a valid body', true, { now: '2021-07-01T00:00:00.000Z' }],
    ['an operator admin with an invalid body', true, { now: 'tomorrow' }],
    ['a caller without credentials', false, { now: '2021-07-01T00:00:00.000Z' }],
  ])('PUT /clock answers 404 not-found to %s and leaves the clock alone', async (_label, signedIn, payload) => {
    const before = (await clockOf(t)).now;
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/clock',
      headers: signedIn ? bearer(await t.login('operator@saps.example')) : {},
      payload,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect((await clockOf(t)).now).toEqual(before);
  });
});

describe('with a simulated clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ simulated: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /clock says simulated: true, starting from the configured instant', async () => {
    const clock = await clockOf(t);
    expect(clock.simulated).toBe(true);
    const drift = clock.now.getTime() - new Date(defaultTestInstant).getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(60_000);
  });

  it('lets an operator admin set it, and then it advances in real time from the value set', async () => {
    const operator = await t.login('operator@saps.example');
    const target = new Date('2021-06-30T23:59:00.000Z');
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/clock',
      headers: bearer(operator),
      payload: { now: target.toISOString() },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ now: string; simulated: boolean }>();
    expect(body.simulated).toBe(true);
    expect(new Date(body.now).getTime() - target.getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(body.now).getTime() - target.getTime()).toBeLessThan(5_000);

    await sleep(50);
    const later = (await clockOf(t)).now.getTime() - target.getTime();
    expect(later).toBeGreaterThanOrEqual(50);
    expect(later).toBeLessThan(10_000);

    // The use cases read the same clock: a new organisation is stamped with the simulated time.
    // (Sessions live in simulated time too, so sign in again after the jump.)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: bearer(await t.login('operator@saps.example')),
      payload: { kind: 'customer', name: 'Clockwork Ltd', country: 'NZ' },
    });
    expect(created.statusCode).toBe(201);
    const stamped = new Date(created.json<{ createdAt: string }>().createdAt).getTime() - target.getTime();
    expect(stamped).toBeGreaterThanOrEqual(0);
    expect(stamped).toBeLessThan(10_000);
  });

  it('refuses to move backwards with 422 policy-violation unless allowBackwards is true', async () => {
    const operator = await t.login('operator@saps.example');
    const before = (await clockOf(t)).now.getTime();
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/clock',
      headers: bearer(operator),
      payload: { now: '2020-01-31T12:00:00.000Z' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      type: '/problems/policy-violation',
      errors: [{ path: 'body.allowBackwards' }],
    });
    expect(refused.json().detail).toContain('allowBackwards');
    const unchanged = (await clockOf(t)).now.getTime() - before;
    expect(unchanged).toBeGreaterThanOrEqual(0);
    expect(unchanged).toBeLessThan(10_000);

    const moved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/clock',
      headers: bearer(operator),
      payload: { now: '2020-01-31T12:00:00.000Z', allowBackwards: true },
    });
    expect(moved.statusCode).toBe(200);
    const now = (await clockOf(t)).now.getTime() - new Date('2020-01-31T12:00:00.000Z').getTime();
    expect(now).toBeGreaterThanOrEqual(0);
    expect(now).toBeLessThan(10_000);
  });

  it.each(demoLogins.filter((login) => !login.roles.includes('operator_admin')).map((login) => [login.email]))(
    'refuses %s with 403 forbidden and leaves the clock alone',
    async (email) => {
      const token = await t.login(email);
      const before = (await clockOf(t)).now.getTime();
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/clock',
        headers: bearer(token),
        payload: { now: '2030-01-01T00:00:00.000Z' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ type: '/problems/forbidden' });
      const after = (await clockOf(t)).now.getTime();
      expect(after - before).toBeGreaterThanOrEqual(0);
      expect(after - before).toBeLessThan(10_000);
    },
  );

  it('refuses a caller without credentials with 401 unauthenticated', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/clock',
      payload: { now: '2030-01-01T00:00:00.000Z' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ type: '/problems/unauthenticated' });
  });
});

describe('sessions run on real time, not on the simulated program clock', () => {
  it('keeps a session alive when the program date moves a month on, and ends it after 12 real hours', async () => {
    const s = await buildTestApp({ simulated: true });
    try {
      const token = await s.login('operator@saps.example');
      const moved = await s.app.inject({
        method: 'PUT',
        url: '/api/v1/clock',
        headers: { authorization: `Bearer ${token}` },
        payload: { now: '2021-04-01T09:00:00.000Z' },
      });
      expect(moved.statusCode).toBe(200);
      const me = await s.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.statusCode).toBe(200);
      // The real clock (the TestClock behind the simulated one) passes the 12-hour lifetime.
      s.clock.advance(12 * 60 * 60 * 1000 + 1);
      const later = await s.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(later.statusCode).toBe(401);
    } finally {
      await s.close();
    }
  });
});
