import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { auditEvents } from './platform.js';

/**
 * The tamper-evident chain over the audit records (decision 021): the sealing job gives each
 * committed audit record, in seal order, a `seq` and `hash = sha256(previous hash ‖ canonical
 * record)`. Kept beside `audit_events` so that the use cases write their audit rows unchanged.
 */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  auditEventId: bigint('audit_event_id', { mode: 'number' })
    .notNull()
    .unique()
    .references(() => auditEvents.id),
  /** Hex sha256 of the previous seal's hash, a newline and the record's canonical JSON. */
  hash: text('hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
});
