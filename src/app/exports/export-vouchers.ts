import type { Actor, AppContext } from '../context.js';
import { listVouchers, type VoucherFilter } from '../vouchers/read-vouchers.js';
import { exportBatchSize, pagedRows } from './batches.js';

export const voucherColumns = [
  'id',
  'code',
  'status',
  'programId',
  'agreementId',
  'organizationId',
  'engagementTypeId',
  'engagementTypeName',
  'offeringCode',
  'days',
  'projectManagerId',
  'exceptionReason',
  'createdAt',
  'expiresAt',
  'extensionDays',
  'partnerId',
  'deliveryCountry',
  'plannedStart',
  'plannedEnd',
  'reservedAt',
  'completedAt',
  'redeemedAt',
  'paymentDueBy',
  'endedAt',
  'forfeitedDays',
] as const;

export type ExportRow = Record<string, string | number | boolean | Date | null>;

/** `GET /exports/vouchers.csv`: the rows of `GET /vouchers` with the same filter and scope. */
export async function exportVouchers(
  ctx: AppContext,
  actor: Actor,
  filter: VoucherFilter,
): Promise<AsyncIterable<ExportRow>> {
  return pagedRows(
    (cursor) => listVouchers(ctx, actor, filter, { limit: exportBatchSize, cursor }),
    (items) =>
      items.map((v) => ({
        id: v.id,
        code: v.code,
        status: v.status,
        programId: v.programId,
        agreementId: v.agreementId,
        organizationId: v.organizationId,
        engagementTypeId: v.engagementTypeId,
        engagementTypeName: v.engagementTypeName,
        offeringCode: v.offeringCode,
        days: v.days,
        projectManagerId: v.projectManagerId,
        exceptionReason: v.exceptionReason,
        createdAt: v.createdAt,
        expiresAt: v.expiresAt,
        extensionDays: v.extensionDays,
        partnerId: v.reservation?.partnerId ?? null,
        deliveryCountry: v.reservation?.deliveryCountry ?? null,
        plannedStart: v.reservation?.plannedStart ?? null,
        plannedEnd: v.reservation?.plannedEnd ?? null,
        reservedAt: v.reservation?.reservedAt ?? null,
        completedAt: v.completedAt,
        redeemedAt: v.redeemedAt,
        paymentDueBy: v.paymentDueBy,
        endedAt: v.endedAt,
        forfeitedDays: v.forfeitedDays,
      })),
  );
}
