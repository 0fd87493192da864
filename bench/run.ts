import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchServerUrl } from './support.js';

/**
 * `npm run bench`: the benchmarks of issue 3 (and the web bundle size when it is built). Not a
 * test: nothing here runs from `npm test`. Each prints its figures and the command that
 * reproduces it. They need PostgreSQL (BENCH_DATABASE_URL, default 127.0.0.1:5432, user
 * postgres) and create and drop their own databases.
 *
 *   node --import tsx bench/run.ts [lifecycle] [embedded] [sweep] [outbox] [export] [import] [close-out] [bundle] [lighthouse]
 *   (default: all but lighthouse, which runs only when named: `npm run bench -- lighthouse`)
 *
 * Sizes: BENCH_VOUCHERS (lifecycle, 2000), BENCH_CLIENTS (32), BENCH_POOL (server pool, 32),
 * BENCH_SWEEP_VOUCHERS (1,000,000; agreements are half as many), BENCH_SWEEP_BATCH (the app's 5000),
 * BENCH_NOTICES (outbox, 10000), BENCH_EXPORT_ROWS (vouchers streamed as CSV, 1,000,000),
 * BENCH_IMPORT_ROWS (agreement rows imported, 100,000), BENCH_IMPORT_ENGINES (postgres,pglite),
 * BENCH_IMPORT_BATCH (rows per batch; the app's default when unset).
 * BENCH_SERVER_PROF=DIR: a V8 CPU profile of the lifecycle (or embedded) bench server, written to DIR.
 * BENCH_CLOSE_OUT_AGREEMENTS (close-out report, 100,000).
 */

const selected = process.argv.slice(2);
const wants = (name: string) => selected.length === 0 || selected.includes(name);

function number(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

console.log(
  `SAPS benchmarks on ${cpus().length} cores (load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}), Node ${process.version}, PostgreSQL at ${benchServerUrl.replace(/\/\/[^@]*@/, '//')}`,
);
if (loadavg()[0]! > cpus().length) {
  console.log('note: the machine is busy (load above the core count): expect noise of 20–50 % or more');
}

let failed = false;

if (wants('lifecycle')) {
  const { benchLifecycleHttp } = await import('./lifecycle-http.js');
  try {
    await benchLifecycleHttp({
      vouchers: number('BENCH_VOUCHERS', 2000),
      clients: number('BENCH_CLIENTS', 32),
      pool: number('BENCH_POOL', 32),
    });
  } catch (error) {
    failed = true;
    console.error('lifecycle benchmark failed:', error);
  }
}

if (wants('embedded')) {
  const { benchEmbedded } = await import('./embedded.js');
  try {
    await benchEmbedded({
      vouchers: number('BENCH_EMBEDDED_VOUCHERS', 500),
      clients: number('BENCH_EMBEDDED_CLIENTS', 8),
    });
  } catch (error) {
    failed = true;
    console.error('embedded benchmark failed:', error);
  }
}

if (wants('sweep')) {
  const { benchSweep } = await import('./sweep.js');
  try {
    await benchSweep({
      vouchers: number('BENCH_SWEEP_VOUCHERS', 1_000_000),
      batchSize: process.env.BENCH_SWEEP_BATCH ? number('BENCH_SWEEP_BATCH', 5000) : undefined,
    });
  } catch (error) {
    failed = true;
    console.error('sweep benchmark failed:', error);
  }
}

// `notices` is the name it had before. DATABASE_URL, when set, is the scratch database it writes
// to (bench/outbox.ts); BENCH_OUTBOX_DISPATCHERS (1), BENCH_OUTBOX_BASELINE (500, 0 skips it).
if (wants('outbox') || selected.includes('notices')) {
  const { benchOutbox } = await import('./outbox.js');
  try {
    await benchOutbox({
      count: number('BENCH_NOTICES', 10_000),
      dispatchers: number('BENCH_OUTBOX_DISPATCHERS', 1),
      baseline: Number(process.env.BENCH_OUTBOX_BASELINE ?? 500),
    });
  } catch (error) {
    failed = true;
    console.error('notices outbox benchmark failed:', error);
  }
}

if (wants('export')) {
  const { benchExportCsv } = await import('./export-csv.js');
  try {
    await benchExportCsv({ rows: number('BENCH_EXPORT_ROWS', 1_000_000) });
  } catch (error) {
    failed = true;
    console.error('export benchmark failed:', error);
  }
}

if (wants('import')) {
  const { benchImport } = await import('./import.js');
  try {
    const engines = (process.env.BENCH_IMPORT_ENGINES ?? 'postgres,pglite').split(',');
    await benchImport({
      rows: number('BENCH_IMPORT_ROWS', 100_000),
      engines: engines.filter((e): e is 'postgres' | 'pglite' => e === 'postgres' || e === 'pglite'),
      batchSize: process.env.BENCH_IMPORT_BATCH ? number('BENCH_IMPORT_BATCH', 1000) : undefined,
    });
  } catch (error) {
    failed = true;
    console.error('import benchmark failed:', error);
  }
}

if (wants('close-out')) {
  const { benchCloseOut } = await import('./close-out.js');
  try {
    await benchCloseOut({ agreements: number('BENCH_CLOSE_OUT_AGREEMENTS', 100_000) });
  } catch (error) {
    failed = true;
    console.error('close-out benchmark failed:', error);
  }
}

if (wants('bundle')) {
  const module = new URL('./bundle-size.ts', import.meta.url);
  if (!existsSync(module)) {
    console.log('\n== web bundle size: bench/bundle-size.ts not present; skipped ==');
  } else {
    console.log('\n== web bundle size ==');
    const { reportBundleSize } = (await import(module.href)) as { reportBundleSize: () => unknown };
    try {
      reportBundleSize();
    } catch (error) {
      console.log(`skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

// Lighthouse (issue 12) only when asked for: on a busy 2-core machine it took 5 minutes, above
// the ~2 minutes the default run may spend on it.
if (selected.includes('lighthouse')) {
  console.log('\n== Lighthouse ==');
  const { benchLighthouse } = await import('./lighthouse.js');
  try {
    if (!(await benchLighthouse())) {
      failed = true;
    }
  } catch (error) {
    failed = true;
    console.error('lighthouse benchmark failed:', error);
  }
}

process.exitCode = failed ? 1 : 0;
