/**
 * When reminders are due (api.md, "Notifications and reminders", the reminders table). Offsets
 * are program-local days before a deadline day. Pure: today's program-local date comes in.
 */
import { addDays } from './calendar-dates.js';

export const reminderSubjects = [
  'voucher_expiry',
  'payment_window',
  'last_voucher_day',
  'days_removal',
  'last_redemption_day',
  'enrollment_renewal',
] as const;
export type ReminderSubject = (typeof reminderSubjects)[number];

/** The table of api.md: how many days before each deadline a reminder goes. */
export const reminderOffsets: Record<ReminderSubject, readonly number[]> = {
  voucher_expiry: [30, 7],
  payment_window: [14, 3],
  last_voucher_day: [30, 7],
  days_removal: [7],
  last_redemption_day: [30, 7],
  enrollment_renewal: [30],
};

/** The most days any reminder goes ahead: candidates further away need not be looked at. */
export const longestOffset = Math.max(...Object.values(reminderOffsets).flat());

/**
 * The offset whose reminder is due today for a deadline, or null. Offset k is due from
 * `countFrom − k` on, and every reminder stops after `lastRelevantDay` (once the deadline has
 * passed, telling is pointless). When several offsets are due (the clock jumped past them, or
 * the server was down), only the latest one counts: the caller sends it unless it, or a later
 * one, was already sent, so a jump sends one reminder, not a burst (issue 10).
 */
export function dueOffset(
  offsets: readonly number[],
  deadline: { countFrom: string; lastRelevantDay: string },
  today: string,
): number | null {
  if (today > deadline.lastRelevantDay) {
    return null;
  }
  const due = offsets.filter((k) => today >= addDays(deadline.countFrom, -k));
  return due.length === 0 ? null : Math.min(...due);
}
