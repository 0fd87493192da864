import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { denialReasons, paymentRequestStatuses } from '../../domain/payment-rules.js';
import { calendarDate, country, id, instant, money } from './common.js';

export const paymentRequestStatus = z.enum(paymentRequestStatuses);

export const paymentRequestVoucher = z.object({
  voucherId: id,
  code: z.string(),
  days: z.number().int(),
  amountMinor: z.number().int().describe('days × the delivery country’s daily rate, in minor units'),
});

export const paymentRequest = z
  .object({
    id,
    reference: z.string().describe('unique and human-friendly, e.g. PR-2021-000042'),
    status: paymentRequestStatus,
    partnerId: id,
    programId: id,
    deliveryCountry: country,
    total: money.describe('Σ days × the delivery country’s daily rate, computed by the server'),
    voucherIds: z.array(id),
    vouchers: z.array(paymentRequestVoucher),
    invoiceNumber: z.string(),
    invoiceDate: calendarDate,
    createdAt: instant,
    submittedBy: id,
    approvedAt: instant.nullable(),
    approvedBy: id.nullable(),
    deniedAt: instant.nullable(),
    deniedBy: id.nullable(),
    denialReason: z.enum(denialReasons).nullable(),
    denialDetail: z.string().nullable(),
    paidAt: instant.nullable(),
    paidOn: calendarDate.nullable(),
    paymentReference: z.string().nullable(),
    payBy: calendarDate
      .nullable()
      .describe('last day to pay an approved request: approval date + the payment SLA (30 days)'),
    overdue: z.boolean().describe('approved and not paid by payBy'),
    availableActions: z.array(z.enum(['approve', 'deny', 'pay'])),
  })
  .meta({ id: 'PaymentRequest' });
export type PaymentRequestResponse = z.output<typeof paymentRequest>;

export const submitPaymentRequestRequest = z.strictObject({
  voucherIds: z.array(id).min(1, fieldKey('field.atLeastOneRedeemedVoucher')).max(200),
  invoiceNumber: z.string().trim().min(1, fieldKey('field.required')).max(100),
  invoiceDate: calendarDate,
});

export const listPaymentRequestsQuery = z.strictObject({
  status: paymentRequestStatus.optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: approved requests not paid within the payment SLA'),
  partnerId: id.optional().describe('operators: one partner’s requests'),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('the request’s reference (with or without dashes) or the invoice number; any case'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const denialRequest = z.strictObject({
  reason: z.enum(denialReasons),
  detail: z.string().trim().min(1, fieldKey('field.denialDetail')).max(2000),
});

export const paymentRecordRequest = z.strictObject({
  paymentReference: z.string().trim().min(1, fieldKey('field.required')).max(100),
  paidOn: calendarDate,
});
