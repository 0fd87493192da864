import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per state change (domain.md invariant 5), written in the change's transaction. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Null for the system (sweeps, seed). */
    actorId: uuid('actor_id'),
    /** The organisation that may read the event besides operators. */
    organizationIds: uuid('organization_ids').array().notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_events_entity_idx').on(t.entityId, t.id), index('audit_events_actor_idx').on(t.actorId, t.id)],
);

/** Stored responses of state-changing requests, keyed by user and `Idempotency-Key`. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    /** sha256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is still running. */
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    responseType: text('response_type'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Fixed-window counters of failed attempts (sign-in, voucher validation). */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/**
 * Transactional outbox: an e-mail or webhook is recorded in the transaction of the change
 * that causes it, and sent by the dispatcher only once that transaction committed.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.availableAt)
      .where(sql`sent_at is null and failed_at is null`),
  ],
);

/**
 * The simulated program clock, shared by every process and kept across restarts (decision 017).
 * One row: the instant last set and the database's real time when it was set; the clock reads
 * `set_to + (clock_timestamp() - set_at)`. `version` grows with every change, so that a process
 * sees another's change with one cheap read.
 */
export const simulatedClock = pgTable('simulated_clock', {
  id: smallint('id').primaryKey(),
  setTo: timestamp('set_to', { withTimezone: true, precision: 3 }).notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
