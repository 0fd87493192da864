import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process.js';

/**
 * SIGTERM (issue 9, item 16): the server stops accepting connections, lets the request in flight
 * finish, releases the embedded lock and exits 0. A real child process on the embedded engine.
 */
let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'saps-shutdown-'));
  // The embedded engine with the demo data (a consultant to upload with), also when the suite
  // runs on PostgreSQL: the lock file is the embedded engine's.
  server = await startServer({ DATABASE_URL: '', SAPS_DATA_DIR: dataDir, SAPS_DEMO: '1' });
}, 180_000);

afterAll(async () => {
  await server?.stop(1_000);
  rmSync(dataDir, { recursive: true, force: true });
});

const boundary = 'saps-shutdown-boundary';

describe('graceful shutdown', () => {
  it('answers liveness and readiness while it runs', async () => {
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/api/v1/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it(
    'finishes a slow upload in flight at SIGTERM, refuses new connections, exits 0 and removes the lock',
    { timeout: 120_000 },
    async () => {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'consultant@fabrikam.example', password: 'demo-password' }),
      });
      const { token } = (await login.json()) as { token: string };
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\n` +
          'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
      );
      const tail = Buffer.from(`${'x'.repeat(1000)}\n%%EOF\r\n--${boundary}--\r\n`);
      const url = new URL(`${server.url}/api/v1/files`);
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const upload = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': head.length + tail.length,
            },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        upload.on('error', reject);
        upload.write(head);
        // The request is in flight: half its body sent. Now the signal.
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => upload.end(tail), 1_500);
        }, 300);
      });

      // While it drains, the server accepts no new connection.
      await sleep(1_000);
      expect(existsSync(join(dataDir, 'saps.lock'))).toBe(true);
      await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();

      const { status, body } = await answer;
      expect(status, body).toBe(201);
      expect(JSON.parse(body)).toMatchObject({ name: 'plan.pdf', contentType: 'application/pdf' });
      expect(await server.exited).toBe(0);
      expect(existsSync(join(dataDir, 'saps.lock'))).toBe(false);
      expect(server.output()).toContain('shutting down');
    },
  );
});
