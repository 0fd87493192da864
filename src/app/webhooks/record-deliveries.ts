import { and, arrayContains, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations, webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import { organizationReader, webhookData } from './webhook-data.js';

export function webhookMessageId(eventId: number): string {
  return `msg_${eventId}`;
}

/**
 * The webhook consumer's work for one committed event, inside the fan-out's transaction: a
 * delivery row for every live endpoint subscribed to the type whose organisation may read the
 * object: the event's `organizationIds`, or an operator (api.md: "operator: all"). Never I/O.
 */
export async function recordWebhookDeliveries(
  tx: Executor,
  event: DomainEvent & { id: number },
  now: Date,
): Promise<number> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, organizationId: webhookEndpoints.organizationId, kind: organizations.kind })
    .from(webhookEndpoints)
    .innerJoin(organizations, eq(organizations.id, webhookEndpoints.organizationId))
    .where(
      and(
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.disabledAt),
        arrayContains(webhookEndpoints.events, [event.type]),
      ),
    );
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const endpoint of endpoints) {
    if (endpoint.kind !== 'operator' && !event.organizationIds.includes(endpoint.organizationId)) {
      continue;
    }
    let data: unknown;
    try {
      data = await webhookData(tx, event, organizationReader(endpoint.organizationId, endpoint.kind), now);
    } catch (error) {
      // The object is gone or no longer readable by this organisation: tell it nothing.
      if (error instanceof DomainError && error.code === 'not-found') {
        continue;
      }
      throw error;
    }
    rows.push({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      messageId: webhookMessageId(event.id),
      payload: JSON.stringify({ type: event.type, timestamp: event.at.toISOString(), data }),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    });
  }
  if (rows.length > 0) {
    await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();
  }
  return rows.length;
}
