import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './organizations.js';

/**
 * In-app notifications (api.md, "Notifications and reminders"): one row per recipient, written
 * with the outbox e-mail in the transaction that consumes the event or sends the reminder.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** `voucher.reserved`, `payment_request.paid`, `reminder.voucher_expiry`, … */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The app path of the object it is about (`/vouchers/…`), relative to the public URL. */
    link: text('link').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_at_idx').on(t.userId, t.at, t.id)],
);

/**
 * Reminders sent: the unique key makes each reminder go once per recipient, subject and offset
 * (api.md), whatever restarts, sweeps or processes run. `deadline_on` is part of the key so that
 * a deadline moved later (a voucher extension, a renewed enrolment) is reminded of again
 * (decision 020).
 */
export const reminderSends = pgTable(
  'reminder_sends',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Program-local days before the deadline (30, 14, 7, 3). */
    offsetDays: integer('offset_days').notNull(),
    /** The program-local deadline day the offset counts back from. */
    deadlineOn: date('deadline_on').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reminder_sends_key').on(t.recipientId, t.subjectKind, t.subjectId, t.offsetDays, t.deadlineOn)],
);

export const languages = ['en', 'fr'] as const;

/** A user's choices; a user without a row has the defaults (English, reminders on). */
export const userPreferences = pgTable('user_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  language: text('language', { enum: languages }).notNull().default('en'),
  emailReminders: boolean('email_reminders').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Server secrets created on first use and shared by every process through the database (the
 * HMAC key of the unsubscribe links), so that no configuration is needed to scale out.
 */
export const signingKeys = pgTable('signing_keys', {
  purpose: text('purpose').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
