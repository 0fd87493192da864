import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, like } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { demoInstant, seedDemo } from '../../src/app/seed/seed-demo.js';
import { commandsFor, type HttpLayer } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/cli/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { notifications, outbox, reminderSends } from '../../src/db/schema/index.js';
import { backgroundJobs } from '../../src/jobs/background-jobs.js';
import { smtpMailer } from '../../src/jobs/mailer.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { createPostgresTestDatabase, createTestDatabase, engine } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { TestClock } from '../support/test-clock.js';

/**
 * "The scheduler sends the reminders that are due" (api.md, Notifications and reminders), and so
 * does `saps jobs run`, through the use case POST /admin/sweeps calls: each once per recipient,
 * subject and offset, over real SMTP on loopback.
 *
 * The demo program's last voucher day is 2021-06-30: on 2021-05-31 (30 days before) the benefit
 * admin of Northwind's agreement, which has days left, is reminded of it.
 */
const reminderInstant = '2021-05-31T09:00:00.000Z';
const reminderSubject = /last day to create vouchers/i;

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** The outbox's and the reminders' tables, as counts. */
async function counts(db: DatabaseHandle['db']) {
  const [sends] = await db.select({ n: count() }).from(reminderSends);
  const [reminders] = await db.select({ n: count() }).from(notifications).where(like(notifications.kind, 'reminder.%'));
  const [messages] = await db.select({ n: count() }).from(outbox);
  return { reminderSends: sends!.n, reminderNotifications: reminders!.n, outboxRows: messages!.n };
}

describe('saps jobs run', () => {
  // The command opens the database itself, as it does from the shell: a PostgreSQL database of
  // its own (DATABASE_URL), or an embedded one in a data directory (the engine under test).
  let env: Record<string, string>;
  let open: () => Promise<DatabaseHandle>;
  let cleanUp: () => Promise<void>;
  const dataDir = mkdtempSync(join(tmpdir(), 'saps-jobs-run-'));

  beforeAll(async () => {
    env = {
      SAPS_DATA_DIR: dataDir,
      SAPS_DEMO: '0',
      SAPS_SIMULATED_CLOCK: reminderInstant,
      SAPS_PUBLIC_URL: 'http://saps.test',
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'silent',
    };
    if (engine === 'postgres') {
      const database = await createPostgresTestDatabase();
      env.DATABASE_URL = database.url;
      open = () => openDatabase({ url: database.url, poolSize: 2 });
      cleanUp = () => database.drop();
    } else {
      open = () => openDatabase({ dataDir });
      cleanUp = async () => undefined;
    }
    const handle = await open();
    await handle.migrate();
    await seedDemo(handle.db, demoInstant);
    await handle.close();
  });
  afterAll(async () => {
    await cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const noHttp = new Proxy({} as HttpLayer, {
    get() {
      throw new Error('saps jobs run needs no HTTP layer');
    },
  });

  /** Runs `saps jobs run` in this process and returns its exit code and what it printed. */
  async function jobsRun(): Promise<{ code: number; output: string }> {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const code = await commandsFor(noHttp)['jobs run']!.run(loadConfig(env), {}, []);
      return { code, output: printed.join('') };
    } finally {
      write.mockRestore();
    }
  }

  it('sends the reminders due now, by e-mail and in the app; run again, it sends nothing more', async () => {
    const first = await jobsRun();
    expect(first.code).toBe(0);
    expect(smtp.received.map((m) => m.to)).toEqual([['benefits@northwind.example']]);
    expect(smtp.received[0]!.subject).toMatch(reminderSubject);
    expect(smtp.received[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(first.output).toContain('Reminders: 1 due and written to the outbox.');
    expect(first.output).toContain('Outbox: 1 sent, 0 failed and will be retried, 0 given up.');

    const second = await jobsRun();
    expect(second.code).toBe(0);
    expect(second.output).toContain('Reminders: 0 due and written to the outbox.');
    expect(second.output).toContain('Outbox: 0 sent');
    expect(smtp.received).toHaveLength(1);

    const handle = await open();
    try {
      expect(await counts(handle.db)).toEqual({ reminderSends: 1, reminderNotifications: 1, outboxRows: 1 });
    } finally {
      await handle.close();
    }
  });
});

describe('the scheduler of saps serve', () => {
  let handle: DatabaseHandle;
  let ctx: AppContext;
  const mailer = () => smtpMailer(smtp.url, 'SAPS <no-reply@saps.test>');

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemo(handle.db, demoInstant);
    const clock = new TestClock(reminderInstant);
    ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '/nonexistent' };
  });
  afterAll(async () => {
    await handle.close();
  });

  /**
   * Runs the jobs `saps serve` runs (all of them, each at once then at its interval) until the
   * outbox job has run once after the reminders job ended, then stops them as a shutdown does.
   */
  async function serveOnce(): Promise<void> {
    const serveMailer = mailer();
    const errors: unknown[] = [];
    let remindersRan = false;
    let outboxRanAfterReminders = false;
    const jobs = backgroundJobs({ ctx, config: { publicUrl: 'http://saps.test' } }, serveMailer).map((job) => ({
      ...job,
      run: async () => {
        const after = remindersRan;
        const result = await job.run();
        remindersRan ||= job.name === 'reminders';
        outboxRanAfterReminders ||= job.name === 'outbox' && after;
        return result;
      },
    }));
    const scheduler = startScheduler({ log: { error: (error: unknown) => errors.push(error) }, jobs });
    try {
      await vi.waitFor(() => expect(outboxRanAfterReminders).toBe(true), { timeout: 30_000, interval: 100 });
    } finally {
      await scheduler.stop();
      await serveMailer.close();
    }
    expect(errors).toEqual([]);
  }

  it('sends the reminders due now, once, across a restart', async () => {
    await serveOnce();
    expect(smtp.received.map((m) => m.to)).toEqual([['benefits@northwind.example']]);
    expect(smtp.received[0]!.subject).toMatch(reminderSubject);
    const after = await counts(handle.db);
    expect(after).toEqual({ reminderSends: 1, reminderNotifications: 1, outboxRows: 1 });

    // A restart runs every job again at once: the reminder was sent, so nothing more goes out.
    smtp.received.length = 0;
    await serveOnce();
    expect(smtp.received).toHaveLength(0);
    expect(await counts(handle.db)).toEqual(after);
  });
});
