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

/**
 * What every voucher event's `data` carries (the producers fill it; consumers rely on it).
 * Event-specific additions:
 * - `voucher.reserved`: `plannedStart`, `plannedEnd`, `deliveryCountry`;
 * - `voucher.cancelled`, `voucher.expired`: `daysReturned`, `daysForfeited` (and, for expiry,
 *   `partnerOrganizationId` is the partner that held it, if any);
 * - `voucher.project_manager_changed`: `previousProjectManagerId`;
 * - `voucher.redeemed`: `redeemedAt`, `paymentDueBy` (program-local date);
 * - `voucher.extended`: `previousExpiresAt`, `extensionDays`, `reason`.
 */
export interface VoucherEventData {
  voucherId: string;
  code: string;
  status: string;
  customerOrganizationId: string;
  partnerOrganizationId: string | null;
  projectManagerId: string;
  agreementId: string;
  engagementTypeId: string;
  days: number;
  expiresAt: string;
}

/**
 * What every payment-request event's `data` carries. Additions: `payment_request.denied`:
 * `reason`, `detail`; `payment_request.paid`: `paymentReference`, `paidOn`.
 */
export interface PaymentRequestEventData {
  paymentRequestId: string;
  reference: string;
  status: string;
  partnerOrganizationId: string;
  voucherIds: string[];
  total: { amountMinor: number; currency: string };
}

/** `agreement.days_removed` (the retirement removal): the days taken off the agreement. */
export interface AgreementDaysRemovedData {
  agreementId: string;
  customerOrganizationId: string;
  days: number;
}

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
