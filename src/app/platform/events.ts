import type { Executor } from '../../db/connection.js';
import { domainEvents } from '../../db/schema/index.js';
import type { DomainEvent } from '../../domain/events.js';

/** The row a domain event is stored as: for callers that fold the insert into one statement. */
export function domainEventRow(event: DomainEvent): typeof domainEvents.$inferInsert {
  return {
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    programId: event.programId,
    organizationIds: [...event.organizationIds],
    actorId: event.actorId,
    at: event.at,
    data: event.data,
  };
}

/**
 * Records the events a decision returned, inside the change's transaction: they reach their
 * consumers (jobs/event-fan-out.ts) if and only if that transaction commits.
 */
export async function recordEvents(tx: Executor, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  await tx.insert(domainEvents).values(events.map(domainEventRow));
}
