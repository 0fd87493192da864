import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /auth/login', () => {
  it('returns the user, a bearer token and an HttpOnly SameSite session cookie', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Benefits@Northwind.example', password: 'demo-password' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({
      email: 'benefits@northwind.example',
      roles: ['benefit_admin'],
      organizationKind: 'customer',
    });
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    const session = response.cookies.find((c) => c.name === 'saps_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(body).not.toHaveProperty('user.passwordHash');
  });

  it('refuses a wrong password with 401 unauthenticated', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'pm@northwind.example', password: 'wrong-password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
  });

  it('sets a Secure cookie behind an HTTPS proxy', async () => {
    const secure = await buildTestApp({ handle: t.handle, trustProxy: 1 });
    const response = await secure.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'pm@northwind.example', password: 'demo-password' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === 'saps_session')?.secure).toBe(true);
    await secure.app.close();
  });

  it('rate-limits failed sign-ins per account with 429 and Retry-After, then lets the window pass', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@tailspin.example', password: 'wrong-password' },
        remoteAddress: '10.0.0.7',
      });
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt()).statusCode).toBe(401);
    }
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ type: '/problems/rate-limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused from that address while limited (decision 015).
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@tailspin.example', password: 'demo-password' },
      remoteAddress: '10.0.0.7',
    });
    expect(right.statusCode).toBe(429);
    t.clock.advance(15 * 60 * 1000 + 1000);
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@tailspin.example', password: 'demo-password' },
      remoteAddress: '10.0.0.7',
    });
    expect(later.statusCode).toBe(200);
  });

  it('counts only failed attempts, so one office address can sign in many people', async () => {
    for (let i = 0; i < 60; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'consultant@fabrikam.example', password: 'demo-password' },
        remoteAddress: '10.0.0.8',
      });
      expect(response.statusCode).toBe(200);
    }
  });

  it('rate-limits failed sign-ins per IP across accounts', async () => {
    let last = 0;
    for (let i = 0; i < 51; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `nobody${i}@example.com`, password: 'wrong-password' },
        remoteAddress: '10.0.0.9',
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('sessions', () => {
  it('a logged-out token is dead', async () => {
    const token = await t.login('finance@saps.example');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });

  it('GET /me answers the api.md fields', async () => {
    const token = await t.login('admin@fabrikam.example');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).json();
    expect(me).toMatchObject({
      email: 'admin@fabrikam.example',
      organizationId: t.demo.organizationIds['Fabrikam Consulting'],
      organizationKind: 'partner',
      roles: ['global_admin', 'partner_admin'],
    });
    expect(Object.keys(me)).toEqual(
      expect.arrayContaining(['id', 'email', 'name', 'organizationId', 'organizationKind', 'roles']),
    );
  });

  it('without credentials, /me is 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().type).toBe('/problems/unauthenticated');
  });

  it('refuses a cookie-authenticated change without its CSRF token, and accepts it with the token', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'operator@saps.example', password: 'demo-password' },
    });
    const cookie = login.cookies.find((c) => c.name === 'saps_session')!;
    const csrf = login.cookies.find((c) => c.name === 'saps_csrf')!;
    const payload = { kind: 'customer', name: 'Contoso', country: 'FR' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      cookies: { saps_session: cookie.value },
      payload,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('/problems/forbidden');
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organizations?kind=customer',
      cookies: { saps_session: cookie.value },
    });
    expect(listed.json().items.map((o: { name: string }) => o.name)).not.toContain('Contoso');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      cookies: { saps_session: cookie.value },
      headers: { 'x-csrf-token': csrf.value },
      payload,
    });
    expect(accepted.statusCode).toBe(201);
  });

  it('stores argon2id password hashes', async () => {
    const { users } = await import('../../src/db/schema/index.js');
    const rows = await t.ctx.db.select({ hash: users.passwordHash }).from(users).limit(1);
    expect(rows[0]?.hash).toMatch(/^\$argon2id\$/);
  });
});
