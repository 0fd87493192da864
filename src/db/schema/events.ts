import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The domain events of committed changes (src/domain/events.ts), written in the change's
 * transaction. The fan-out job hands each event once to every consumer (notices, webhooks)
 * and then sets `processed_at`; a row exists if and only if its change committed.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    programId: uuid('program_id'),
    /** Who may read the object besides operators: consumers tell nobody else. */
    organizationIds: uuid('organization_ids').array().notNull(),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    data: jsonb('data').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('domain_events_pending_idx')
      .on(t.id)
      .where(sql`processed_at is null`),
    index('domain_events_entity_idx').on(t.entityId, t.id),
  ],
);
