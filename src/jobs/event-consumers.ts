import type { EventConsumer } from './event-fan-out.js';
import { webhookConsumer } from './webhook-consumer.js';

/**
 * The consumers every committed domain event is handed to, in this order. Notices and
 * reminders (issue 10) and webhooks (issue 11) add themselves here, one line each.
 */
export function eventConsumers(): EventConsumer[] {
  return [webhookConsumer];
}
