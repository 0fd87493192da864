import { fork, type ChildProcess } from 'node:child_process';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreements, engagementTypes, ledgerEntries, vouchers } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/database.js';
import { actorFor, demoEmails, ensureAgreement } from '../support/voucher-factory.js';

/**
 * Issue 9, item 3 (decision 013): `kill -9` a real server process with keyed requests in flight,
 * then retry every key on a second server. Each key must end in one final answer (the stored
 * one, or a single run), and the agreement's balance must show each voucher debited once.
 */

const start = '2021-03-01T09:00:00.000Z';
const keys = 48;

let t: TestApp;

interface Server {
  child: ChildProcess;
  address: string;
}

async function startServer(url: string): Promise<Server> {
  const child = fork(new URL('../../bench/lifecycle-server.ts', import.meta.url).pathname, [], {
    env: { ...process.env, BENCH_SERVER_DATABASE_URL: url, BENCH_NOW: start, BENCH_POOL: '8' },
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  const address = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { address: string }).address));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { child, address };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    return;
  }
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.send('stop');
  });
}

describe.runIf(engine === 'postgres')('idempotency across a crash (kill -9)', () => {
  beforeAll(async () => {
    t = await buildTestApp({ at: start });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every key ends in one final answer and each voucher is debited once', async () => {
    const url = (t.handle.pool!.options as { connectionString: string }).connectionString;
    const agreementId = await ensureAgreement(t);
    const [type] = await t.ctx.db.select().from(engagementTypes).where(eq(engagementTypes.code, 'DDPS-WOD'));
    const pm = await actorFor(t, demoEmails.projectManager);
    const token = await t.login(demoEmails.benefitAdmin);
    const [before] = await t.ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
    const body = JSON.stringify({ agreementId, engagementTypeId: type!.id, days: 1, projectManagerId: pm.userId });
    const send = (server: Server, key: string) =>
      fetch(`${server.address}/api/v1/vouchers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      }).then(async (response) => ({ status: response.status, body: await response.text() }));
    const keyList = Array.from({ length: keys }, (_, i) => `crash-${i}`);

    // Server A takes every key at once and is killed while they are in flight.
    const a = await startServer(url);
    const firstAnswers = new Map<string, { status: number; body: string }>();
    const inFlight = keyList.map((key) =>
      send(a, key)
        .then((answer) => firstAnswers.set(key, answer))
        .catch(() => undefined),
    );
    // Killed a moment after the first answer: some changes have committed, others are mid-way.
    while (firstAnswers.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
    a.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await new Promise<void>((resolve) =>
      a.child.exitCode !== null || a.child.signalCode ? resolve() : a.child.once('exit', () => resolve()),
    );

    const [committed] = await t.ctx.db
      .select({ n: count() })
      .from(vouchers)
      .where(eq(vouchers.agreementId, agreementId));

    // Server B: every key retried until its answer is final (no 5xx, no "still being processed").
    const b = await startServer(url);
    try {
      const finalAnswers = new Map<string, { status: number; body: string }>();
      for (const key of keyList) {
        for (let attempt = 0; ; attempt += 1) {
          const answer = await send(b, key);
          if (answer.status < 500 && answer.status !== 409) {
            finalAnswers.set(key, answer);
            break;
          }
          expect(attempt, `${key}: ${answer.status} ${answer.body}`).toBeLessThan(20);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
      const ids = new Set<string>();
      for (const key of keyList) {
        const answer = finalAnswers.get(key)!;
        expect(answer.status, `${key}: ${answer.body}`).toBe(201);
        const first = firstAnswers.get(key);
        // A key answered before the crash is answered the same afterwards.
        if (first?.status === 201) {
          expect(answer.body).toBe(first.body);
        }
        ids.add((JSON.parse(answer.body) as { id: string }).id);
      }
      expect(ids.size).toBe(keys);
      // Exactly one voucher and one debit per key, whatever died in flight.
      const [made] = await t.ctx.db.select({ n: count() }).from(vouchers).where(eq(vouchers.agreementId, agreementId));
      const [debits] = await t.ctx.db
        .select({ n: count() })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.agreementId, agreementId), eq(ledgerEntries.kind, 'voucher_allocation')));
      const [after] = await t.ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
      expect(made!.n).toBe(keys);
      expect(debits!.n).toBe(keys);
      expect(after!.balance).toBe(before!.balance - keys);
      console.info(
        `crash test: ${keys} keys, ${firstAnswers.size} answered before kill -9, ${committed!.n} committed by then, all retried on the second server`,
      );
    } finally {
      await stop(b);
    }
  }, 120_000);
});
