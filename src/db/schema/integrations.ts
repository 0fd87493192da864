import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
