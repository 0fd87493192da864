import { and, eq, sql, type SQL } from 'drizzle-orm';
import { sqlList, type Executor } from '../../db/connection.js';
import { engagementTypes, programs, vouchers } from '../../db/schema/index.js';
import { holdsVouchers, paymentRequestStatuses } from '../../domain/payment-rules.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { voucherReaders } from '../../domain/voucher-decision.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import { toPolicy } from '../programs/present-program.js';

export type VoucherRow = typeof vouchers.$inferSelect;
export type EngagementTypeRow = typeof engagementTypes.$inferSelect;

export interface LoadedVoucher {
  voucher: VoucherRow;
  engagementType: EngagementTypeRow;
  policy: ProgramPolicy;
  /** Whether the voucher is in a submitted or approved payment request (for `requestPayment`). */
  inLivePaymentRequest: boolean;
}

/** Who may see a voucher: its customer, the partner holding it, operators. */
export function voucherOwners(voucher: VoucherRow): string[] {
  return voucherReaders(voucher);
}

/** In a live payment request: the same condition as the unique index `payment_request_vouchers_live_key`. */
export const inLivePaymentRequestSql = sql<boolean>`exists (
  select 1 from payment_request_vouchers prv join payment_requests pr on pr.id = prv.payment_request_id
  where prv.voucher_id = ${vouchers.id} and pr.status in (${sqlList(paymentRequestStatuses.filter(holdsVouchers))}))`;

/**
 * The voucher snapshot of a decision in ONE query: the voucher, its engagement type and program,
 * and whatever else the event needs (`extra`: scalar subqueries on the same row). `lock` takes
 * the voucher row only (`for update of vouchers`): the sweep's lock order, voucher then agreement.
 */
export async function loadVoucher<E extends Record<string, SQL>>(
  tx: Executor,
  id: string,
  options: { lock?: boolean; extra?: E; where?: SQL } = {},
): Promise<(LoadedVoucher & { extra: { [K in keyof E]: unknown } }) | undefined> {
  const query = tx
    .select({
      voucher: vouchers,
      engagementType: engagementTypes,
      program: programs,
      inLivePaymentRequest: inLivePaymentRequestSql,
      ...(options.extra ?? {}),
    })
    .from(vouchers)
    .innerJoin(engagementTypes, eq(engagementTypes.id, vouchers.engagementTypeId))
    .innerJoin(programs, eq(programs.id, vouchers.programId))
    .where(and(eq(vouchers.id, id), options.where));
  const [row] = (options.lock ? await query.for('update', { of: vouchers }) : await query) as Record<string, unknown>[];
  if (!row) {
    return undefined;
  }
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(options.extra ?? {})) {
    extra[key] = row[key];
  }
  return {
    voucher: row.voucher as VoucherRow,
    engagementType: row.engagementType as EngagementTypeRow,
    policy: toPolicy(row.program as typeof programs.$inferSelect),
    inLivePaymentRequest: Boolean(row.inLivePaymentRequest),
    extra: extra as { [K in keyof E]: unknown },
  };
}

/** A voucher the actor may see; another organisation's voucher is the same 404 as a missing one. */
export async function loadVisibleVoucher<E extends Record<string, SQL>>(
  tx: Executor,
  actor: Actor,
  id: string,
  options: { lock?: boolean; extra?: E } = {},
): Promise<LoadedVoucher & { extra: { [K in keyof E]: unknown } }> {
  const loaded = await loadVoucher(tx, id, options);
  requireVisible(actor, loaded, (l) => voucherOwners(l.voucher), 'voucher', id);
  return loaded!;
}
