/**
 * Domain events: what a decision says happened, for the consumers that act after the change
 * committed (notices and reminders, webhooks). A decision returns them; the use case records
 * them in the change's transaction (`recordEvents`), so an event exists if and only if its
 * change committed (architecture.md, "Jobs"; api.md v1 additions, event types).
 *
 * `data` carries what consumers need without re-reading history: ids, the voucher code, the
 * organisations involved and, where the event has one, the reason. A consumer that sends the
 * object itself (a webhook's `data`) reads it afresh, as its GET presents it to the receiver.
 */
export const domainEventTypes = [
  'voucher.created',
  'voucher.reserved',
  'voucher.released',
  'voucher.completed',
  'voucher.redeemed',
  'voucher.cancelled',
  'voucher.expired',
  'voucher.project_manager_changed',
  'voucher.extended',
  'payment_request.submitted',
  'payment_request.approved',
  'payment_request.denied',
  'payment_request.paid',
  'agreement.days_removed',
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

export type DomainEntityType = 'voucher' | 'payment_request' | 'agreement';

export interface DomainEvent {
  type: DomainEventType;
  entityType: DomainEntityType;
  entityId: string;
  /** The program the object belongs to (null only for objects outside any program). */
  programId: string | null;
  /**
   * The organisations that may read the object (the customer, the partner holding it);
   * operators read everything. Consumers never tell anyone outside this list.
   */
  organizationIds: readonly string[];
  /** The user who caused it; null for the system (sweeps, imports, seed). */
  actorId: string | null;
  at: Date;
  data: Readonly<Record<string, unknown>>;
}
