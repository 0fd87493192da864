import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID provider (`oidc-provider`) on loopback for the single sign-on tests (issue 11,
 * item 6: "do not mock the protocol"). Its development interactions take any login name, which
 * is the account id of `accounts`; the account's claims are what the provider asserts.
 */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The paths asked for so far (which of its endpoints the relying party used). */
  requested: string[];
  /** Registers the relying party's redirect URI; call before the first sign-in. */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

/** A free loopback port, for a server that must know its own URL before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startTestProvider(accounts: Record<string, TestAccount>): Promise<TestProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const requested: string[] = [];
  // The server listens first, on an ephemeral port, so that the issuer is known; the provider,
  // which needs the issuer and the client's redirect URI, handles requests once registered.
  const server: Server = createServer((req, res) => {
    requested.push((req.url ?? '').split('?')[0]!);
    if (!handler) {
      res.statusCode = 503;
      res.end('the test provider has no client registered yet');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'saps';
  const clientSecret = 'saps-test-client-secret-0123456789';
  // A signing key of its own (not the provider's development key, which it warns about).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' };

  return {
    issuer,
    clientId,
    clientSecret,
    requested,
    register(redirectUri) {
      const configuration: Configuration = {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { email: ['email', 'email_verified'] },
        scopes: ['openid', 'email'],
        // Every authorization request must carry a PKCE challenge, and the token request its
        // verifier (a confidential client is not required to by default).
        pkce: { required: () => true },
        cookies: { keys: ['test-provider-cookie-key-0123456789'] },
        jwks: { keys: [jwk] },
        features: { devInteractions: { enabled: true } },
        // Lifetimes in seconds; set so that the provider does not print a notice for each default.
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        async findAccount(_ctx, id) {
          const account = accounts[id];
          if (!account) {
            return undefined;
          }
          return { accountId: id, claims: async () => ({ sub: id, ...account }) };
        },
      };
      const callback = new Provider(issuer, configuration).callback();
      handler = (req, res) => void callback(req, res);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A browser's cookies, by hand: one jar for one host (cookies do not tell ports apart, so SAPS's
 * and the provider's share it, as in a browser), with paths and expiry honoured.
 */
export class CookieJar {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attributeValue = rest.join('=');
        if (key.toLowerCase() === 'path') {
          path = attributeValue;
        } else if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) {
          expired = true;
        } else if (key.toLowerCase() === 'expires' && Date.parse(attributeValue) <= Date.now()) {
          expired = true;
        }
      }
      const key = `${name}|${path}`;
      if (expired) {
        this.#cookies.delete(key);
      } else {
        this.#cookies.set(key, { name, value, path });
      }
    }
  }

  header(url: URL): string {
    return [...this.#cookies.values()]
      .filter((cookie) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.replace(/\/?$/, '/')))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    return [...this.#cookies.values()].find((cookie) => cookie.name === name)?.value;
  }

  set(name: string, value: string, path: string): void {
    this.#cookies.set(`${name}|${path}`, { name, value, path });
  }

  delete(name: string): void {
    for (const [key, cookie] of this.#cookies) {
      if (cookie.name === name) {
        this.#cookies.delete(key);
      }
    }
  }
}

/** One request as a browser sends it, redirects not followed (the test follows them). */
export async function browse(
  jar: CookieJar,
  url: string | URL,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = { cookie: jar.header(target) };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  jar.store(response);
  return response;
}

/**
 * Follows the provider's redirects and interactions as its user would: signs in as `login`
 * (the development interaction takes any password) and consents, until the provider redirects
 * back to the relying party (`stopAt`). Returns that redirect: the authorization response.
 * `abort` cancels at the login page instead (the provider answers `access_denied`).
 */
export async function signInAtProvider(
  jar: CookieJar,
  authorizationUrl: string,
  options: { login: string; stopAt: string; abort?: boolean },
): Promise<URL> {
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.href.startsWith(options.stopAt)) {
      return url;
    }
    const response = await browse(jar, url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) {
      throw new Error(`the provider answered ${response.status} at ${url.href}: ${html.slice(0, 500)}`);
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!action || !prompt) {
      throw new Error(`no interaction form at ${url.href}: ${html.slice(0, 500)}`);
    }
    if (options.abort) {
      url = new URL(`${url.pathname}/abort`, url);
      continue;
    }
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: options.login, password: 'any password' } : { prompt };
    const submitted = await browse(jar, new URL(action, url), { method: 'POST', form });
    const next = submitted.headers.get('location');
    if (!next) {
      throw new Error(`the ${prompt} interaction answered ${submitted.status}: ${await submitted.text()}`);
    }
    url = new URL(next, url);
  }
  throw new Error(`no redirect to ${options.stopAt} after 20 hops`);
}
