import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pruneRateLimitCounters } from '../../src/app/platform/prune-rate-limit-counters.js';
import { resultRows } from '../../src/db/connection.js';
import { rateLimitCounters } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { TestClock } from '../support/test-clock.js';
import { demoEmails } from '../support/voucher-factory.js';

let t: TestApp;
const realNow = '2026-06-01T12:00:00.000Z';
const minutes = (n: number) => n * 60_000;

beforeAll(async () => {
  t = await buildTestApp({ at: realNow });
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  t.clock.set(realNow);
  await t.ctx.db.delete(rateLimitCounters);
});

async function keys(): Promise<string[]> {
  const rows = resultRows<{ key: string }>(await t.ctx.db.execute(sql`select key from rate_limit_counters`));
  return rows.map((r) => r.key).sort();
}

async function put(key: string, windowStartedAt: Date): Promise<void> {
  await t.ctx.db.insert(rateLimitCounters).values({ key, windowStartedAt, count: 3 });
}

describe('pruning rate_limit_counters', () => {
  it('removes the counters of a failed sign-in once their window passed, and keeps a known client for 90 days', async () => {
    const signIn = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: demoEmails.projectManager, password },
        remoteAddress: '203.0.113.9',
      });
    expect((await signIn('demo-password')).statusCode).toBe(200);
    t.clock.advance(minutes(1));
    expect((await signIn('wrong-password')).statusCode).toBe(401);
    // The first sign-in opened the windows (released to 0, as a success); the failure counts in them.
    const counters = await keys();
    const known = `login:known-client:${demoEmails.projectManager}:203.0.113.9`;
    expect(counters).toEqual([
      `login:account:${demoEmails.projectManager}:client:203.0.113.9`,
      `login:account:${demoEmails.projectManager}:unknown-clients`,
      `login:ip:203.0.113.9`,
      known,
    ]);

    t.clock.advance(minutes(13));
    expect(await pruneRateLimitCounters(t.ctx)).toEqual({ pruned: 0 });
    expect(await keys()).toEqual(counters);

    t.clock.advance(minutes(1));
    expect(await pruneRateLimitCounters(t.ctx)).toEqual({ pruned: 3 });
    expect(await keys()).toEqual([known]);
    // Pruned is as good as passed: the account signs in from there as a known client.
    expect((await signIn('demo-password')).statusCode).toBe(200);

    // That sign-in opened a new window of its own client counter, long passed 90 days later.
    t.clock.advance(90 * 86_400_000);
    expect(await pruneRateLimitCounters(t.ctx)).toEqual({ pruned: 2 });
    expect(await keys()).toEqual([]);
  });

  it('judges each family by its own window and clock, and leaves keys of no family alone', async () => {
    const real = new Date(realNow).getTime();
    // The program clock stands years before the real one, as a simulated clock may.
    const program = new Date('2021-03-01T09:00:00.000Z').getTime();
    const ctx = { ...t.ctx, clock: new TestClock(new Date(program)) };
    await put('login:ip:198.51.100.1', new Date(real - minutes(16)));
    await put('login:ip:198.51.100.2', new Date(real - minutes(5)));
    await put('login:known-client:a@b.example:198.51.100.3', new Date(real - 30 * 86_400_000));
    await put('login:known-client:a@b.example:198.51.100.4', new Date(real - 91 * 86_400_000));
    await put('password-reset:account:a@b.example', new Date(program - minutes(61)));
    await put('password-reset:ip:198.51.100.5', new Date(program - minutes(59)));
    await put('voucher-lookup:partner:old', new Date(program - minutes(20)));
    await put('voucher-lookup:partner:live', new Date(program - minutes(5)));
    await put('some-other-limit:x', new Date('2000-01-01T00:00:00.000Z'));

    expect(await pruneRateLimitCounters(ctx)).toEqual({ pruned: 4 });
    expect(await keys()).toEqual([
      'login:ip:198.51.100.2',
      'login:known-client:a@b.example:198.51.100.3',
      'password-reset:ip:198.51.100.5',
      'some-other-limit:x',
      'voucher-lookup:partner:live',
    ]);
  });

  it('removes any number of expired rows in bounded batches', async () => {
    const old = new Date(new Date(realNow).getTime() - minutes(30));
    await t.ctx.db
      .insert(rateLimitCounters)
      .values(Array.from({ length: 25 }, (_, i) => ({ key: `login:ip:192.0.2.${i}`, windowStartedAt: old, count: 1 })));
    await put('login:ip:192.0.2.200', new Date(realNow));
    expect(await pruneRateLimitCounters(t.ctx, { batchSize: 10 })).toEqual({ pruned: 25 });
    expect(await keys()).toEqual(['login:ip:192.0.2.200']);
  });
});
