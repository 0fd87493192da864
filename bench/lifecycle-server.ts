import { pino } from 'pino';
import { openDatabase } from '../src/db/connection.js';
import { buildApp } from '../src/http/app.js';

/**
 * The SAPS server for bench/lifecycle-http.ts, in its own process (so the load generator does
 * not share its event loop): PostgreSQL, logger off, a clock fixed at BENCH_NOW.
 */
const url = process.env.BENCH_SERVER_DATABASE_URL;
if (!url || !process.send) {
  throw new Error('started by bench/lifecycle-http.ts only');
}
const now = new Date(process.env.BENCH_NOW ?? '2021-03-01T09:00:00.000Z');
const handle = await openDatabase({ url, poolSize: Number(process.env.BENCH_POOL ?? 32) });
const app = await buildApp({
  ctx: {
    db: handle.db,
    clock: { now: () => new Date(now) },
    realClock: { now: () => new Date(now) },
    log: pino({ level: 'silent' }),
    dataDir: '/tmp/saps-bench',
  },
  logger: false,
  publicUrl: 'http://127.0.0.1',
  trustProxy: false,
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.on('message', (message) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send!({ cpuSeconds: (usage.user + usage.system) / 1e6 });
  }
  if (message === 'stop') {
    void app
      .close()
      .then(() => handle.close())
      .then(() => process.exit(0));
  }
});
process.send({ address });
