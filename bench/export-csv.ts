import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import type { AppContext } from '../src/app/context.js';
import { demoPassword, seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';
import { buildApp } from '../src/http/app.js';
import { benchDatabaseName, createDatabase, dropDatabase, envPrefix, mib } from './support.js';

/**
 * The export benchmark (issue 11): `rows` vouchers streamed as `GET /exports/vouchers.csv`
 * over real HTTP from a server in this process, read by a client that only counts records.
 * The process's RSS is sampled every 100 ms; a flat RSS means the export holds one page, not
 * the file. The vouchers are bulk-loaded with SQL (the same shape as the sweep benchmark).
 */

const at = new Date('2021-03-01T09:00:00.000Z');

function post(base: string, path: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function benchExportCsv(options: { rows: number }): Promise<void> {
  const name = benchDatabaseName('export');
  console.log(`\n== export: GET /exports/vouchers.csv of ${options.rows} vouchers, RSS sampled every 100 ms ==`);
  try {
    const url = await createDatabase(name);
    const handle = await openDatabase({ url, poolSize: 4 });
    await handle.migrate();
    const demo = await seedDemo(handle.db, at);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const loadStarted = performance.now();
    await client.query('set session_replication_role = replica');
    await client.query(
      `insert into agreements (organization_id, program_id, licensing_id, ends_on, activated_at, balance, created_at)
       select o.id, $1, 'EXPORT-1', date '2023-06-30', timestamptz '2020-06-01', 0, timestamptz '2020-06-01'
       from organizations o where o.name = 'Northwind Traders'`,
      [demo.programId],
    );
    await client.query(
      `insert into vouchers (code, program_id, agreement_id, organization_id, engagement_type_id, days,
         project_manager_id, created_by, created_at, expires_at, status, version)
       select 'EX-' || g, a.program_id, a.id, a.organization_id,
         (select id from engagement_types where code = 'DDPS-WOD'),
         1 + (g % 3),
         (select id from users where email = 'pm@northwind.example'),
         (select id from users where email = 'benefits@northwind.example'),
         timestamptz '2020-07-01' + make_interval(secs => g), timestamptz '2021-01-01' + make_interval(secs => g),
         'assigned', 1
       from agreements a cross join generate_series(1, $1::int) g where a.licensing_id = 'EXPORT-1'`,
      [options.rows],
    );
    await client.query('analyze vouchers');
    await client.end();
    console.log(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const clock = { now: () => at };
    const ctx: AppContext = {
      db: handle.db,
      clock,
      realClock: clock,
      log: pino({ level: 'silent' }),
      dataDir: '/tmp/saps-bench-export',
    };
    const app = await buildApp({ ctx, logger: false, publicUrl: 'http://bench.invalid' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { token } = JSON.parse(
      await post(base, '/api/v1/auth/login', { email: 'operator@saps.example', password: demoPassword }),
    ) as { token: string };

    global.gc?.();
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(process.memoryUsage().rss), 100);
    const started = performance.now();
    const { records, bytes, firstByteMs } = await new Promise<{ records: number; bytes: number; firstByteMs: number }>(
      (resolve, reject) => {
        const req = request(
          `${base}/api/v1/exports/vouchers.csv`,
          { headers: { authorization: `Bearer ${token}` } },
          (res) => {
            const firstByteMs = performance.now() - started;
            let records = 0;
            let bytes = 0;
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
                records += 1;
              }
            });
            res.on('end', () => resolve({ records, bytes, firstByteMs }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await app.close();
    await handle.close();
    const tenth = samples[Math.floor(samples.length / 10)] ?? samples[0]!;
    const peak = Math.max(...samples);
    const last = samples.at(-1)!;
    console.log(
      `${records - 1} data rows + header, ${mib(bytes)} of CSV in ${seconds.toFixed(1)} s ` +
        `(${Math.round((records - 1) / seconds)} rows/s; first byte after ${firstByteMs.toFixed(0)} ms)`,
    );
    console.log(
      `RSS: at 10 % of the run ${mib(tenth)}, peak ${mib(peak)}, at the end ${mib(last)} ` +
        `(peak − 10 % = ${mib(peak - tenth)}; ${samples.length} samples)`,
    );
    // Memory held per row would make each quarter's peak higher than the last; a flat export's
    // quarters are alike (V8 grows and shrinks its heap between collections).
    const quarter = Math.ceil(samples.length / 4);
    const quarters = [0, 1, 2, 3].map((q) => Math.max(...samples.slice(q * quarter, (q + 1) * quarter), 0));
    console.log(`RSS peak by quarter of the run: ${quarters.map((rss) => mib(rss)).join(', ')}`);
    console.log(`command: ${envPrefix({ BENCH_EXPORT_ROWS: options.rows })}node --import tsx bench/run.ts export`);
  } finally {
    await dropDatabase(name);
  }
}
