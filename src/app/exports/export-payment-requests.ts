import { inArray } from 'drizzle-orm';
import { organizations } from '../../db/schema/index.js';
import type { Actor, AppContext } from '../context.js';
import { listPaymentRequests, type PaymentRequestFilter } from '../payments/read-payment-requests.js';
import { exportBatchSize, pagedRows } from './batches.js';
import type { ExportRow } from './export-vouchers.js';

/**
 * What accounts payable needs of each request (issue 11): reference, partner, invoice number
 * and date, country, currency, amount and the vouchers, besides the review dates.
 */
export const paymentRequestColumns = [
  'reference',
  'status',
  'partnerId',
  'partnerName',
  'invoiceNumber',
  'invoiceDate',
  'country',
  'currency',
  'amount',
  'amountMinor',
  'voucherCodes',
  'voucherDays',
  'createdAt',
  'approvedAt',
  'payBy',
  'overdue',
  'deniedAt',
  'denialReason',
  'paidOn',
  'paymentReference',
  'id',
] as const;

/** Minor units as a decimal amount in the currency's own exponent (USD 125000 → "1250.00"). */
export function decimalAmount(amountMinor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  const sign = amountMinor < 0 ? '-' : '';
  const units = String(Math.abs(amountMinor)).padStart((digits ?? 2) + 1, '0');
  if (!digits) {
    return `${sign}${units}`;
  }
  return `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/** `GET /exports/payment-requests.csv`: the rows of `GET /payment-requests`, same filter and scope. */
export async function exportPaymentRequests(
  ctx: AppContext,
  actor: Actor,
  filter: PaymentRequestFilter,
): Promise<AsyncIterable<ExportRow>> {
  return pagedRows(
    (cursor) => listPaymentRequests(ctx, actor, filter, { limit: exportBatchSize, cursor }),
    async (items) => {
      const partnerIds = [...new Set(items.map((r) => r.partnerId))];
      const names = new Map(
        partnerIds.length === 0
          ? []
          : (
              await ctx.db
                .select({ id: organizations.id, name: organizations.name })
                .from(organizations)
                .where(inArray(organizations.id, partnerIds))
            ).map((o) => [o.id, o.name]),
      );
      return items.map((r) => ({
        reference: r.reference,
        status: r.status,
        partnerId: r.partnerId,
        partnerName: names.get(r.partnerId) ?? null,
        invoiceNumber: r.invoiceNumber,
        invoiceDate: r.invoiceDate,
        country: r.deliveryCountry,
        currency: r.total.currency,
        amount: decimalAmount(r.total.amountMinor, r.total.currency),
        amountMinor: r.total.amountMinor,
        // One cell each, in the same order: voucher codes and their days, separated by spaces.
        voucherCodes: r.vouchers.map((v) => v.code).join(' '),
        voucherDays: r.vouchers.map((v) => v.days).join(' '),
        createdAt: r.createdAt,
        approvedAt: r.approvedAt,
        payBy: r.payBy,
        overdue: r.overdue,
        deniedAt: r.deniedAt,
        denialReason: r.denialReason,
        paidOn: r.paidOn,
        paymentReference: r.paymentReference,
        id: r.id,
      }));
    },
  );
}
