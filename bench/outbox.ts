import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { and, eq, gt, isNull, max } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../src/app/context.js';
import { deliverNotice } from '../src/app/notifications/deliver-notice.js';
import { userById } from '../src/app/notifications/recipients.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { notifications, outbox, users } from '../src/db/schema/index.js';
import { smtpMailer, smtpPool, type Mailer } from '../src/jobs/mailer.js';
import { defaultBatchSize, dispatchOutbox, type DispatchResult } from '../src/jobs/outbox-dispatcher.js';
import { benchDatabaseName, createDatabase, dropDatabase } from './support.js';

/**
 * The outbox throughput of issue 10: `count` notices (a voucher.reserved notice to the demo PM,
 * in English and French by turns) written as the notice consumer writes them (a notification and
 * an outbox row, 100 per transaction), then rendered (React Email) and sent by the dispatcher
 * (claims of 100 rows, 4 pooled SMTP connections) to an SMTP server on loopback, in this process,
 * that accepts each message and discards it.
 *
 *   DATABASE_URL=postgres://… node --import tsx bench/run.ts outbox
 *
 * DATABASE_URL is a scratch database the bench may write to: it is migrated and seeded with the
 * demo data (if not yet), must have no message waiting in its outbox (they would go to the
 * bench's sink), and loses the bench's rows afterwards. Without DATABASE_URL, the bench creates
 * and drops its own database on BENCH_DATABASE_URL's server.
 *
 * BENCH_NOTICES (10000); BENCH_OUTBOX_DISPATCHERS (1: dispatchers at once, as that many
 * processes); BENCH_OUTBOX_BASELINE (500; 0 skips it): that many notices first sent the way the
 * dispatcher sent before the pool, one SMTP connection per message, one message at a time.
 */
export async function benchOutbox(options: { count: number; dispatchers: number; baseline: number }): Promise<void> {
  console.log(`\n== outbox: ${options.count} notices written, rendered and sent over SMTP on loopback (PostgreSQL) ==`);
  let accepted = 0;
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  const from = 'SAPS <bench@saps.example>';
  const scratch = process.env.DATABASE_URL;
  const ownName = scratch ? undefined : benchDatabaseName('outbox');
  let handle: DatabaseHandle | undefined;
  // Every row the bench writes names this voucher id, so that they can be told apart and removed.
  const benchSubject = randomUUID();
  try {
    const url = scratch ?? (await createDatabase(ownName!));
    console.log(
      `database: ${scratch ? `DATABASE_URL (${new URL(url).pathname.slice(1)})` : `${ownName} (dropped after)`}`,
    );
    handle = await openDatabase({ url, poolSize: 4 });
    await handle.migrate();
    const now = new Date('2021-03-01T09:00:00.000Z');
    const clock = { now: () => now };
    const ctx: AppContext = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '.' };
    const waiting = await handle.db.$count(outbox, and(isNull(outbox.sentAt), isNull(outbox.failedAt)));
    if (waiting > 0) {
      throw new Error(
        `the outbox of DATABASE_URL holds ${waiting} unsent message(s): they would go to the bench's sink`,
      );
    }
    const [before] = await handle.db.select({ id: max(outbox.id) }).from(outbox);
    const firstBenchRow = (before?.id ?? 0) + 1;
    const demoPm = 'pm@northwind.example';
    if ((await handle.db.$count(users)) > 0 && (await handle.db.$count(users, eq(users.email, demoPm))) === 0) {
      throw new Error('DATABASE_URL holds users but not the demo ones: give the bench a scratch database');
    }
    await seedDemo(handle.db, now);
    const [pm] = await handle.db.select().from(users).where(eq(users.email, demoPm));
    const recipient = (await userById(handle.db, pm!.id))!;
    const write = async (total: number, label: string): Promise<number> => {
      const started = performance.now();
      for (let start = 0; start < total; start += 100) {
        await handle!.db.transaction(async (tx) => {
          for (let i = start; i < Math.min(total, start + 100); i++) {
            await deliverNotice(
              tx,
              { ...recipient, language: i % 2 === 0 ? 'en' : 'fr' },
              {
                kind: 'voucher.reserved',
                voucherId: benchSubject,
                code: `PS-${label}${String(i).padStart(5, '0')}-BNCH`,
                engagement: 'Windows and Office Deployment Planning',
                days: 5,
                partnerName: 'Fabrikam Consulting',
                plannedStart: '2021-03-01',
                plannedEnd: '2021-03-05',
                deliveryCountry: 'US',
                redeemBy: { lastDay: '2021-08-28', rule: 'voucher_expiry' },
              },
              now,
              { publicUrl: 'http://127.0.0.1' },
            );
          }
        });
      }
      return (performance.now() - started) / 1000;
    };
    const send = async (mailers: Mailer[]): Promise<{ result: DispatchResult; seconds: number }> => {
      const started = performance.now();
      const results = await Promise.all(mailers.map((mailer) => dispatchOutbox(ctx, mailer)));
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(mailers.map((mailer) => mailer.close()));
      const result = { sent: 0, retried: 0, failed: 0 };
      for (const r of results) {
        result.sent += r.sent;
        result.retried += r.retried;
        result.failed += r.failed;
      }
      return { result, seconds };
    };
    const rate = (n: number, seconds: number) => `${Math.round(n / seconds)} /s`;
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');

    if (options.baseline > 0) {
      await write(options.baseline, 'B');
      accepted = 0;
      const { result, seconds } = await send([unpooledMailer(smtpUrl, from)]);
      console.log(
        `before the pool: ${result.sent} of ${options.baseline} notices sent (${accepted} accepted) in ${seconds.toFixed(1)} s, ${rate(result.sent, seconds)}: one SMTP connection per message, one message at a time`,
      );
    }

    const writeSeconds = await write(options.count, 'N');
    console.log(
      `written: ${options.count} notices in ${writeSeconds.toFixed(1)} s (${rate(options.count, writeSeconds)}, 100 per transaction)`,
    );
    accepted = 0;
    const loadBefore = load();
    const mailers = Array.from({ length: options.dispatchers }, () => smtpMailer(smtpUrl, from));
    const { result, seconds } = await send(mailers);
    const left = await handle.db.$count(outbox, and(gt(outbox.id, firstBenchRow - 1), isNull(outbox.sentAt)));
    console.log(
      `sent:    ${result.sent} e-mails (${accepted} accepted by SMTP, ${result.retried} retried, ${result.failed} dead, ${left} left unsent) in ${seconds.toFixed(1)} s: ${rate(result.sent, seconds)}`,
    );
    console.log(
      `         ${options.dispatchers} dispatcher(s), claims of ${defaultBatchSize}, ${smtpPool.maxConnections} pooled SMTP connections each (${smtpPool.maxMessages} messages per connection), rendering included; load average ${loadBefore} before, ${load()} after`,
    );
    if (accepted !== result.sent || left > 0 || result.retried + result.failed > 0) {
      throw new Error('the outbox did not send every notice exactly once');
    }
    if (scratch) {
      await handle.db.delete(outbox).where(gt(outbox.id, firstBenchRow - 1));
      await handle.db.delete(notifications).where(eq(notifications.subjectId, benchSubject));
    }
  } finally {
    await handle?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (ownName) {
      await dropDatabase(ownName);
    }
  }
}

/** The mailer as it was before the pool: a new SMTP connection for every message, one at a time. */
function unpooledMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ url });
  return {
    concurrency: 1,
    async close() {
      transport.close();
    },
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      return { id: info.messageId };
    },
  };
}
