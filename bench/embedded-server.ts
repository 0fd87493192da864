import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../src/db/connection.js';
import { buildApp } from '../src/http/app.js';
import { setUp } from './lifecycle-http.js';

/**
 * The embedded engine (PGlite in a data directory, as `npm start` runs it) behind the real HTTP
 * server, in its own process; sends its address and the fixture (customers, tokens) to the bench.
 */
if (!process.send) {
  throw new Error('started by bench/embedded.ts only');
}
const now = new Date(process.env.BENCH_NOW ?? '2021-03-01T09:00:00.000Z');
const dataDir = mkdtempSync(join(tmpdir(), 'saps-bench-embedded-'));
const handle = await openDatabase({ dataDir });
await handle.migrate();
const fixture = await setUp(handle.db, Number(process.env.BENCH_CLIENTS ?? 8));
const app = await buildApp({
  ctx: {
    db: handle.db,
    clock: { now: () => new Date(now) },
    realClock: { now: () => new Date(now) },
    log: pino({ level: 'silent' }),
    dataDir,
  },
  logger: false,
  publicUrl: 'http://127.0.0.1',
  trustProxy: false,
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.on('message', (message) => {
  if (message === 'stop') {
    void app
      .close()
      .then(() => handle.close())
      .then(() => rmSync(dataDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  }
});
process.send({ address, fixture });
