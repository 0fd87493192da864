import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import pg from 'pg';
import { pino } from 'pino';
import { systemActor, type AppContext } from '../src/app/context.js';
import { startImport } from '../src/app/imports/start-import.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';

const rows = Number(process.env.ROWS ?? 20000);
let pid = 0;
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const timings = new Map<string, { n: number; cpu: number; ms: number }>();
const orig = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (...args: any[]) {
  const text: string = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '';
  const key = text.slice(0, 40).replace(/\s+/g, ' ');
  const c0 = pid ? cpu() : 0; const start = performance.now();
  const result = orig.apply(this, args as any) as any;
  if (result && typeof result.then === 'function') {
    return result.finally(() => { if (!pid) return; const t = timings.get(key) ?? { n: 0, cpu: 0, ms: 0 }; t.n++; t.cpu += cpu() - c0; t.ms += performance.now() - start; timings.set(key, t); });
  }
  return result;
};
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('drop database if exists saps_imports with (force)');
await admin.query('create database saps_imports');
await admin.end();
const handle = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/saps_imports', poolSize: 1 });
await handle.migrate();
const at = new Date('2020-12-01T09:00:00Z');
const demo = await seedDemo(handle.db, at);
const path = '/tmp/prof-agreements.csv';
const out = createWriteStream(path);
out.write('customerExternalId,customerName,country,programName,licensingId,endsOn,days\n');
for (let i = 0; i < rows; i++) out.write(`BENCH-C-${Math.floor(i / 2)},"Bench Customer ${i}, Inc.",US,Software Assurance Planning Services,BENCH-L-${i},2023-06-30,${1 + (i % 40)}\n`);
out.end(); await once(out, 'finish');
pid = Number(((await handle.pool!.query('select pg_backend_pid() as p')).rows[0] as any).p);
timings.clear();
const ctx: AppContext = { db: handle.db, clock: { now: () => at }, realClock: { now: () => new Date() }, log: pino({ level: 'silent' }), dataDir: '/tmp' };
const c0 = cpu();
const { finished } = await startImport(ctx, systemActor(demo.organizationIds['SAPS Program Operations']!), { kind: 'agreements', dryRun: false, atomic: false, fileName: 'x.csv', path });
const run = await finished;
console.log(run.status, run.created, 'backend cpu', (cpu() - c0).toFixed(2));
for (const [k, v] of [...timings].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 12)) console.log(v.cpu.toFixed(2).padStart(7), v.ms.toFixed(0).padStart(7), v.n, k);
await handle.close();
