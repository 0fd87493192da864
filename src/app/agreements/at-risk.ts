import { and, eq, gt, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { agreements, paymentRequestVouchers, vouchers } from '../../db/schema/index.js';
import { addDays, hasDateArrived, localDate } from '../../domain/calendar-dates.js';
import { refusal } from '../../domain/errors.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { liveVoucherStatuses, redeemedVoucherStatus } from '../../domain/voucher-lifecycle.js';
import { hasRole, isOperator, requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramPolicy } from '../programs/read-programs.js';
import { loadVisibleAgreement } from './agreement-store.js';

export interface DaysAtRisk {
  reason: 'removal' | 'expiry';
  days: number;
  /** The program-local date the days are lost. */
  on: string;
}

export interface VoucherAtRisk {
  voucherId: string;
  code: string;
  status: string;
  agreementId: string;
  days: number;
  reason: 'expiry' | 'payment_window';
  /** The last program-local day to act (redeem, or submit the payment request). */
  lastDay: string;
  /** The program-local date it is lost. */
  on: string;
}

export interface AtRiskView {
  daysAtRisk: DaysAtRisk[];
  vouchersAtRisk: VoucherAtRisk[];
}

/**
 * What will be lost, and when, if nobody acts (issue 10, "Days at risk"):
 * - the agreement's remaining days, on the removal date (while it has not come);
 * - the days of live vouchers, on the day they expire;
 * - redeemed vouchers whose payment window closes with no live payment request (the partner is
 *   not paid: the voucher is listed, its days are not "days at risk" of the customer).
 */
async function atRisk(db: Executor, policy: ProgramPolicy, now: Date, scope: SQL): Promise<AtRiskView> {
  const zone = policy.timeZone;
  const today = localDate(now, zone);
  const byDate = new Map<string, DaysAtRisk>();
  const add = (reason: DaysAtRisk['reason'], days: number, on: string) => {
    const key = `${reason}:${on}`;
    const entry = byDate.get(key) ?? { reason, days: 0, on };
    entry.days += days;
    byDate.set(key, entry);
  };
  if (!hasDateArrived(now, policy.calendar.daysRemovalDate, zone)) {
    const [remaining] = await db
      .select({ days: sql<number>`coalesce(sum(${agreements.balance}), 0)::int` })
      .from(agreements)
      .where(and(scope, gt(agreements.balance, 0), isNull(agreements.daysRemovedAt)));
    if (remaining && remaining.days > 0) {
      add('removal', remaining.days, policy.calendar.daysRemovalDate);
    }
  }
  const found: VoucherAtRisk[] = [];
  const live = await db
    .select()
    .from(vouchers)
    .innerJoin(agreements, eq(agreements.id, vouchers.agreementId))
    .where(and(scope, inArray(vouchers.status, [...liveVoucherStatuses]), gt(vouchers.expiresAt, now)));
  for (const { vouchers: v } of live) {
    const on = localDate(v.expiresAt, zone);
    add('expiry', v.days, on);
    found.push({
      voucherId: v.id,
      code: v.code,
      status: v.status,
      agreementId: v.agreementId,
      days: v.days,
      reason: 'expiry',
      lastDay: localDate(new Date(v.expiresAt.getTime() - 1), zone),
      on,
    });
  }
  const unclaimed = await db
    .select()
    .from(vouchers)
    .innerJoin(agreements, eq(agreements.id, vouchers.agreementId))
    .where(
      and(
        scope,
        eq(vouchers.status, redeemedVoucherStatus),
        gte(vouchers.paymentDueBy, today),
        sql`not exists (select 1 from ${paymentRequestVouchers} where ${paymentRequestVouchers.voucherId} = ${vouchers.id} and ${paymentRequestVouchers.live})`,
      ),
    );
  for (const { vouchers: v } of unclaimed) {
    found.push({
      voucherId: v.id,
      code: v.code,
      status: v.status,
      agreementId: v.agreementId,
      days: v.days,
      reason: 'payment_window',
      lastDay: v.paymentDueBy!,
      on: addDays(v.paymentDueBy!, 1),
    });
  }
  const order = <T extends { on: string }>(a: T, b: T) => a.on.localeCompare(b.on);
  return {
    daysAtRisk: [...byDate.values()].sort((a, b) => order(a, b) || a.reason.localeCompare(b.reason)),
    vouchersAtRisk: found.sort((a, b) => order(a, b) || a.code.localeCompare(b.code)),
  };
}

/** One agreement's: its customer's benefit admins and operators may ask. */
export async function agreementAtRisk(ctx: AppContext, actor: Actor, agreementId: string): Promise<AtRiskView> {
  // Role before organisation (decision 010): a project manager is refused, another customer's
  // benefit admin is told 404.
  if (!isOperator(actor) && !hasRole(actor, 'benefit_admin')) {
    throw refusal('forbidden', 'access.atRiskForBenefitAdmins');
  }
  const agreement = await loadVisibleAgreement(ctx.db, actor, agreementId);
  const policy = await loadProgramPolicy(ctx.db, agreement.programId);
  return atRisk(ctx.db, policy, ctx.clock.now(), eq(agreements.id, agreement.id));
}

/** A whole program's (operators). */
export async function programAtRisk(ctx: AppContext, actor: Actor, programId: string): Promise<AtRiskView> {
  if (!isOperator(actor)) {
    requireRole(actor, 'operator_admin', 'finance');
  }
  const policy = await loadProgramPolicy(ctx.db, programId);
  return atRisk(ctx.db, policy, ctx.clock.now(), eq(agreements.programId, programId));
}
