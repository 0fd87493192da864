import type { Money } from '../../domain/money.js';
import {
  availablePaymentEvents,
  paymentSla,
  type DenialReason,
  type PaymentRequestEvent,
  type PaymentRequestStatus,
} from '../../domain/payment-rules.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import type { PaymentRequestRow, RequestVoucher } from './payment-store.js';

export interface PaymentRequestView {
  id: string;
  reference: string;
  status: PaymentRequestStatus;
  partnerId: string;
  programId: string;
  deliveryCountry: string;
  total: Money;
  voucherIds: string[];
  vouchers: RequestVoucher[];
  invoiceNumber: string;
  invoiceDate: string;
  createdAt: Date;
  submittedBy: string;
  approvedAt: Date | null;
  approvedBy: string | null;
  deniedAt: Date | null;
  deniedBy: string | null;
  denialReason: DenialReason | null;
  denialDetail: string | null;
  paidAt: Date | null;
  paidOn: string | null;
  paymentReference: string | null;
  /** Last program-local day to pay once approved (approval date + the payment SLA). */
  payBy: string | null;
  /** Approved and not paid by `payBy`. */
  overdue: boolean;
  availableActions: PaymentRequestEvent[];
}

/** The answer for one request; `now` decides `overdue`. Never the database row itself. */
export function presentPaymentRequest(
  request: PaymentRequestRow,
  requestVouchers: RequestVoucher[],
  policy: ProgramPolicy,
  now: Date,
): PaymentRequestView {
  const { payBy, overdue } = paymentSla(policy, request, now);
  return {
    id: request.id,
    reference: request.reference,
    status: request.status,
    partnerId: request.partnerId,
    programId: request.programId,
    deliveryCountry: request.deliveryCountry,
    total: { amountMinor: request.totalMinor, currency: request.currency },
    voucherIds: requestVouchers.map((v) => v.voucherId),
    vouchers: requestVouchers,
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
    availableActions: availablePaymentEvents(request.status),
  };
}
