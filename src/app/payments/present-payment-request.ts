import {
  availablePaymentRequestActions,
  type Caller,
  type PaymentRequestSnapshot,
} from '../../domain/payment-request-decisions.js';
import { paymentSla } from '../../domain/payment-rules.js';
import type { PaymentRequestResponse } from '../../http/schemas/payments.js';

/** The answer for one request, exactly the response schema's output (a field removed there breaks this). */
export type PaymentRequestView = PaymentRequestResponse;

/**
 * The answer for one request, for this caller and now: `now` decides `overdue`, the caller and
 * now decide `availableActions` (the same guards as the decisions). Never the database row itself.
 */
export function presentPaymentRequest(snapshot: PaymentRequestSnapshot, caller: Caller, now: Date): PaymentRequestView {
  const { request, vouchers, policy } = snapshot;
  const { payBy, overdue } = paymentSla(policy, request, now);
  return {
    id: request.id,
    reference: request.reference,
    status: request.status,
    partnerId: request.partnerId,
    programId: request.programId,
    deliveryCountry: request.deliveryCountry,
    total: { amountMinor: request.totalMinor, currency: request.currency },
    voucherIds: vouchers.map((v) => v.voucherId),
    vouchers: vouchers.map((v) => ({ ...v })),
    invoiceNumber: request.invoiceNumber,
    invoiceDate: request.invoiceDate,
    createdAt: request.createdAt,
    submittedBy: request.submittedBy,
    approvedAt: request.approvedAt,
    approvedBy: request.approvedBy,
    deniedAt: request.deniedAt,
    deniedBy: request.deniedBy,
    denialReason: request.denialReason,
    denialDetail: request.denialDetail,
    paidAt: request.paidAt,
    paidOn: request.paidOn,
    paymentReference: request.paymentReference,
    payBy,
    overdue,
    availableActions: availablePaymentRequestActions(snapshot, caller),
  };
}
