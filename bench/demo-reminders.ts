/**
 * How many reminders the demo data gets from 2021-03-01 to 2022-03-01 (issue 10): an embedded
 * database in memory, the demo seed at 2021-03-01T09:00Z, then the clock moved one day at a
 * time (09:00 UTC), running what the scheduler runs each day: the sweep, the fan-out of its
 * events (notices) and the due reminders. Prints the reminders by kind and in all.
 *
 *   node --import tsx bench/demo-reminders.ts [FROM] [TO]   (default 2021-03-01 2022-03-01)
 */
import { count, like } from 'drizzle-orm';
import { pino } from 'pino';
import type { AppContext } from '../src/app/context.js';
import { sendDueReminders } from '../src/app/notifications/send-due-reminders.js';
import { runSweep } from '../src/app/operations/run-sweep.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';
import { notifications } from '../src/db/schema/index.js';
import { addDays } from '../src/domain/calendar-dates.js';
import { eventConsumers } from '../src/jobs/event-consumers.js';
import { fanOutEvents } from '../src/jobs/event-fan-out.js';

const from = process.argv[2] ?? '2021-03-01';
const to = process.argv[3] ?? '2022-03-01';
const handle = await openDatabase({ memory: {} });
await handle.migrate();
let now = new Date(`${from}T09:00:00.000Z`);
const clock = { now: () => new Date(now) };
const ctx: AppContext = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '.' };
await seedDemo(handle.db, now);
const links = { publicUrl: 'http://localhost:3000' };
let sent = 0;
for (let day = from; day <= to; day = addDays(day, 1)) {
  now = new Date(`${day}T09:00:00.000Z`);
  await runSweep(ctx);
  await fanOutEvents(ctx, eventConsumers(links));
  const { remindersSent } = await sendDueReminders(ctx, links);
  if (remindersSent > 0) {
    console.log(`${day}: ${remindersSent} reminder(s)`);
  }
  sent += remindersSent;
}
const byKind = await handle.db
  .select({ kind: notifications.kind, n: count() })
  .from(notifications)
  .where(like(notifications.kind, 'reminder.%'))
  .groupBy(notifications.kind)
  .orderBy(notifications.kind);
for (const row of byKind) {
  console.log(`  ${row.kind}: ${row.n}`);
}
console.log(`reminders sent for the demo data from ${from} to ${to}: ${sent}`);
await handle.close();
