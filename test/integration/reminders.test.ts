import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../../src/app/notifications/send-due-reminders.js';
import { agreements, programs, reminderSends } from '../../src/db/schema/index.js';
import { addDays, startOfLocalDay } from '../../src/domain/calendar-dates.js';
import { demoLicensingId } from '../../src/app/seed/seed-demo-customers.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/database.js';
import { ensureAgreement, makeVoucher } from '../support/voucher-factory.js';

const links = { publicUrl: 'http://saps.test' };
const hourMs = 3_600_000;

/**
 * Every reminder of api.md's table at −1 day, on the day and +1 day of each offset, in UTC and
 * in Pacific/Auckland (program-local days). The subjects are made with the program in UTC, then
 * the program's zone is set: what moves is where each program-local day starts.
 */
describe.each(['UTC', 'Pacific/Auckland'])('reminders in a program on %s', (zone) => {
  let t: TestApp;
  const subjects: Record<string, { id: string; deadline: string; recipients: number }> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    // Voucher A: assigned, created 2021-03-01T13:00Z, so it expires at 2021-08-28T13:00Z, which is
    // 2021-08-29 01:00 in Auckland (NZST, UTC+12): its last day differs by zone.
    t.clock.set('2021-03-01T13:00:00.000Z');
    const assigned = await makeVoucher(t, { until: 'assigned' });
    // Voucher B: redeemed the same instant; its stored last payment-request day is 2021-04-30.
    const redeemed = await makeVoucher(t);
    // Voucher C: reserved on the last voucher day, still live on the last redemption day's reminders.
    t.clock.set('2021-06-30T13:00:00.000Z');
    await makeVoucher(t, { until: 'reserved' });
    t.clock.set('2021-03-01T09:00:00.000Z');
    const [demoAgreement] = await t.ctx.db.select().from(agreements).where(eq(agreements.licensingId, demoLicensingId));
    await ensureAgreement(t);
    const fabrikam = t.demo.organizationIds['Fabrikam Consulting']!;
    subjects.voucher_expiry = {
      id: assigned.id,
      deadline: zone === 'UTC' ? '2021-08-28' : '2021-08-29',
      recipients: 2, // benefit admin and PM
    };
    subjects.payment_window = { id: redeemed.id, deadline: redeemed.paymentDueBy!, recipients: 1 };
    subjects.last_voucher_day = { id: demoAgreement!.id, deadline: '2021-06-30', recipients: 1 };
    subjects.days_removal = { id: demoAgreement!.id, deadline: '2021-07-01', recipients: 1 };
    subjects.last_redemption_day = { id: `${t.demo.programId}:${fabrikam}`, deadline: '2022-01-01', recipients: 1 };
    expect(redeemed.paymentDueBy).toBe('2021-04-30');
    await t.ctx.db.update(programs).set({ timeZone: zone }).where(eq(programs.id, t.demo.programId));
  });
  afterAll(async () => {
    await t.close();
  });

  async function runAt(instant: Date): Promise<number> {
    t.clock.set(instant);
    return (await sendDueReminders(t.ctx, links)).remindersSent;
  }

  async function sends(subject: string, subjectId: string) {
    return t.ctx.db
      .select()
      .from(reminderSends)
      .where(and(eq(reminderSends.subjectKind, subject), eq(reminderSends.subjectId, subjectId)));
  }

  async function forget(subject: string, subjectId: string): Promise<void> {
    await t.ctx.db
      .delete(reminderSends)
      .where(and(eq(reminderSends.subjectKind, subject), eq(reminderSends.subjectId, subjectId)));
  }

  const startOf = (day: string) => startOfLocalDay(day, zone);
  const withOffset = async (subject: string, k: number) =>
    (await sends(subject, subjects[subject]!.id)).filter((r) => r.offsetDays === k);

  const cases: [string, number][] = [
    ['voucher_expiry', 30],
    ['voucher_expiry', 7],
    ['payment_window', 14],
    ['payment_window', 3],
    ['last_voucher_day', 30],
    ['last_voucher_day', 7],
    ['days_removal', 7],
    ['last_redemption_day', 30],
    ['last_redemption_day', 7],
  ];

  it.each(cases)(
    '%s %i days before: not the day before, once on the day, not again the day after',
    async (subject, k) => {
      const { id, deadline, recipients } = subjects[subject]!;
      const day = addDays(deadline, -k);
      await forget(subject, id);
      await runAt(new Date(startOf(day).getTime() - 1));
      expect(await withOffset(subject, k)).toHaveLength(0);
      await runAt(startOf(day));
      const sent = await withOffset(subject, k);
      expect(sent).toHaveLength(recipients);
      expect(sent.every((r) => r.deadlineOn === deadline)).toBe(true);
      await runAt(new Date(startOf(addDays(day, 1)).getTime() + 12 * hourMs));
      expect(await withOffset(subject, k)).toHaveLength(recipients);
    },
  );

  it.each(cases)('%s %i days before: a reminder missed on its day goes out the day after', async (subject, k) => {
    const { id, deadline, recipients } = subjects[subject]!;
    await forget(subject, id);
    await runAt(new Date(startOf(addDays(deadline, -k + 1)).getTime() + 12 * hourMs));
    expect(await withOffset(subject, k)).toHaveLength(recipients);
  });

  it('enrollment_renewal 30 days before the enrolment ends: the partner\u2019s global admin, once', async () => {
    // Fabrikam enrolled in DDPS and SDPS at 2021-03-01T09:00Z for a year: last day 2022-03-01 in
    // both zones (22:00 NZDT); the reminder day is 2022-01-30.
    const before = await runAt(new Date(startOf('2022-01-30').getTime() - 1));
    const rows = async () =>
      (await t.ctx.db.select().from(reminderSends).where(eq(reminderSends.subjectKind, 'enrollment_renewal'))).length;
    expect(before >= 0 && (await rows())).toBe(0);
    await runAt(startOf('2022-01-30'));
    expect(await rows()).toBe(2);
    await runAt(startOf('2022-01-31'));
    expect(await rows()).toBe(2);
  });

  it('a clock jumped over several offsets sends the latest due reminder only, once', async () => {
    const { id, deadline, recipients } = subjects.voucher_expiry!;
    await forget('voucher_expiry', id);
    await runAt(startOf(addDays(deadline, -2)));
    const sent = await sends('voucher_expiry', id);
    expect(sent.map((r) => r.offsetDays)).toEqual(Array(recipients).fill(7));
    await runAt(startOf(addDays(deadline, -1)));
    expect(await sends('voucher_expiry', id)).toHaveLength(recipients);
  });

  it('a clock jumped past the deadline sends nothing', async () => {
    const { id, deadline } = subjects.voucher_expiry!;
    await forget('voucher_expiry', id);
    await runAt(startOf(addDays(deadline, 1)));
    expect(await sends('voucher_expiry', id)).toHaveLength(0);
  });

  it('sends once across two sweeps, a restart and two processes at once', async () => {
    const { id, deadline, recipients } = subjects.voucher_expiry!;
    await forget('voucher_expiry', id);
    const at = startOf(addDays(deadline, -30));
    t.clock.set(at);
    // Two processes (on PostgreSQL, separate pooled connections), then a sweep again, then a
    // "restarted" process: a new context on the same database, with no memory of the first.
    await Promise.all([sendDueReminders(t.ctx, links), sendDueReminders(t.ctx, links)]);
    await sendDueReminders(t.ctx, links);
    const restarted = { ...t.ctx, clock: { now: () => new Date(at) } };
    await sendDueReminders(restarted, links);
    expect(await sends('voucher_expiry', id)).toHaveLength(recipients);
  });

  it.runIf(engine === 'postgres')(
    'sends once when eight processes run the same reminders at the same moment',
    async () => {
      const { id, deadline, recipients } = subjects.voucher_expiry!;
      await forget('voucher_expiry', id);
      t.clock.set(startOf(addDays(deadline, -7)));
      const results = await Promise.all(Array.from({ length: 8 }, () => sendDueReminders(t.ctx, links)));
      expect(await sends('voucher_expiry', id)).toHaveLength(recipients);
      expect(results.reduce((sum, r) => sum + r.remindersSent, 0)).toBeGreaterThanOrEqual(recipients);
    },
  );
});
