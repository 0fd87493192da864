import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogins, type DemoLogin } from '../../src/app/seed/seed-demo.js';
import type { Role } from '../../src/domain/roles.js';
import { bearer, buildTestApp, type TestApp } from './app.js';

/**
 * The "every route × every demo login" table (issue 2) and its runner, shared by
 * test/http/roles*.test.ts. A row names who may call a route and whose object it works on; the
 * runner derives every other login's refusal from conventions.md §7:
 * - a login of another organisation gets 404 `not-found`, as for an id nobody issued;
 * - a login of an organisation that sees the object, without the role, gets 403 `forbidden`;
 * - except where the use case checks the role before it loads anything (`rolesFirst`): there a
 *   login without the role gets 403 whoever owns the object, the same answer for any id, so it
 *   reveals nothing either (test/isolation/ checks that answer equals the one for an absent id).
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRequest {
  url: string;
  body?: unknown;
  /** A raw payload with its own headers (multipart uploads). */
  raw?: { payload: string; headers: Record<string, string> };
}

export interface RouteCase {
  method: Method;
  /** The route as documented (a suffix in brackets tells two rows of one route apart). */
  route: string;
  /**
   * Builds one call. Runs once per login, so it can make a fresh object whenever one success
   * would change the next login's outcome (a cancelled voucher cannot be cancelled again).
   */
  request: (t: TestApp, call: { n: number; login: DemoLogin }) => RouteRequest | Promise<RouteRequest>;
  /** Demo organisation(s) whose object the route works on, if any. */
  owner?: string | readonly string[];
  /** E-mails of the demo logins that may call it; `'all'` for every signed-in user. */
  allowed: 'all' | readonly string[];
  /** The status of an allowed call (several when it depends on what came before: 201 new, 200 again). */
  success: number | readonly number[];
  /** Roles the use case checks before loading the object (see above). */
  rolesFirst?: readonly Role[];
  /** A login's answer that the rules above do not decide (the program's state does): say why. */
  outcomes?: Readonly<Record<string, number>>;
  /** The test-clock instant to call it at, for a route bound by a time rule. */
  at?: string;
  /** Only on a server with a simulated clock. */
  simulated?: boolean;
}

export const logins = {
  operator: 'operator@saps.example',
  finance: 'finance@saps.example',
  benefits: 'benefits@northwind.example',
  pm: 'pm@northwind.example',
  partner: 'admin@fabrikam.example',
  consultant: 'consultant@fabrikam.example',
  otherPartner: 'admin@tailspin.example',
} as const;

export const org = {
  operator: 'SAPS Program Operations',
  northwind: 'Northwind Traders',
  fabrikam: 'Fabrikam Consulting',
  tailspin: 'Tailspin Advisory',
} as const;

/** The statuses a login may get: the success statuses, or the one refusal. */
export function expectedStatuses(route: RouteCase, login: DemoLogin): readonly number[] {
  const outcome = route.outcomes?.[login.email];
  if (outcome !== undefined) {
    return [outcome];
  }
  if (route.allowed === 'all' || route.allowed.includes(login.email)) {
    return typeof route.success === 'number' ? [route.success] : route.success;
  }
  if (route.rolesFirst && !route.rolesFirst.some((role) => login.roles.includes(role))) {
    return [403];
  }
  const owners = route.owner === undefined ? [] : typeof route.owner === 'string' ? [route.owner] : route.owner;
  if (owners.length > 0 && login.organization !== org.operator && !owners.includes(login.organization)) {
    return [404];
  }
  return [403];
}

/** `GET /organizations/{id}` is not in a table: every login reads its own (roles.test.ts). */
export function routeKey(route: RouteCase): string {
  return `${route.method} ${route.route.replace(/ \(.*\)$/, '')}`;
}

let serial = 0;
const next = (): number => (serial += 1);

/** Signs every demo login in once; the tables call the routes through `inject`. */
export interface RoleApps {
  t: TestApp;
  simulated?: TestApp;
  tokens: Map<string, string>;
  simulatedTokens: Map<string, string>;
}

/**
 * Registers the table's tests: each row × each demo login, and each row without credentials.
 * `setup` runs once after the app is built (shared fixtures a row's `request` needs).
 */
export function runRoleTable(
  title: string,
  routes: readonly RouteCase[],
  setup?: (t: TestApp) => Promise<void>,
): RoleApps {
  const apps: RoleApps = { t: undefined as unknown as TestApp, tokens: new Map(), simulatedTokens: new Map() };
  const needsSimulated = routes.some((route) => route.simulated);

  beforeAll(async () => {
    apps.t = await buildTestApp();
    if (needsSimulated) {
      apps.simulated = await buildTestApp({ simulated: true });
    }
    for (const login of demoLogins) {
      apps.tokens.set(login.email, await apps.t.login(login.email));
      if (apps.simulated) {
        apps.simulatedTokens.set(login.email, await apps.simulated.login(login.email));
      }
    }
    await setup?.(apps.t);
  });
  afterAll(async () => {
    await apps.simulated?.close();
    await apps.t.close();
  });

  async function send(route: RouteCase, login: DemoLogin, token: string | undefined) {
    const app = route.simulated ? apps.simulated! : apps.t;
    const request = await route.request(app, { n: next(), login });
    const saved = app.clock.now();
    if (route.at) {
      app.clock.set(route.at);
    }
    try {
      const auth = token ? bearer(token) : {};
      return await app.app.inject({
        method: route.method,
        url: request.url,
        ...(request.raw
          ? { payload: request.raw.payload, headers: { ...auth, ...request.raw.headers } }
          : { headers: auth, ...(request.body === undefined ? {} : { payload: request.body as object }) }),
      });
    } finally {
      app.clock.set(saved);
    }
  }

  describe(`${title}: every route × every demo role`, () => {
    // A loop rather than it.each, whose $-titles cut long routes short.
    for (const route of routes) {
      for (const login of demoLogins) {
        const statuses = expectedStatuses(route, login);
        it(`${route.method} ${route.route} as ${login.email} answers ${statuses.join(' or ')}`, async () => {
          const token = (route.simulated ? apps.simulatedTokens : apps.tokens).get(login.email)!;
          const response = await send(route, login, token);
          expect(statuses, response.body).toContain(response.statusCode);
          if (response.statusCode === 403) {
            expect(response.json()).toMatchObject({ type: '/problems/forbidden' });
          }
          if (response.statusCode === 404) {
            expect(response.json()).toMatchObject({ type: '/problems/not-found' });
          }
        });
      }
    }
  });

  describe(`${title}: without credentials`, () => {
    const publicRoutes = new Set(['GET /health', 'GET /ready', 'GET /clock']);
    for (const route of routes.filter((r) => !publicRoutes.has(routeKey(r)))) {
      it(`${route.method} ${route.route} refuses with 401 unauthenticated`, async () => {
        const response = await send(route, demoLogins[0]!, undefined);
        expect(response.statusCode, response.body).toBe(401);
        expect(response.json()).toMatchObject({ type: '/problems/unauthenticated' });
      });
    }
  });

  return apps;
}

/** A multipart body with one file, as a browser sends it. */
export function multipartFile(name: string, content: string): NonNullable<RouteRequest['raw']> {
  return {
    payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--XyZ--\r\n`,
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
  };
}
