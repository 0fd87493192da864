import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchDatabaseName, createDatabase, dropDatabase, ms, percentile } from './support.js';

/**
 * Does a 20 MiB upload stall the other requests (issue 9, item 6; decision 018)? Starts a real
 * `saps serve` (embedded engine, or PostgreSQL with `postgres`), signs in, and while one client
 * uploads a 20 MiB PDF another polls `GET /api/v1/me` (a session lookup in the database) one
 * request after the other. Prints the upload's duration and the poller's latencies meanwhile.
 *
 *   node --import tsx bench/upload-stall.ts [pglite|postgres]
 *
 * BENCH_ROOT=<a checkout> runs that checkout's server instead (to measure a version before).
 */
const engine = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const root = resolve(process.env.BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const uploadBytes = 20 * 1024 * 1024;

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'saps.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SAPS_DEMO: '1', ...env },
  });
  let output = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found && output.includes('SAPS is running at')) {
        clearTimeout(timer);
        done(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => fail(new Error(`the server exited:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'saps-bench-upload-'));
  const database = engine === 'postgres' ? benchDatabaseName('upload') : undefined;
  const databaseUrl = database ? await createDatabase(database) : '';
  const server = await startServer({ SAPS_DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'consultant@fabrikam.example', password: 'demo-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const pdf = Buffer.alloc(uploadBytes, 0x20);
    pdf.write('%PDF-1.4\n', 0);
    let uploading = true;
    const latencies: number[] = [];
    const poller = (async () => {
      while (uploading) {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/me`, { headers: auth });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        await sleep(10);
      }
    })();
    await sleep(200); // the poller is running
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'big.pdf');
    const started = performance.now();
    const upload = await fetch(`${server.url}/api/v1/files`, { method: 'POST', headers: auth, body: form });
    const uploadMs = performance.now() - started;
    const status = upload.status;
    await upload.arrayBuffer();
    uploading = false;
    await poller;
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `upload-stall (${engine}${process.env.BENCH_ROOT ? `, ${root}` : ''}): 20 MiB upload ${status} in ${ms(uploadMs)}; ` +
        `meanwhile ${latencies.length} polls of GET /me: median ${ms(percentile(sorted, 50))}, ` +
        `p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}`,
    );
    console.log(`  reproduce: node --import tsx bench/upload-stall.ts ${engine}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (database) {
      await dropDatabase(database);
    }
  }
}

await main();
