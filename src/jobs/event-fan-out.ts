import type { AppContext } from '../app/context.js';
import { claimUnprocessedEvents, markEventsProcessed, type StoredDomainEvent } from '../app/platform/event-store.js';
import type { Transaction } from '../db/connection.js';

export type { StoredDomainEvent } from '../app/platform/event-store.js';

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

export interface FanOutResult {
  processed: number;
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
      const { claimed, events } = await claimUnprocessedEvents(tx, batchSize);
      for (const event of events) {
        for (const consumer of consumers) {
          await consumer.consume(tx, event, ctx);
        }
      }
      await markEventsProcessed(
        tx,
        events.map((event) => event.id),
        ctx.clock.now(),
      );
      return { claimed, handled: events.length };
    });
    processed += handled.handled;
    // A full batch of events this version does not know would be claimed again and again.
    if (handled.claimed < batchSize || handled.handled === 0) {
      break;
    }
  }
  return { processed };
}
