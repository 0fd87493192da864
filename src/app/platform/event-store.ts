import { asc, inArray, isNull } from 'drizzle-orm';
import type { Transaction } from '../../db/connection.js';
import { domainEvents } from '../../db/schema/index.js';
import { domainEventTypes, type DomainEvent, type DomainEventType } from '../../domain/events.js';

/**
 * The `domain_events` table as the fan-out job (jobs/event-fan-out.ts) uses it: claim the
 * unprocessed events, mark them processed. The jobs layer decides; only src/app reads the table.
 */
export interface StoredDomainEvent extends DomainEvent {
  id: number;
}

function isKnownType(type: string): type is DomainEventType {
  return (domainEventTypes as readonly string[]).includes(type);
}

/**
 * Claims up to `batchSize` unprocessed events in id order (`FOR UPDATE SKIP LOCKED`, so two
 * processes never handle one event twice). `claimed` counts every row claimed; `events` only
 * those of a type this version knows (a newer version's events are left for it).
 */
export async function claimUnprocessedEvents(
  tx: Transaction,
  batchSize: number,
): Promise<{ claimed: number; events: StoredDomainEvent[] }> {
  const rows = await tx
    .select()
    .from(domainEvents)
    .where(isNull(domainEvents.processedAt))
    .orderBy(asc(domainEvents.id))
    .limit(batchSize)
    .for('update', { skipLocked: true });
  const events = rows.flatMap((row): StoredDomainEvent[] =>
    isKnownType(row.type)
      ? [
          {
            id: row.id,
            type: row.type,
            entityType: row.entityType as DomainEvent['entityType'],
            entityId: row.entityId,
            programId: row.programId,
            organizationIds: row.organizationIds,
            actorId: row.actorId,
            at: row.at,
            data: row.data as Record<string, unknown>,
          },
        ]
      : [],
  );
  return { claimed: rows.length, events };
}

export async function markEventsProcessed(tx: Transaction, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  await tx
    .update(domainEvents)
    .set({ processedAt: at })
    .where(inArray(domainEvents.id, [...ids]));
}
