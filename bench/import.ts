import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { pino } from 'pino';
import type { AppContext } from '../src/app/context.js';
import { systemActor } from '../src/app/context.js';
import { startImport } from '../src/app/imports/start-import.js';
import type { ImportRunView } from '../src/app/imports/import-runs.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { sql } from 'drizzle-orm';
import { openDatabase, resultRows, type DatabaseHandle } from '../src/db/connection.js';
import { benchDatabaseName, createDatabase, dropDatabase, envPrefix, mib } from './support.js';

/**
 * The import benchmark (issue 11, item 4; decision 025): `rows` agreement rows (two agreements
 * per customer, each with an opening accrual) imported through `startImport`, the use case behind
 * POST /imports and `saps import`, on PostgreSQL and on the embedded engine. Prints the check
 * (what happens before the 202), the run, a re-run of the same file (all unchanged) and a dry run.
 * Target (issue 11): 100,000 rows in at most 30 s on PostgreSQL on this machine.
 *
 *   node --import tsx bench/run.ts import      (BENCH_IMPORT_ROWS, 100000; BENCH_IMPORT_ENGINES, postgres,pglite;
 *                                               BENCH_IMPORT_BATCH, the app's batch size)
 */

/** Before the accrual end date, so every new agreement gets its opening accrual. */
const at = new Date('2020-12-01T09:00:00.000Z');

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('customerExternalId,customerName,country,programName,licensingId,endsOn,days\n');
  for (let i = 0; i < rows; i += 1) {
    const customer = Math.floor(i / 2);
    const line = `BENCH-C-${customer},"Bench Customer ${customer}, Inc.",US,Software Assurance Planning Services,BENCH-L-${i},2023-06-30,${1 + (i % 40)}\n`;
    if (!out.write(line)) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * CPU seconds the PostgreSQL backend `pid` has used (utime + stime of /proc/<pid>/stat), when
 * the server runs on this machine: with the process's own CPU time, what the import costs
 * whatever the load of the machine (the wall time adds the waits for a CPU).
 */
function backendCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) {
    return undefined;
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks: 100 a second on Linux
  } catch {
    return undefined;
  }
}

interface Timed {
  checkS: number;
  runS: number;
  cpuS: number;
  databaseCpuS: number | undefined;
  run: ImportRunView;
}

async function timed(
  ctx: AppContext,
  actor: ReturnType<typeof systemActor>,
  path: string,
  options: { dryRun: boolean; batchSize: number | undefined; backendPid: number | undefined },
): Promise<Timed> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const databaseCpu = backendCpuSeconds(options.backendPid);
  const { finished } = await startImport(
    ctx,
    actor,
    { kind: 'agreements', dryRun: options.dryRun, atomic: false, fileName: 'bench.csv', path },
    { batchSize: options.batchSize },
  );
  const checked = performance.now();
  const run = await finished;
  const ended = performance.now();
  const used = process.cpuUsage(cpu);
  const databaseCpuAfter = backendCpuSeconds(options.backendPid);
  return {
    checkS: (checked - started) / 1000,
    runS: (ended - checked) / 1000,
    cpuS: (used.user + used.system) / 1e6,
    databaseCpuS:
      databaseCpu === undefined || databaseCpuAfter === undefined ? undefined : databaseCpuAfter - databaseCpu,
    run,
  };
}

async function benchOne(
  engine: 'postgres' | 'pglite',
  rows: number,
  path: string,
  batchSize: number | undefined,
): Promise<void> {
  let handle: DatabaseHandle | undefined;
  const name = benchDatabaseName('import');
  const dataDir = engine === 'pglite' ? await mkdtemp(join(tmpdir(), 'saps-bench-import-')) : undefined;
  try {
    handle =
      engine === 'postgres'
        ? // One connection: every statement of the import runs on one backend, whose CPU is measured.
          await openDatabase({ url: await createDatabase(name), poolSize: 1 })
        : await openDatabase({ dataDir });
    await handle.migrate();
    const demo = await seedDemo(handle.db, at);
    const clock = { now: () => at };
    const ctx: AppContext = {
      db: handle.db,
      clock,
      realClock: { now: () => new Date() },
      log: pino({ level: 'silent' }),
      dataDir: dataDir ?? '/tmp/saps-bench-import',
    };
    const actor = systemActor(demo.organizationIds['SAPS Program Operations']!);
    const backendPid =
      engine === 'postgres'
        ? Number(resultRows<{ pid: number }>(await handle.db.execute(sql`select pg_backend_pid() as pid`))[0]!.pid)
        : undefined;
    const options = { batchSize, backendPid };
    const first = await timed(ctx, actor, path, { dryRun: false, ...options });
    const rss = process.memoryUsage().rss;
    const again = await timed(ctx, actor, path, { dryRun: false, ...options });
    const dry = await timed(ctx, actor, path, { dryRun: true, ...options });
    const ok =
      first.run.status === 'succeeded' &&
      first.run.created === rows &&
      again.run.unchanged === rows &&
      dry.run.unchanged === rows;
    const line = (label: string, r: Timed) =>
      `  ${label.padEnd(26)} check ${r.checkS.toFixed(1).padStart(5)} s + run ${r.runS.toFixed(1).padStart(6)} s = ` +
      `${(r.checkS + r.runS).toFixed(1).padStart(6)} s  (${Math.round(rows / (r.checkS + r.runS))} rows/s, ` +
      `CPU: this process ${r.cpuS.toFixed(1)} s` +
      (r.databaseCpuS === undefined ? '' : `, its PostgreSQL backend ${r.databaseCpuS.toFixed(1)} s`) +
      '; ' +
      `created ${r.run.created}, unchanged ${r.run.unchanged}, rejected ${r.run.rejected})`;
    console.log(`${engine} (load average ${loadavg()[0]!.toFixed(1)}):${ok ? '' : '  UNEXPECTED COUNTS'}`);
    console.log(line('import (all new)', first));
    console.log(line('same file again', again));
    console.log(line('dry run (all unchanged)', dry));
    console.log(`  RSS after the import: ${mib(rss)}`);
    if (engine === 'postgres') {
      const total = first.checkS + first.runS;
      console.log(
        `  target ≤ 30 s for 100,000 rows on PostgreSQL: ${total <= (30 * rows) / 100_000 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await handle?.close();
    if (engine === 'postgres') {
      await dropDatabase(name);
    }
    if (dataDir) {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}

export async function benchImport(options: {
  rows: number;
  engines: ('postgres' | 'pglite')[];
  batchSize: number | undefined;
}): Promise<void> {
  console.log(
    `\n== import: ${options.rows} agreement rows (${options.rows / 2} customers) through startImport, ` +
      `batch ${options.batchSize ?? 'default'} ==`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'saps-bench-import-csv-'));
  try {
    const path = join(dir, 'agreements.csv');
    await writeCsv(path, options.rows);
    for (const engine of options.engines) {
      await benchOne(engine, options.rows, path, options.batchSize);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `  reproduce: ${envPrefix({ BENCH_IMPORT_ROWS: options.rows, BENCH_IMPORT_BATCH: options.batchSize })}node --import tsx bench/run.ts import`,
  );
}
