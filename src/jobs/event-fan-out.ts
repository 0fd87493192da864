import { asc, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../app/context.js';
import type { Transaction } from '../db/connection.js';
import { domainEvents } from '../db/schema/index.js';
import { domainEventTypes, type DomainEvent, type DomainEventType } from '../domain/events.js';

/**
 * A consumer of committed domain events (notices, webhooks). It runs inside the fan-out's
 * transaction and only writes rows (outbox e-mails, notifications, webhook deliveries): network
 * I/O happens later, in the outbox dispatcher. So an event is consumed exactly once: its
 * consumers' rows and its `processed_at` commit together, or none of them do.
 */
export interface EventConsumer {
  name: string;
  consume(tx: Transaction, event: StoredDomainEvent, ctx: AppContext): Promise<void>;
}

export interface StoredDomainEvent extends DomainEvent {
  id: number;
}

export interface FanOutResult {
  processed: number;
}

function isKnownType(type: string): type is DomainEventType {
  return (domainEventTypes as readonly string[]).includes(type);
}

/**
 * Hands every unprocessed event to each consumer, in id order, batch by batch. Rows are claimed
 * with `FOR UPDATE SKIP LOCKED`, so two processes fanning out at once never handle the same
 * event twice. An event of an unknown type (written by a newer version during a rolling
 * deploy) is left for a process that knows it.
 */
export async function fanOutEvents(
  ctx: AppContext,
  consumers: readonly EventConsumer[],
  options: { batchSize?: number } = {},
): Promise<FanOutResult> {
  const batchSize = options.batchSize ?? 100;
  let processed = 0;
  for (;;) {
    const handled = await ctx.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(domainEvents)
        .where(isNull(domainEvents.processedAt))
        .orderBy(asc(domainEvents.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const known = rows.filter((row) => isKnownType(row.type));
      for (const row of known) {
        const event: StoredDomainEvent = {
          id: row.id,
          type: row.type as DomainEventType,
          entityType: row.entityType as DomainEvent['entityType'],
          entityId: row.entityId,
          programId: row.programId,
          organizationIds: row.organizationIds,
          actorId: row.actorId,
          at: row.at,
          data: row.data as Record<string, unknown>,
        };
        for (const consumer of consumers) {
          await consumer.consume(tx, event, ctx);
        }
      }
      if (known.length > 0) {
        await tx
          .update(domainEvents)
          .set({ processedAt: ctx.clock.now() })
          .where(
            inArray(
              domainEvents.id,
              known.map((row) => row.id),
            ),
          );
      }
      return { claimed: rows.length, handled: known.length };
    });
    processed += handled.handled;
    // A full batch of events this version does not know would be claimed again and again.
    if (handled.claimed < batchSize || handled.handled === 0) {
      break;
    }
  }
  return { processed };
}
