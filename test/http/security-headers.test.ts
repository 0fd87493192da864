import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';
import { loadConfig } from '../../src/cli/config.js';

/** Issue 9, findings 4 and 5: security headers with @fastify/helmet, and SAPS_TRUST_PROXY. */
let t: TestApp;
let behindProxy: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  // What SAPS_TRUST_PROXY=1 configures (it used to mean "trust every hop").
  behindProxy = await buildTestApp({ handle: t.handle, trustProxy: loadConfig({ SAPS_TRUST_PROXY: '1' }).trustProxy });
});
afterAll(async () => {
  await behindProxy.app.close();
  await t.close();
});

function expectCommonHeaders(headers: Record<string, unknown>): void {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
}

describe('security headers', () => {
  it('on the web app, /docs and an authenticated API answer; no-store on the API only', async () => {
    const token = await t.login('pm@northwind.example');
    const web = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    const docsScript = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(docs.statusCode).toBe(200);
    expect(api.statusCode).toBe(200);
    for (const response of [web, docs, docsScript, api]) {
      expectCommonHeaders(response.headers);
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    expect(api.headers['cache-control']).toBe('no-store');
    expect(docs.headers['cache-control']).not.toBe('no-store');
    // An error answer of the API is not cached either.
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(refused.headers['cache-control']).toBe('no-store');
    expectCommonHeaders(refused.headers);
  });

  it('HSTS only when the request came over TLS through a trusted proxy', async () => {
    const https = await behindProxy.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expectCommonHeaders(https.headers);
    const http = await behindProxy.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy, a client's own X-Forwarded-Proto means nothing.
    const spoofed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('SAPS_TRUST_PROXY', () => {
  it('parses hops and proxy lists, and refuses "trust every hop"', () => {
    expect(loadConfig({ SAPS_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ SAPS_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ SAPS_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ SAPS_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'loopback',
    ]);
    expect(loadConfig({ SAPS_TRUST_PROXY: '2001:db8::/32' }).trustProxy).toEqual(['2001:db8::/32']);
    for (const value of ['true', 'yes', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ SAPS_TRUST_PROXY: value }), value).toThrow(/SAPS_TRUST_PROXY/);
    }
  });

  async function failuresWithRotatingLeftmost(app: TestApp, proxy: string, realClient: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 51; i += 1) {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `nobody${i}@${realClient}.example`, password: 'wrong-password' },
        remoteAddress: proxy,
        // The client writes any leftmost entries it likes; the proxy appends the address it saw.
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}, ${realClient}` },
      });
      statuses.push(response.statusCode);
    }
    return statuses;
  }

  it('one hop: a rotating leftmost X-Forwarded-For does not escape the per-IP limit', async () => {
    const statuses = await failuresWithRotatingLeftmost(behindProxy, '10.60.0.1', '192.0.2.10');
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
    // Another client behind the same proxy is its own address, not the proxy's.
    const other = await behindProxy.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@other.example', password: 'wrong-password' },
      remoteAddress: '10.60.0.1',
      headers: { 'x-forwarded-for': '192.0.2.20' },
    });
    expect(other.statusCode).toBe(401);
  });

  it('a list of proxies: the client is the first address that is not a trusted proxy', async () => {
    const listed = await buildTestApp({ handle: t.handle, trustProxy: ['10.61.0.0/16'] });
    try {
      const statuses = await failuresWithRotatingLeftmost(listed, '10.61.0.1', '192.0.2.11');
      expect(statuses[50]).toBe(429);
      const seen = await listed.app.inject({
        method: 'GET',
        url: '/api/v1/health',
        remoteAddress: '10.61.0.1',
        headers: { 'x-forwarded-for': '198.51.100.1, 192.0.2.12, 10.61.3.3' },
      });
      expect(seen.statusCode).toBe(200);
      // An untrusted peer's header is ignored: its own address is the client.
      const direct = await listed.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@direct.example', password: 'wrong-password' },
        remoteAddress: '192.0.2.99',
        headers: { 'x-forwarded-for': '10.61.0.9' },
      });
      expect(direct.statusCode).toBe(401);
    } finally {
      await listed.app.close();
    }
  });
});
