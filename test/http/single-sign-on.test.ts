import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '../../src/db/connection.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  browse,
  CookieJar,
  freePort,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from '../support/openid-provider.js';

/**
 * Single sign-on for operator staff (issue 11, item 6; decision 027) against a real OpenID
 * provider on loopback: SAPS listens on one port, oidc-provider on another, and the test is the
 * browser, following every redirect and interaction by hand.
 */
let provider: TestProvider;
let t: TestApp;
let saps: string;
let callback: string;

// The provider's accounts: the login name typed at its sign-in page is the account id.
const accounts = {
  operator: { email: 'Operator@SAPS.example', email_verified: true },
  stranger: { email: 'stranger@elsewhere.example', email_verified: true },
  unverified: { email: 'operator@saps.example', email_verified: false },
  partner: { email: 'admin@fabrikam.example', email_verified: true },
  'no-email': {},
};

beforeAll(async () => {
  provider = await startTestProvider(accounts);
  const port = await freePort();
  saps = `http://127.0.0.1:${port}`;
  callback = `${saps}/api/v1/auth/oidc/callback`;
  provider.register(callback);
  t = await buildTestApp({
    publicUrl: saps,
    singleSignOn: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      // The loopback provider speaks http; only tests allow it (decision 027).
      allowInsecureRequests: true,
    },
  });
  await t.app.listen({ host: '127.0.0.1', port });
});

afterAll(async () => {
  await t?.close();
  await provider?.close();
});

async function rows<T>(query: SQL): Promise<T[]> {
  return resultRows<T>(await t.handle.db.execute(query));
}

async function sessionCount(): Promise<number> {
  return (await rows<{ count: number }>(sql`select count(*)::int as count from sessions`))[0]!.count;
}

/** `GET /auth/oidc/start` in this browser: the provider's authorization URL. */
async function start(jar: CookieJar, next?: string): Promise<URL> {
  const response = await browse(
    jar,
    `${saps}/api/v1/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  );
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** Delivers the provider's answer to SAPS in this browser; returns SAPS's redirect. */
async function deliver(jar: CookieJar, authorizationResponse: URL): Promise<Response> {
  const response = await browse(jar, authorizationResponse);
  expect(response.status).toBe(302);
  return response;
}

function setsSession(response: Response): boolean {
  return response.headers.getSetCookie().some((line) => /^saps_session=[^;]+/.test(line));
}

/** A whole sign-in as `login`, with a chance to edit the authorization URL on its way. */
async function signIn(login: string, edit?: (url: URL) => void): Promise<{ jar: CookieJar; response: Response }> {
  const jar = new CookieJar();
  const authorization = await start(jar);
  edit?.(authorization);
  const answer = await signInAtProvider(jar, authorization.href, { login, stopAt: callback });
  return { jar, response: await deliver(jar, answer) };
}

/** Refused: back to the sign-in page with the reason, no session cookie, no session row. */
async function expectRefused(run: () => Promise<{ jar: CookieJar; response: Response }>, reason: string) {
  const before = await sessionCount();
  const { jar, response } = await run();
  expect(response.headers.get('location')).toBe(`/sign-in?sso=${reason}`);
  expect(setsSession(response)).toBe(false);
  expect(jar.get('saps_session')).toBeUndefined();
  expect(await sessionCount()).toBe(before);
  // The flow is spent either way.
  expect(jar.get('saps_sso')).toBeUndefined();
}

describe('GET /auth/providers', () => {
  it('offers single sign-on when it is configured, without credentials', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ singleSignOn: true });
  });

  it('does not offer it on a server without SAPS_OIDC_*, whose routes answer 404', async () => {
    const plain = await buildTestApp({ handle: t.handle });
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json()).toEqual({
        singleSignOn: false,
      });
      for (const url of ['/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback?code=x&state=y']) {
        const response = await plain.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(404);
        expect(response.json()).toMatchObject({ type: '/problems/not-found' });
      }
    } finally {
      // Its database is the suite's: only the app closes.
      await plain.app.close();
    }
  });
});

describe('GET /auth/oidc/start', () => {
  it('redirects to the provider with state, nonce and an S256 PKCE challenge, and seals them in a cookie', async () => {
    const jar = new CookieJar();
    const response = await browse(jar, `${saps}/api/v1/auth/oidc/start`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    const parameters = Object.fromEntries(location.searchParams);
    expect(parameters).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(parameters.state).toMatch(/^[\w-]{43}$/);
    expect(parameters.nonce).toMatch(/^[\w-]{43}$/);
    expect(parameters.code_challenge).toMatch(/^[\w-]{43}$/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('saps_sso='))!;
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
    // Sealed: neither the state nor the verifier can be read in it.
    expect(cookie).not.toContain(parameters.state);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /auth/oidc/callback', () => {
  it('signs operator staff in by verified e-mail: the session of the password sign-in, and an audit record', async () => {
    const before = await sessionCount();
    const jar = new CookieJar();
    const authorization = await start(jar, '/operations?tab=sweeps');
    const answer = await signInAtProvider(jar, authorization.href, { login: 'operator', stopAt: callback });
    const response = await deliver(jar, answer);
    expect(response.headers.get('location')).toBe('/operations?tab=sweeps');
    expect(setsSession(response)).toBe(true);
    expect(jar.get('saps_sso')).toBeUndefined();
    expect(await sessionCount()).toBe(before + 1);
    // Code for tokens with the client's secret, e-mail claims from UserInfo (the provider keeps
    // them out of the ID token), and the keys the ID token's signature was checked with.
    expect(provider.requested).toEqual(expect.arrayContaining(['/token', '/me', '/jwks']));

    // The cookie works as the password sign-in's does.
    const me = await browse(jar, `${saps}/api/v1/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: 'operator@saps.example',
      organizationKind: 'operator',
      roles: ['operator_admin'],
    });
    // And so does its CSRF token on a change (decision 002).
    const logout = await fetch(`${saps}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: jar.header(new URL(`${saps}/api/v1/auth/logout`)), 'x-csrf-token': jar.get('saps_csrf')! },
    });
    expect(logout.status).toBe(204);

    const audit = await rows<{ action: string; actor_id: string; after: Record<string, unknown> }>(
      sql`select action, actor_id, after from audit_events where action = 'user.signed-in-sso'`,
    );
    expect(audit).toEqual([
      {
        action: 'user.signed-in-sso',
        actor_id: t.demo.userIds['operator@saps.example'],
        after: { method: 'openid-connect', issuer: provider.issuer, subject: 'operator' },
      },
    ]);
  });

  it('goes to the home page without a next, and never to another site', async () => {
    for (const next of [undefined, '//evil.example/steal', 'https://evil.example/']) {
      const jar = new CookieJar();
      const authorization = await start(jar, next);
      const answer = await signInAtProvider(jar, authorization.href, { login: 'operator', stopAt: callback });
      expect((await deliver(jar, answer)).headers.get('location'), next).toBe('/');
    }
  });

  it('refuses an answer with the state of another sign-in (login CSRF) with state', async () => {
    await expectRefused(async () => {
      // The victim started a sign-in; the attacker's own answer is delivered to the victim.
      const victim = new CookieJar();
      await start(victim);
      const attacker = new CookieJar();
      const attackerAnswer = await signInAtProvider(attacker, (await start(attacker)).href, {
        login: 'operator',
        stopAt: callback,
      });
      return { jar: victim, response: await deliver(victim, attackerAnswer) };
    }, 'state');
  });

  it('refuses an answer whose state was changed on the way with state', async () => {
    await expectRefused(async () => {
      const jar = new CookieJar();
      const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
      answer.searchParams.set('state', 'forged-state-0123456789-0123456789-01234');
      return { jar, response: await deliver(jar, answer) };
    }, 'state');
  });

  it('refuses an answer without the flow cookie (another browser, or after 10 minutes) with state', async () => {
    await expectRefused(async () => {
      const jar = new CookieJar();
      const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
      jar.delete('saps_sso');
      return { jar, response: await deliver(jar, answer) };
    }, 'state');
  });

  it('refuses a forged flow cookie with state', async () => {
    await expectRefused(async () => {
      const jar = new CookieJar();
      const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
      const sealed = jar.get('saps_sso')!;
      // One character of the ciphertext changed: the seal no longer opens.
      const [iv, ciphertext, tag] = sealed.split('.');
      const edited = `${ciphertext![0] === 'A' ? 'B' : 'A'}${ciphertext!.slice(1)}`;
      jar.set('saps_sso', [iv, edited, tag].join('.'), '/api/v1/auth/oidc');
      return { jar, response: await deliver(jar, answer) };
    }, 'state');
  });

  it('refuses an expired flow with state', async () => {
    const saved = t.clock.now();
    try {
      await expectRefused(async () => {
        const jar = new CookieJar();
        const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
        // The flow lives 10 minutes on the real clock (the test clock here).
        t.clock.set(new Date(saved.getTime() + 10 * 60_000).toISOString());
        return { jar, response: await deliver(jar, answer) };
      }, 'state');
    } finally {
      t.clock.set(saved.toISOString());
    }
  });

  it('accepts a flow one second before its 10 minutes are up', async () => {
    const saved = t.clock.now();
    try {
      const jar = new CookieJar();
      const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
      t.clock.set(new Date(saved.getTime() + 10 * 60_000 - 1_000).toISOString());
      expect((await deliver(jar, answer)).headers.get('location')).toBe('/');
    } finally {
      t.clock.set(saved.toISOString());
    }
  });

  it('refuses an ID token issued for another nonce with nonce', async () => {
    await expectRefused(
      () => signIn('operator', (url) => url.searchParams.set('nonce', 'another-nonce-0123456789-0123456789-0123')),
      'nonce',
    );
  });

  it('refuses a code bound to another PKCE challenge (the provider refuses the verifier) with failed', async () => {
    await expectRefused(
      () =>
        signIn('operator', (url) =>
          // The challenge of another verifier: the code is bound to it, not to this flow's.
          url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
        ),
      'failed',
    );
  });

  it('refuses a replayed answer (the code was used) with failed, opening no second session', async () => {
    const jar = new CookieJar();
    const answer = await signInAtProvider(jar, (await start(jar)).href, { login: 'operator', stopAt: callback });
    const flow = jar.get('saps_sso')!;
    expect((await deliver(jar, answer)).headers.get('location')).toBe('/');
    await expectRefused(async () => {
      const replay = new CookieJar();
      replay.set('saps_sso', flow, '/api/v1/auth/oidc');
      return { jar: replay, response: await deliver(replay, answer) };
    }, 'failed');
  });

  it('refuses an e-mail no SAPS user has with unknown-email: no silent provisioning', async () => {
    const users = sql`select count(*)::int as count from users`;
    const before = await rows<{ count: number }>(users);
    await expectRefused(() => signIn('stranger'), 'unknown-email');
    expect(await rows<{ count: number }>(users)).toEqual(before);
  });

  it("refuses an operator's e-mail that the provider has not verified with unverified-email", async () => {
    await expectRefused(() => signIn('unverified'), 'unverified-email');
  });

  it('refuses an identity without an e-mail with no-email', async () => {
    await expectRefused(() => signIn('no-email'), 'no-email');
  });

  it("refuses a partner's verified e-mail with not-operator-staff", async () => {
    await expectRefused(() => signIn('partner'), 'not-operator-staff');
  });

  it('refuses a sign-in cancelled at the provider with provider-refused', async () => {
    await expectRefused(async () => {
      const jar = new CookieJar();
      const answer = await signInAtProvider(jar, (await start(jar)).href, {
        login: 'operator',
        stopAt: callback,
        abort: true,
      });
      expect(answer.searchParams.get('error')).toBe('access_denied');
      return { jar, response: await deliver(jar, answer) };
    }, 'provider-refused');
  });
});

describe('an unreachable provider', () => {
  it('sends the browser back to the sign-in page with unavailable, and password sign-ins still work', async () => {
    const port = await freePort();
    const down = await buildTestApp({
      handle: t.handle,
      singleSignOn: {
        issuer: `http://127.0.0.1:${port}`,
        clientId: 'saps',
        clientSecret: 'whatever-secret',
        allowInsecureRequests: true,
      },
    });
    try {
      const response = await down.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/sign-in?sso=unavailable');
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await down.login('operator@saps.example')).toBeTruthy();
    } finally {
      await down.app.close();
    }
  });
});
