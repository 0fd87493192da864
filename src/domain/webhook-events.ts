/** api.md, Integrations: the event types a webhook endpoint may subscribe to (a subset of the domain events). */
export const webhookEventTypes = [
  'voucher.created',
  'voucher.reserved',
  'voucher.released',
  'voucher.completed',
  'voucher.redeemed',
  'voucher.cancelled',
  'voucher.expired',
  'payment_request.submitted',
  'payment_request.approved',
  'payment_request.denied',
  'payment_request.paid',
  'agreement.days_removed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
