import { pino } from 'pino';
import type { AppContext } from '../src/app/context.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';
import type { Clock } from '../src/domain/clock.js';
import { buildApp } from '../src/http/app.js';
import { benchDatabaseName, createDatabase, dropDatabase } from './support.js';

/** One unauthenticated request about an e-mail whose timing must not tell whether it has an account. */
export interface AccountProbe {
  /** What the printout calls it: "password reset", "refused sign-in". */
  label: string;
  url: string;
  payload: (email: string) => Record<string, string>;
  /** The answer expected for both kinds of e-mail. */
  status: number;
  /** How far the clock moves before each request: past every limit's window. */
  clockStepMs: number;
  warmUps: number;
}

/**
 * Sends pairs of `probe` requests (an existing account, then an unknown e-mail, in alternating
 * order), each from its own address and with the clock moved past the limits' windows, and
 * prints the median difference of the pairs and the share of pairs in which the existing account
 * was slower (50 % means the timing tells nothing). PGlite in memory, or PostgreSQL with
 * BENCH_ENGINE=postgres (a database of its own, dropped after).
 */
export async function benchAccountTiming(probe: AccountProbe, pairs: number): Promise<void> {
  const onPostgres = process.env.BENCH_ENGINE === 'postgres';
  const name = benchDatabaseName('account_timing');
  const handle = onPostgres
    ? await openDatabase({ url: await createDatabase(name) })
    : await openDatabase({ memory: {} });
  await handle.migrate();
  let at = new Date('2021-03-01T09:00:00Z');
  const clock: Clock = { now: () => new Date(at) };
  const ctx: AppContext = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '/tmp' };
  await seedDemo(handle.db, clock.now());
  const app = await buildApp({ ctx, logger: false, publicUrl: 'http://saps.test' });
  await app.ready();
  const send = async (email: string, n: number): Promise<number> => {
    at = new Date(at.getTime() + probe.clockStepMs);
    const started = process.hrtime.bigint();
    const response = await app.inject({
      method: 'POST',
      url: probe.url,
      payload: probe.payload(email),
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== probe.status) {
      throw new Error(`${probe.label} answered ${response.statusCode} ${response.body}`);
    }
    return elapsed;
  };
  for (let i = 0; i < probe.warmUps; i += 1) {
    await send('pm@northwind.example', 100_000 + i);
  }
  const differences: number[] = [];
  for (let i = 0; i < pairs; i += 1) {
    let existing: number;
    let unknown: number;
    if (i % 2 === 0) {
      existing = await send('pm@northwind.example', 2 * i);
      unknown = await send(`nobody${i}@northwind.example`, 2 * i + 1);
    } else {
      unknown = await send(`nobody${i}@northwind.example`, 2 * i + 1);
      existing = await send('pm@northwind.example', 2 * i);
    }
    differences.push(existing - unknown);
  }
  differences.sort((a, b) => a - b);
  const median = differences[Math.floor(differences.length / 2)]!;
  const slower = differences.filter((d) => d > 0).length / differences.length;
  console.log(
    `${probe.label} on ${handle.engine}, ${pairs} pairs: median (existing − unknown) ${median.toFixed(2)} ms; ` +
      `existing slower in ${(slower * 100).toFixed(0)} % of pairs`,
  );
  await app.close();
  await handle.close();
  if (onPostgres) {
    await dropDatabase(name);
  }
}
