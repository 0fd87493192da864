import { pino } from 'pino';
import type { AppContext } from '../../src/app/context.js';
import { SimulatedClock } from '../../src/app/clock.js';
import { demoPassword, seedDemo, type DemoSeedResult } from '../../src/app/seed/seed-demo.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { buildApp } from '../../src/http/app.js';
import type { HttpOptions, ZodApp } from '../../src/http/route-types.js';
import { createTestDatabase } from './database.js';
import { TestClock } from './test-clock.js';

export interface TestApp {
  app: ZodApp;
  ctx: AppContext;
  handle: DatabaseHandle;
  clock: TestClock;
  demo: DemoSeedResult;
  /** Signs in (demo password by default) and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const defaultTestInstant = '2021-03-01T09:00:00.000Z';

/**
 * The real Fastify app on a fresh database seeded with the demo data, driven with `inject`.
 * `simulated: true` gives the server a simulated clock (for the /clock routes).
 */
export async function buildTestApp(
  options: {
    at?: string;
    simulated?: boolean;
    handle?: DatabaseHandle;
    trustProxy?: false | number | string[];
    /** Where the server is reached: links in e-mails, and the single sign-on redirect URI. */
    publicUrl?: string;
    singleSignOn?: HttpOptions['singleSignOn'];
    /** As `saps serve` gives it: `draining` true makes readiness answer 503. */
    lifecycle?: HttpOptions['lifecycle'];
  } = {},
): Promise<TestApp> {
  const handle = options.handle ?? (await createTestDatabase());
  const clock = new TestClock(options.at ?? defaultTestInstant);
  const simulatedClock = options.simulated
    ? await SimulatedClock.open(handle.db, clock.now(), { shared: handle.engine === 'postgres' })
    : undefined;
  const ctx: AppContext = {
    db: handle.db,
    clock: simulatedClock ?? clock,
    realClock: clock,
    log: pino({ level: 'silent' }),
    dataDir: '/tmp/saps-test-data',
  };
  const demo = await seedDemo(handle.db, clock.now());
  const app = await buildApp({
    ctx,
    logger: false,
    publicUrl: options.publicUrl ?? 'http://saps.test',
    singleSignOn: options.singleSignOn,
    simulatedClock,
    // Every test app is seeded with the demo data and logins.
    demo: true,
    trustProxy: options.trustProxy ?? false,
    lifecycle: options.lifecycle,
  });
  await app.ready();
  return {
    app,
    ctx,
    handle,
    clock,
    demo,
    async login(email, password = demoPassword) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) {
        throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
      }
      return response.json<{ token: string }>().token;
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
