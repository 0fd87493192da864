import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './organizations.js';
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

/**
 * API keys of an organisation (api.md, Integrations): only the sha256 of the token is kept.
 * Each key acts through its own principal in `users` (no password, never a person) so that
 * what the key does carries its id in every `created_by`, `submitted_by` and audit `actor_id`.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** The key's principal: `users.id`, named after the key. */
    principalId: uuid('principal_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    roles: text('roles').array().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, to tell keys apart in the list. */
    tokenPrefix: text('token_prefix').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Updated at most once a minute, in the authenticating statement itself. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_keys_token_hash_key').on(t.tokenHash),
    index('api_keys_org_created_idx').on(t.organizationId, t.createdAt, t.id),
  ],
);

/**
 * An organisation's webhook endpoint (api.md, Integrations; Standard Webhooks). The signing
 * secret is kept as issued (it signs every request); after a rotation the previous one keeps
 * signing alongside until `previous_secret_expires_at` (24 h).
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when a delivery kept failing for 24 h; no new deliveries until enabled again. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: text('disabled_reason'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.organizationId, t.createdAt)],
);

/**
 * The outbox of webhook deliveries: one row per (endpoint, committed domain event), written by
 * the fan-out in the event's consuming transaction, sent by the webhook dispatcher outside any
 * transaction. `payload` is the exact body (fixed at the first write, so every retry sends the
 * same bytes under the same `webhook-id`).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    /** `webhook-id`: `msg_<event id>`, the same for every endpoint and retry of the event. */
    messageId: text('message_id').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    responseStatus: integer('response_status'),
    latencyMs: integer('latency_ms'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);
