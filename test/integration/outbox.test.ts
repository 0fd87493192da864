import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { enqueueEmail, type EmailMessage } from '../../src/app/platform/outbox.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { outbox } from '../../src/db/schema/index.js';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox, maxAttempts, retryDelayMs } from '../../src/jobs/outbox-dispatcher.js';
import { createTestDatabase } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { TestClock } from '../support/test-clock.js';

const from = 'SAPS <no-reply@saps.test>';
let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let clock: TestClock;
let ctx: AppContext;
let mailer: Mailer;
let dataDir: string;
let logLines: { level: number; msg: string; outboxId?: number; file?: string }[];

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  dataDir = mkdtempSync(join(tmpdir(), 'saps-outbox-'));
});
afterAll(async () => {
  await smtp.close();
  await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await handle.db.delete(outbox);
  smtp.received.length = 0;
  smtp.rejectWith(null);
  clock = new TestClock('2021-03-01T09:00:00.000Z');
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'debug' }, sink), dataDir };
  mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: from, dataDir });
});
afterEach(async () => {
  await mailer.close();
});

// Non-ASCII and a long line make nodemailer encode the body (quoted-printable).
const message = (to: string): EmailMessage => ({
  to,
  subject: 'Invitation à SAPS — café',
  text: `Bonjour ${to},\n${'Votre invitation est prête. '.repeat(6)}\nhttps://saps.test/accept-invitation?token=abc_DEF-123\n`,
});

async function enqueue(...messages: EmailMessage[]): Promise<void> {
  await handle.db.transaction(async (tx) => {
    for (const m of messages) {
      await enqueueEmail(tx, m, clock.now());
    }
  });
}

async function rows() {
  return handle.db.select().from(outbox).orderBy(outbox.id);
}

describe('outbox dispatcher over SMTP', () => {
  it('delivers a message enqueued in a committed transaction exactly once, even when the dispatcher runs twice', async () => {
    await enqueue(message('ada@example.com'));

    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ to: ['ada@example.com'], from: 'no-reply@saps.test', subject: message('').subject });
    expect(mail!.text.trim()).toBe(message('ada@example.com').text.trim());
    const [row] = await rows();
    expect(row).toMatchObject({ sentAt: clock.now(), attempts: 0, failedAt: null, lastError: null });
  });

  it('lets two concurrent dispatchers share the due rows without sending any twice', async () => {
    const recipients = Array.from({ length: 7 }, (_, i) => `person${i}@example.com`);
    await enqueue(...recipients.map(message));

    const results = await Promise.all([
      dispatchOutbox(ctx, mailer, { batchSize: 2 }),
      dispatchOutbox(ctx, mailer, { batchSize: 2 }),
    ]);

    expect(results[0].sent + results[1].sent).toBe(7);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    expect((await rows()).every((r) => r.sentAt !== null)).toBe(true);
  });

  it('never sends a message enqueued in a transaction that rolled back', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueEmail(tx, message('ghost@example.com'), clock.now());
        throw new Error('the change failed after enqueueing');
      }),
    ).rejects.toThrow('the change failed');

    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await rows()).toHaveLength(0);
  });

  it('retries a message the SMTP server refused after a 30 s then 60 s backoff, recording attempts and the last error', async () => {
    smtp.rejectWith({ code: 450, message: 'Mailbox busy, try later' });
    await enqueue(message('busy@example.com'));

    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
    expect(row!.lastError).toContain('Mailbox busy');
    expect(row!.availableAt).toEqual(new Date(clock.now().getTime() + 30_000));

    clock.advance(29_999);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ attempts: 2 });
    expect(row!.availableAt).toEqual(new Date(clock.now().getTime() + 60_000));

    smtp.rejectWith(null);
    clock.advance(60_000);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, retried: 0, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ attempts: 2, sentAt: clock.now(), failedAt: null });
    expect(smtp.received.map((m) => m.to)).toEqual([['busy@example.com']]);
    expect(logLines.filter((l) => l.level === 40 && l.outboxId === row!.id)).toHaveLength(2);
  });

  it(`gives up after ${maxAttempts} failed attempts: the row is a dead letter, logged at error level`, async () => {
    smtp.rejectWith({ code: 550, message: 'No such user here' });
    await enqueue(message('nobody@example.com'));
    const delays: number[] = [];

    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const result = await dispatchOutbox(ctx, mailer);
      const [row] = await rows();
      expect(row!.attempts).toBe(attempt);
      if (attempt < maxAttempts) {
        expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
        delays.push(row!.availableAt.getTime() - clock.now().getTime());
        clock.set(row!.availableAt);
      } else {
        expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
      }
    }

    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000));
    const [dead] = await rows();
    expect(dead).toMatchObject({ attempts: maxAttempts, sentAt: null, failedAt: clock.now() });
    expect(dead!.lastError).toContain('No such user here');
    expect(logLines.filter((l) => l.level === 50 && l.outboxId === dead!.id)).toHaveLength(1);

    smtp.rejectWith(null);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('caps the backoff at one hour', () => {
    expect([1, 2, 7, 8, 9, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('retries a message that is claimed but whose lease ran out, without a second send', async () => {
    // A dispatcher that died after claiming: the lease (5 min) keeps the row from others, then frees it.
    await enqueue(message('late@example.com'));
    await handle.db.update(outbox).set({ availableAt: new Date(clock.now().getTime() + 5 * 60_000) });
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(5 * 60_000);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });
});

/** The real pooled SMTP mailer, watched: how many sends are in flight, and a hook before each. */
function watched(inner: Mailer, before: (to: string) => void = () => undefined) {
  const stats = { inFlight: 0, most: 0, sends: 0 };
  const mailer: Mailer = {
    concurrency: inner.concurrency,
    close: () => inner.close(),
    async send(m) {
      stats.sends += 1;
      stats.inFlight += 1;
      stats.most = Math.max(stats.most, stats.inFlight);
      try {
        before(m.to);
        return await inner.send(m);
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
  return { mailer, stats };
}

describe('outbox dispatcher, a batch at a time over pooled SMTP connections', () => {
  it('sends the rows of a claimed batch a few at once, never more than the mailer allows, each once', async () => {
    const recipients = Array.from({ length: 25 }, (_, i) => `batch${i}@example.com`);
    await enqueue(...recipients.map(message));
    const { mailer: pooled, stats } = watched(mailer);

    expect(await dispatchOutbox(ctx, pooled, { batchSize: 10 })).toEqual({ sent: 25, retried: 0, failed: 0 });

    expect(pooled.concurrency).toBe(4);
    expect(stats.most).toBeGreaterThan(1);
    expect(stats.most).toBeLessThanOrEqual(pooled.concurrency);
    expect(stats.sends).toBe(25);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
    expect((await rows()).every((r) => r.sentAt !== null && r.attempts === 0)).toBe(true);
    expect(await dispatchOutbox(ctx, pooled)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries a message that failed in the middle of a batch, alone, while its neighbours are sent', async () => {
    const recipients = ['one@example.com', 'refused@example.com', 'three@example.com', 'four@example.com'];
    await enqueue(...recipients.map(message));
    const { mailer: refusing } = watched(mailer, (to) => {
      if (to === 'refused@example.com') {
        throw new Error('451 try again later');
      }
    });

    expect(await dispatchOutbox(ctx, refusing)).toEqual({ sent: 3, retried: 1, failed: 0 });

    const byRecipient = new Map((await rows()).map((r) => [(r.payload as { to: string }).to, r]));
    expect(byRecipient.get('refused@example.com')).toMatchObject({ sentAt: null, attempts: 1, failedAt: null });
    expect(byRecipient.get('refused@example.com')!.availableAt).toEqual(new Date(clock.now().getTime() + 30_000));
    expect(byRecipient.get('refused@example.com')!.lastError).toContain('451 try again later');
    for (const to of recipients.filter((r) => r !== 'refused@example.com')) {
      expect(byRecipient.get(to)).toMatchObject({ sentAt: clock.now(), attempts: 0 });
    }
    clock.advance(30_000);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
  });

  it('leaves the rows of a batch whose lease is nearly over to the next claim, unsent, and sends them once later', async () => {
    // Each send takes 100 s of the 5-minute lease: the first two start with more than 2 minutes
    // of it left, the third would start with 100 s left and waits for the lease to end instead.
    await enqueue(...['slow1@example.com', 'slow2@example.com', 'slow3@example.com'].map(message));
    const slow: Mailer = {
      concurrency: 1,
      close: () => mailer.close(),
      async send(m) {
        clock.advance(100_000);
        return mailer.send(m);
      },
    };

    expect(await dispatchOutbox(ctx, slow, { batchSize: 3 })).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0])).toEqual(['slow1@example.com', 'slow2@example.com']);
    const [, , left] = await rows();
    expect(left).toMatchObject({ sentAt: null, attempts: 0 });
    expect(logLines.some((l) => l.level === 40 && l.outboxId === left!.id)).toBe(true);

    clock.set(left!.availableAt);
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to[0])).toEqual(['slow1@example.com', 'slow2@example.com', 'slow3@example.com']);
  });
});

describe('outbox dispatcher without SMTP', () => {
  it('writes the message as an .eml file under <dataDir>/mail and logs the file name', async () => {
    const fileMailer = createMailer({ smtpUrl: undefined, smtpFrom: from, dataDir });
    await enqueue(message('offline@example.com'));

    expect(await dispatchOutbox(ctx, fileMailer)).toEqual({ sent: 1, retried: 0, failed: 0 });

    const files = readdirSync(join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const raw = readFileSync(join(dataDir, 'mail', files[0]!));
    expect(raw.toString()).toMatch(/^Subject: /m);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(message('').subject);
    expect(parsed.text?.trim()).toBe(message('offline@example.com').text.trim());
    expect(logLines.find((l) => l.file)?.file).toBe(join(dataDir, 'mail', files[0]!));
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.kind, 'email'));
    expect(row!.sentAt).toEqual(clock.now());
    expect(smtp.received).toHaveLength(0);
  });
});

describe('outbox rows of an unknown kind', () => {
  it('are retried like a failed delivery rather than dropped', async () => {
    await handle.db.execute(
      sql`insert into outbox (kind, payload, created_at, available_at) values ('webhook', '{}', ${clock.now().toISOString()}, ${clock.now().toISOString()})`,
    );
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [row] = await rows();
    expect(row!.lastError).toContain('unknown outbox kind "webhook"');
  });
});
