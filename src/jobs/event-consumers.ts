import type { EventConsumer } from './event-fan-out.js';
import { noticeConsumer } from './notice-consumer.js';

export interface EventConsumerOptions {
  /** Base URL people reach SAPS at (`SAPS_PUBLIC_URL`), for the links in notices. */
  publicUrl: string;
}
import { webhookConsumer } from './webhook-consumer.js';

/**
 * The consumers every committed domain event is handed to, in this order. Notices and
 * reminders (issue 10) and webhooks (issue 11) add themselves here, one line each.
 */
export function eventConsumers(options: EventConsumerOptions): EventConsumer[] {
  return [noticeConsumer({ publicUrl: options.publicUrl }), webhookConsumer];
}
