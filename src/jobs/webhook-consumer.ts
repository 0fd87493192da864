import { recordWebhookDeliveries } from '../app/webhooks/record-deliveries.js';
import type { EventConsumer } from './event-fan-out.js';

/** Committed domain events become webhook deliveries (rows only; the dispatcher sends them). */
export const webhookConsumer: EventConsumer = {
  name: 'webhooks',
  async consume(tx, event, ctx) {
    await recordWebhookDeliveries(tx, event, ctx.clock.now());
  },
};
