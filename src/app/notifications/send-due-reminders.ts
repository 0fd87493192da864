import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { resultRows, type Transaction } from '../../db/connection.js';
import { agreements, enrollments, paymentRequestVouchers, programs, vouchers } from '../../db/schema/index.js';
import { addDays, localDate } from '../../domain/calendar-dates.js';
import type { NoticeInput } from '../../domain/notices.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { dueOffset, longestOffset, reminderOffsets, type ReminderSubject } from '../../domain/reminders.js';
import {
  liveVoucherStatuses,
  partnerHeldVoucherStatuses,
  redeemedVoucherStatus,
} from '../../domain/voucher-lifecycle.js';
import type { AppContext } from '../context.js';
import { toPolicy } from '../programs/present-program.js';
import { deliverNotice, type NoticeLinks } from './deliver-notice.js';
import { uniqueRecipients, userById, usersWithRole, type Recipient } from './recipients.js';

const dayMs = 86_400_000;

/** One reminder to be sent: its subject, deadline, offset, recipients and words. */
interface DueReminder {
  subject: ReminderSubject;
  subjectId: string;
  deadlineOn: string;
  offsetDays: number;
  recipients: (tx: Transaction) => Promise<Recipient[]>;
  input: NoticeInput;
}

/**
 * Sends every reminder due now (api.md's reminders table), once per recipient, subject, offset
 * and deadline: the claim is a row under a unique key, inserted in the same transaction as the
 * notification and the outbox e-mail, so restarts, repeated sweeps and several processes send
 * each reminder once. Returns how many reminders were sent (one per recipient).
 */
export async function sendDueReminders(ctx: AppContext, links: NoticeLinks): Promise<{ remindersSent: number }> {
  const now = ctx.clock.now();
  let remindersSent = 0;
  for (const program of await ctx.db.select().from(programs)) {
    const policy = toPolicy(program);
    const due = await dueReminders(ctx, program.id, policy, now);
    for (const reminder of due) {
      remindersSent += await ctx.db.transaction(async (tx) => {
        let sent = 0;
        for (const recipient of await reminder.recipients(tx)) {
          if (await claim(tx, recipient.id, reminder, now)) {
            await deliverNotice(tx, recipient, reminder.input, now, links);
            sent += 1;
          }
        }
        return sent;
      });
    }
  }
  if (remindersSent > 0) {
    ctx.log.info({ remindersSent }, 'reminders sent');
  }
  return { remindersSent };
}

/**
 * Takes the reminder for one recipient, unless it or a later offset of the same deadline was
 * already sent (so a clock moved past several offsets sends the latest only, once).
 */
async function claim(tx: Transaction, recipientId: string, r: DueReminder, now: Date): Promise<boolean> {
  const result = await tx.execute(sql`
    insert into reminder_sends (recipient_id, subject_kind, subject_id, offset_days, deadline_on, sent_at)
    select ${recipientId}::uuid, ${r.subject}::text, ${r.subjectId}::text, ${r.offsetDays}::int, ${r.deadlineOn}::date,
      ${now.toISOString()}::timestamptz
    where not exists (
      select 1 from reminder_sends
      where recipient_id = ${recipientId}::uuid and subject_kind = ${r.subject}::text
        and subject_id = ${r.subjectId}::text and deadline_on = ${r.deadlineOn}::date
        and offset_days <= ${r.offsetDays}::int
    )
    on conflict do nothing
    returning id`);
  return resultRows<{ id: number }>(result).length > 0;
}

async function dueReminders(
  ctx: AppContext,
  programId: string,
  policy: ProgramPolicy,
  now: Date,
): Promise<DueReminder[]> {
  const zone = policy.timeZone;
  const today = localDate(now, zone);
  const horizon = new Date(now.getTime() + (longestOffset + 2) * dayMs);
  const lastDayOf = (instant: Date) => localDate(new Date(instant.getTime() - 1), zone);
  const due: DueReminder[] = [];
  const admins =
    (organizationId: string, role: 'benefit_admin' | 'partner_admin' | 'global_admin') => (tx: Transaction) =>
      usersWithRole(tx, organizationId, [role]);

  // voucher_expiry: live vouchers; PM and benefit admins, and the partner if reserved.
  const live = await ctx.db
    .select()
    .from(vouchers)
    .where(
      and(
        eq(vouchers.programId, programId),
        inArray(vouchers.status, [...liveVoucherStatuses]),
        gt(vouchers.expiresAt, now),
        lte(vouchers.expiresAt, horizon),
      ),
    );
  for (const v of live) {
    const lastDay = lastDayOf(v.expiresAt);
    const offset = dueOffset(reminderOffsets.voucher_expiry, { countFrom: lastDay, lastRelevantDay: lastDay }, today);
    if (offset === null) {
      continue;
    }
    const common = { subject: 'voucher_expiry' as const, subjectId: v.id, deadlineOn: lastDay, offsetDays: offset };
    const words = { voucherId: v.id, code: v.code, days: v.days, lastDay, offsetDays: offset };
    due.push({
      ...common,
      recipients: async (tx) => {
        const pm = await userById(tx, v.projectManagerId);
        return uniqueRecipients(
          await usersWithRole(tx, v.organizationId, ['benefit_admin']),
          pm && pm.organizationId === v.organizationId ? [pm] : [],
        );
      },
      input: { kind: 'reminder.voucher_expiry', audience: 'customer', ...words },
    });
    if (v.partnerId && partnerHeldVoucherStatuses.includes(v.status)) {
      due.push({
        ...common,
        recipients: admins(v.partnerId, 'partner_admin'),
        input: { kind: 'reminder.voucher_expiry', audience: 'partner', ...words },
      });
    }
  }

  // payment_window: redeemed vouchers not in a live payment request; the partner's admins.
  const redeemed = await ctx.db
    .select()
    .from(vouchers)
    .where(
      and(
        eq(vouchers.programId, programId),
        eq(vouchers.status, redeemedVoucherStatus),
        sql`${vouchers.paymentDueBy} >= ${today}`,
        sql`${vouchers.paymentDueBy} <= ${addDays(today, longestOffset + 1)}`,
        sql`not exists (select 1 from ${paymentRequestVouchers} where ${paymentRequestVouchers.voucherId} = ${vouchers.id} and ${paymentRequestVouchers.live})`,
      ),
    );
  for (const v of redeemed) {
    const lastDay = v.paymentDueBy!;
    const offset = dueOffset(reminderOffsets.payment_window, { countFrom: lastDay, lastRelevantDay: lastDay }, today);
    if (offset === null || !v.partnerId) {
      continue;
    }
    due.push({
      subject: 'payment_window',
      subjectId: v.id,
      deadlineOn: lastDay,
      offsetDays: offset,
      recipients: admins(v.partnerId, 'partner_admin'),
      input: { kind: 'reminder.payment_window', voucherId: v.id, code: v.code, lastDay, offsetDays: offset },
    });
  }

  // last_voucher_day and days_removal: benefit admins of agreements with days left.
  const calendarRules = [
    {
      subject: 'last_voucher_day' as const,
      countFrom: policy.calendar.lastVoucherDate,
      lastRelevantDay: policy.calendar.lastVoucherDate,
    },
    {
      // "On D": the days go at 00:00 of D, so the last day to use them is D − 1.
      subject: 'days_removal' as const,
      countFrom: policy.calendar.daysRemovalDate,
      lastRelevantDay: addDays(policy.calendar.daysRemovalDate, -1),
    },
  ];
  for (const rule of calendarRules) {
    const offset = dueOffset(reminderOffsets[rule.subject], rule, today);
    if (offset === null) {
      continue;
    }
    const withDays = await ctx.db
      .select()
      .from(agreements)
      .where(
        and(
          eq(agreements.programId, programId),
          gt(agreements.balance, 0),
          isNull(agreements.daysRemovedAt),
          sql`${agreements.endsOn} >= ${today}`,
        ),
      );
    for (const a of withDays) {
      due.push({
        subject: rule.subject,
        subjectId: a.id,
        deadlineOn: rule.countFrom,
        offsetDays: offset,
        recipients: admins(a.organizationId, 'benefit_admin'),
        input: {
          kind: rule.subject === 'days_removal' ? 'reminder.days_removal' : 'reminder.last_voucher_day',
          agreementId: a.id,
          licensingId: a.licensingId,
          daysLeft: a.balance,
          date: rule.countFrom,
          offsetDays: offset,
        },
      });
    }
  }

  // last_redemption_day: partner admins holding reserved or completed vouchers.
  const lastRedemption = policy.calendar.lastRedemptionDate;
  const redemptionOffset = dueOffset(
    reminderOffsets.last_redemption_day,
    { countFrom: lastRedemption, lastRelevantDay: lastRedemption },
    today,
  );
  if (redemptionOffset !== null) {
    const held = await ctx.db
      .select({ partnerId: vouchers.partnerId, code: vouchers.code })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.programId, programId),
          inArray(vouchers.status, [...partnerHeldVoucherStatuses]),
          gt(vouchers.expiresAt, now),
        ),
      )
      .orderBy(vouchers.code);
    const byPartner = new Map<string, string[]>();
    for (const row of held) {
      if (row.partnerId) {
        byPartner.set(row.partnerId, [...(byPartner.get(row.partnerId) ?? []), row.code]);
      }
    }
    for (const [partnerId, codes] of byPartner) {
      due.push({
        subject: 'last_redemption_day',
        subjectId: `${programId}:${partnerId}`,
        deadlineOn: lastRedemption,
        offsetDays: redemptionOffset,
        recipients: admins(partnerId, 'partner_admin'),
        input: {
          kind: 'reminder.last_redemption_day',
          programId,
          lastDay: lastRedemption,
          codes,
          offsetDays: redemptionOffset,
        },
      });
    }
  }

  // enrollment_renewal: partner global admins, 30 days before an enrolment ends.
  const ending = await ctx.db
    .select()
    .from(enrollments)
    .where(
      and(eq(enrollments.programId, programId), gt(enrollments.validUntil, now), lte(enrollments.validUntil, horizon)),
    );
  for (const e of ending) {
    const lastDay = lastDayOf(e.validUntil);
    const offset = dueOffset(
      reminderOffsets.enrollment_renewal,
      { countFrom: lastDay, lastRelevantDay: lastDay },
      today,
    );
    if (offset === null) {
      continue;
    }
    due.push({
      subject: 'enrollment_renewal',
      subjectId: e.id,
      deadlineOn: lastDay,
      offsetDays: offset,
      recipients: admins(e.partnerId, 'global_admin'),
      input: {
        kind: 'reminder.enrollment_renewal',
        enrollmentId: e.id,
        offeringCode: e.offeringCode,
        lastDay,
        offsetDays: offset,
      },
    });
  }
  return due;
}
