import pg from 'pg';
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import { expireVouchersBatch, runSweepInBatches } from '../src/app/operations/sweep.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase, resultRows, type DatabaseHandle, type Executor } from '../src/db/connection.js';
import { benchDatabaseName, createDatabase, dropDatabase, envPrefix, mib, ms } from './support.js';

/**
 * The sweep benchmark (issue 3): `vouchers` vouchers on `vouchers / 2` agreements, all due to
 * expire, half on active agreements (days returned) and half on ended ones (days forfeited),
 * expired by the app's batched set-based sweep, against a bare
 * `UPDATE vouchers SET status = 'expired' WHERE …` of the same rows on an identical copy.
 * The process's RSS is sampled every 100 ms during the sweep (it runs in this process).
 */

const seededAt = new Date('2020-06-01T00:00:00.000Z');
const sweepAt = new Date('2021-01-15T00:00:00.000Z');

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

interface PlanNode {
  'Node Type': string;
  'Subplan Name'?: string;
  'Relation Name'?: string;
  'Actual Total Time': number;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

/**
 * BENCH_SWEEP_EXPLAIN=1: where one expiry batch's time goes, by part of its statement
 * (EXPLAIN ANALYZE, then rolled back, so the sweep that follows has the same work; the rolled-back
 * batch leaves `batchSize` dead rows behind). Each data-modifying CTE's time includes its index
 * updates.
 */
async function explainOneBatch(handle: DatabaseHandle, batchSize: number): Promise<void> {
  let plan: { Plan: PlanNode; 'Execution Time': number } | undefined;
  await handle.db
    .transaction(async (tx) => {
      const explaining = {
        execute: async (query: SQL) => {
          const result = await tx.execute(sql`explain (analyze, format json) ${query}`);
          plan = resultRows<{ 'QUERY PLAN': [typeof plan] }>(result)[0]!['QUERY PLAN'][0];
          return { rows: [] };
        },
      } as unknown as Executor;
      await expireVouchersBatch(explaining, sweepAt, batchSize);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof TransactionRollbackError)) {
        throw error;
      }
    });
  if (!plan) {
    return;
  }
  console.log(`one expiry batch of ${batchSize}, EXPLAIN ANALYZE: ${plan['Execution Time'].toFixed(0)} ms in all`);
  for (const node of plan.Plan.Plans ?? []) {
    const name = node['Subplan Name'] ?? node['Node Type'];
    const what = [node['Node Type'], node['Relation Name']].filter(Boolean).join(' on ');
    console.log(
      `  ${name.padEnd(14)} ${ms(node['Actual Total Time']).padStart(10)}  ${node['Actual Rows']} rows  (${what})`,
    );
  }
}

export async function benchSweep(options: { vouchers: number; batchSize?: number }): Promise<void> {
  // The app's default batch (runSweep): 5000.
  const batchSize = options.batchSize ?? 5000;
  const vouchers = options.vouchers - (options.vouchers % 2);
  const agreementCount = vouchers / 2;
  const name = benchDatabaseName('sweep');
  const bareName = benchDatabaseName('sweep_bare');
  console.log(
    `\n== sweep: ${vouchers} vouchers due on ${agreementCount} agreements (half returning days, half forfeiting) ==`,
  );
  try {
    const url = await createDatabase(name);
    const handle = await openDatabase({ url, poolSize: 2 });
    await handle.migrate();
    const demo = await seedDemo(handle.db, seededAt);
    await handle.close();

    const load = await timed(() =>
      withClient(url, async (client) => {
        const ids = await client.query<{ org: string; program: string; type: string; pm: string; admin: string }>(
          `select o.id as org, $1::uuid as program,
             (select id from engagement_types where code = 'DDPS-WOD') as type,
             (select id from users where email = 'pm@northwind.example') as pm,
             (select id from users where email = 'benefits@northwind.example') as admin
           from organizations o where o.name = 'Northwind Traders'`,
          [demo.programId],
        );
        const { org, program, type, pm, admin } = ids.rows[0]!;
        // Bulk load without the foreign-key triggers (every reference is valid by construction).
        await client.query('set session_replication_role = replica');
        await client.query(
          `insert into agreements (organization_id, program_id, licensing_id, ends_on, activated_at, balance, created_at)
           select $1, $2, 'SWEEP-' || g, case when g % 2 = 0 then date '2023-06-30' else date '2020-12-01' end,
             timestamptz '2020-06-01', 0, timestamptz '2020-06-01'
           from generate_series(1, $3::int) g`,
          [org, program, agreementCount],
        );
        await client.query(
          `insert into vouchers (code, program_id, agreement_id, organization_id, engagement_type_id, days,
             project_manager_id, created_by, created_at, expires_at, status, version)
           select 'SW' || a.licensing_id || '-' || k, $1, a.id, $2, $3, 1 + (k % 3), $4, $5,
             timestamptz '2020-07-01' + make_interval(secs => (hashtext(a.licensing_id) & 65535)),
             timestamptz '2020-07-01' + make_interval(secs => (hashtext(a.licensing_id) & 65535)) + interval '180 days',
             'assigned', 1
           from agreements a cross join generate_series(1, 2) k
           where a.licensing_id like 'SWEEP-%'`,
          [program, org, type, pm, admin],
        );
        await client.query('reset session_replication_role');
        await client.query('vacuum analyze');
        await client.query('checkpoint');
      }),
    );
    console.log(
      `loaded with generate_series in ${load.seconds.toFixed(1)} s; copying the database for the bare UPDATE`,
    );
    await createDatabase(bareName, name);
    const bareUrl = url.replace(name, bareName);

    const bare = await withClient(bareUrl, async (client) => {
      await client.query('checkpoint');
      return timed(() =>
        client.query(
          `update vouchers set status = 'expired'
           where status in ('assigned', 'reserved', 'completed') and expires_at <= $1`,
          [sweepAt],
        ),
      );
    });
    await withClient(url, (client) => client.query('checkpoint'));

    const sweepHandle = await openDatabase({ url, poolSize: 2 });
    if (process.env.BENCH_SWEEP_EXPLAIN) {
      await explainOneBatch(sweepHandle, batchSize);
    }
    let peakRss = process.memoryUsage().rss;
    const baselineRss = peakRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const batchTimes: number[] = [];
    let lastProgress = performance.now();
    const sweep = await timed(() =>
      runSweepInBatches((work) => sweepHandle.db.transaction(work), sweepAt, {
        batchSize,
        onProgress: () => {
          const at = performance.now();
          batchTimes.push(at - lastProgress);
          lastProgress = at;
        },
      }),
    ).finally(() => clearInterval(sampler));
    const expiryBatches = batchTimes.slice(0, Math.ceil(vouchers / batchSize));
    const sortedBatches = [...expiryBatches].sort((a, b) => a - b);
    const batches = batchTimes.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await sweepHandle.close();

    const { expired, daysReturned, daysForfeited } = sweep.result;
    if (expired !== vouchers || bare.result.rowCount !== vouchers) {
      throw new Error(
        `expected ${vouchers} expiries; the sweep expired ${expired}, the bare UPDATE ${bare.result.rowCount}`,
      );
    }
    const ratio = sweep.seconds / bare.seconds;
    console.log(`bare UPDATE:  ${bare.seconds.toFixed(1)} s (${bare.result.rowCount} rows, one statement)`);
    console.log(
      `app sweep:    ${sweep.seconds.toFixed(1)} s (${expired} expired in ${expiryBatches.length} batches of ${batchSize}, ${batches} transactions in all; ${daysReturned} days returned with ledger entries, ${daysForfeited} days forfeited; an audit record per voucher)`,
    );
    console.log(
      `  expiry batches: first ${ms(expiryBatches[0] ?? 0)}, median ${ms(sortedBatches[Math.floor(sortedBatches.length / 2)] ?? 0)}, last ${ms(expiryBatches.at(-1) ?? 0)}`,
    );
    console.log(`ratio: ${ratio.toFixed(2)} × the bare UPDATE (target ≤ 2: ${ratio <= 2 ? 'met' : 'MISSED'})`);
    console.log(
      `memory: RSS ${mib(baselineRss)} before the sweep, peak ${mib(peakRss)} during it (+${mib(peakRss - baselineRss)}), sampled every 100 ms`,
    );
    console.log(
      `command: ${envPrefix({ BENCH_SWEEP_VOUCHERS: vouchers, BENCH_SWEEP_BATCH: options.batchSize })}node --import tsx bench/run.ts sweep`,
    );
  } finally {
    await dropDatabase(bareName);
    await dropDatabase(name);
  }
}
