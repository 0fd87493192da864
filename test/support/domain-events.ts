import { eq } from 'drizzle-orm';
import type { PaymentRequestView } from '../../src/app/payments/present-payment-request.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { recordEvents } from '../../src/app/platform/events.js';
import { vouchers } from '../../src/db/schema/index.js';
import type {
  DomainEvent,
  DomainEventType,
  PaymentRequestEventData,
  VoucherEventData,
} from '../../src/domain/events.js';
import type { TestApp } from './app.js';

/**
 * Domain events shaped exactly as src/domain/events.ts describes, built from real voucher and
 * payment-request rows, for the consumers' tests while the producers are being converted.
 */
export async function voucherEvent(
  t: TestApp,
  type: Extract<DomainEventType, `voucher.${string}`>,
  voucher: VoucherView,
  extra: Record<string, unknown> = {},
): Promise<DomainEvent> {
  const [row] = await t.ctx.db.select().from(vouchers).where(eq(vouchers.id, voucher.id));
  const partnerOrganizationId =
    (extra.partnerOrganizationId as string | null | undefined) ??
    row?.partnerId ??
    voucher.reservation?.partnerId ??
    null;
  const data: VoucherEventData = {
    voucherId: voucher.id,
    code: voucher.code,
    status: row?.status ?? voucher.status,
    customerOrganizationId: voucher.organizationId,
    partnerOrganizationId,
    projectManagerId: row?.projectManagerId ?? voucher.projectManagerId,
    agreementId: voucher.agreementId,
    engagementTypeId: voucher.engagementTypeId,
    days: voucher.days,
    expiresAt: (row?.expiresAt ?? voucher.expiresAt).toISOString(),
  };
  return {
    type,
    entityType: 'voucher',
    entityId: voucher.id,
    programId: voucher.programId,
    organizationIds: partnerOrganizationId ? [voucher.organizationId, partnerOrganizationId] : [voucher.organizationId],
    actorId: null,
    at: t.clock.now(),
    data: { ...data, ...extra },
  };
}

export function paymentRequestEvent(
  t: TestApp,
  type: Extract<DomainEventType, `payment_request.${string}`>,
  request: PaymentRequestView,
  extra: Record<string, unknown> = {},
): DomainEvent {
  const data: PaymentRequestEventData = {
    paymentRequestId: request.id,
    reference: request.reference,
    status: request.status,
    partnerOrganizationId: request.partnerId,
    voucherIds: request.voucherIds,
    total: request.total,
  };
  return {
    type,
    entityType: 'payment_request',
    entityId: request.id,
    programId: request.programId,
    organizationIds: [request.partnerId],
    actorId: null,
    at: t.clock.now(),
    data: { ...data, ...extra },
  };
}

export async function record(t: TestApp, ...events: DomainEvent[]): Promise<void> {
  await recordEvents(t.ctx.db, events);
}
