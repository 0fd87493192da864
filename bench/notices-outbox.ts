import type { AddressInfo } from 'node:net';
import { eq, isNull } from 'drizzle-orm';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../src/app/context.js';
import { deliverNotice } from '../src/app/notifications/deliver-notice.js';
import { userById } from '../src/app/notifications/recipients.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';
import { outbox, users } from '../src/db/schema/index.js';
import { smtpMailer } from '../src/jobs/mailer.js';
import { dispatchOutbox } from '../src/jobs/outbox-dispatcher.js';
import { benchDatabaseName, createDatabase, dropDatabase } from './support.js';

/**
 * The outbox throughput of issue 10: `count` notices (a voucher.reserved notice to a PM, in
 * English and French by turns), written as the consumer writes them (notification + outbox row,
 * 100 per transaction), then rendered (React Email) and sent by the dispatcher to an SMTP server
 * on loopback that accepts and discards them. On PostgreSQL, in this process.
 *
 *   node --import tsx bench/run.ts notices     (BENCH_NOTICES, default 10000)
 */
export async function benchNoticesOutbox(options: { count: number }): Promise<void> {
  const name = benchDatabaseName('notices');
  console.log(`\n== outbox: ${options.count} notices written, rendered and sent over SMTP on loopback ==`);
  let accepted = 0;
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  try {
    const url = await createDatabase(name);
    const handle = await openDatabase({ url, poolSize: 4 });
    await handle.migrate();
    const now = new Date('2021-03-01T09:00:00.000Z');
    await seedDemo(handle.db, now);
    const ctx: AppContext = {
      db: handle.db,
      clock: { now: () => now },
      realClock: { now: () => now },
      log: pino({ level: 'silent' }),
      dataDir: '.',
    };
    const [pm] = await handle.db.select().from(users).where(eq(users.email, 'pm@northwind.example'));
    const recipient = (await userById(handle.db, pm!.id))!;
    const written = performance.now();
    for (let start = 0; start < options.count; start += 100) {
      await handle.db.transaction(async (tx) => {
        for (let i = start; i < Math.min(options.count, start + 100); i++) {
          await deliverNotice(
            tx,
            { ...recipient, language: i % 2 === 0 ? 'en' : 'fr' },
            {
              kind: 'voucher.reserved',
              voucherId: pm!.id,
              code: `PS-${String(i).padStart(4, '0')}-BNCH`,
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
    const writeSeconds = (performance.now() - written) / 1000;
    const sending = performance.now();
    const result = await dispatchOutbox(ctx, smtpMailer(`smtp://127.0.0.1:${port}`, 'SAPS <bench@saps.example>'));
    const sendSeconds = (performance.now() - sending) / 1000;
    const left = await handle.db.$count(outbox, isNull(outbox.sentAt));
    await handle.close();
    console.log(
      `written: ${options.count} notices in ${writeSeconds.toFixed(1)} s (${Math.round(options.count / writeSeconds)} /s, 100 per transaction)`,
    );
    console.log(
      `sent:    ${result.sent} e-mails (${accepted} accepted by SMTP, ${result.retried} retried, ${result.failed} dead) in ${sendSeconds.toFixed(1)} s (${Math.round(result.sent / sendSeconds)} /s, one dispatcher, rendering included); ${left} left unsent`,
    );
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await dropDatabase(name);
  }
}
