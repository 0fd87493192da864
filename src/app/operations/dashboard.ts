import { sql } from 'drizzle-orm';
import { resultRows, sqlList } from '../../db/connection.js';
import { addDays, endOfLastDay, localDate } from '../../domain/calendar-dates.js';
import { liveVoucherStatuses, redeemedVoucherStatus } from '../../domain/voucher-lifecycle.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';

export interface MoneyByCurrency {
  currency: string;
  amountMinor: number;
  count: number;
}

export interface Dashboard {
  at: Date;
  days: {
    accrued: number;
    converted: number;
    adjusted: number;
    allocated: number;
    redeemed: number;
    returned: number;
    removed: number;
    forfeited: number;
    available: number;
  };
  vouchersByStatus: Record<string, number>;
  paymentLiability: {
    redeemedUnclaimed: MoneyByCurrency[];
    submitted: MoneyByCurrency[];
    approvedUnpaid: MoneyByCurrency[];
    overdue: MoneyByCurrency[];
  };
  upcomingDeadlines: {
    kind: 'voucher_expiry' | 'payment_request';
    voucherId: string;
    code: string;
    status: string;
    /** The first instant the deadline bites. */
    due: Date;
    /** The last program-local day before it, the day the pages show (voucher deadlines' `lastDay`). */
    lastDay: string;
  }[];
}

const n = (value: unknown): number => Number(value ?? 0);

const redeemed = sqlList([redeemedVoucherStatus]);

/**
 * The operator dashboard: where the days went, vouchers by status, what the program owes by
 * stage, and the deadlines of the next 30 days. Aggregates in SQL, so it stays fast with many
 * vouchers.
 */
export async function getDashboard(ctx: AppContext, actor: Actor): Promise<Dashboard> {
  requireRole(actor, 'operator_admin', 'finance');
  const now = ctx.clock.now();
  const horizon = new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000);
  const [ledger] = resultRows<Record<string, string>>(
    await ctx.db.execute(sql`
      select
        coalesce(sum(days) filter (where kind = 'accrual'), 0) as accrued,
        coalesce(sum(days) filter (where kind = 'training_conversion'), 0) as converted,
        coalesce(sum(days) filter (where kind = 'adjustment'), 0) as adjusted,
        coalesce(-sum(days) filter (where kind = 'voucher_allocation'), 0) as allocated,
        coalesce(sum(days) filter (where kind = 'voucher_return'), 0) as returned,
        coalesce(-sum(days) filter (where kind = 'retirement_removal'), 0) as removed,
        coalesce(sum(days), 0) as available
      from ledger_entries`),
  );
  const [voucherDays] = resultRows<Record<string, string>>(
    await ctx.db.execute(sql`
      select coalesce(sum(days) filter (where status = ${redeemed}), 0) as redeemed,
             coalesce(sum(forfeited_days), 0) as forfeited
      from vouchers`),
  );
  const statusRows = resultRows<{ status: string; count: string }>(
    await ctx.db.execute(sql`select status, count(*) as count from vouchers group by status`),
  );
  const unclaimed = resultRows<{ currency: string; amount: string; count: string }>(
    await ctx.db.execute(sql`
      select r.currency, sum(v.days * r.amount_minor) as amount, count(*) as count
      from vouchers v
      join rates r on r.program_id = v.program_id and r.country = v.delivery_country
      where v.status = ${redeemed}
        and not exists (select 1 from payment_request_vouchers prv where prv.voucher_id = v.id and prv.live)
      group by r.currency order by r.currency`),
  );
  const requests = resultRows<{ stage: string; currency: string; amount: string; count: string }>(
    await ctx.db.execute(sql`
      select case
               when pr.status = 'approved' and pr.approved_at + make_interval(days => p.payment_sla_days) < ${now} then 'overdue'
               else pr.status end as stage,
             pr.currency, sum(pr.total_minor) as amount, count(*) as count
      from payment_requests pr join programs p on p.id = pr.program_id
      where pr.status in ('submitted', 'approved')
      group by 1, 2 order by 1, 2`),
  );
  const byStage = (stage: string): MoneyByCurrency[] =>
    requests
      .filter((r) => r.stage === stage)
      .map((r) => ({ currency: r.currency, amountMinor: n(r.amount), count: n(r.count) }));
  const today = localDate(now, 'UTC');
  const deadlineRows = resultRows<{
    kind: 'voucher_expiry' | 'payment_request';
    id: string;
    code: string;
    status: string;
    expires_at: Date | string | null;
    payment_due_by: string | null;
    time_zone: string;
  }>(
    await ctx.db.execute(sql`
      (select 'voucher_expiry' as kind, v.id, v.code, v.status, v.expires_at, null::text as payment_due_by, p.time_zone
        from vouchers v join programs p on p.id = v.program_id
        where v.status in (${sqlList(liveVoucherStatuses)}) and v.expires_at > ${now} and v.expires_at <= ${horizon}
        order by v.expires_at limit 50)
      union all
      (select 'payment_request' as kind, v.id, v.code, v.status, null::timestamptz as expires_at, v.payment_due_by::text as payment_due_by, p.time_zone
        from vouchers v join programs p on p.id = v.program_id
        where v.status = ${redeemed} and v.payment_due_by >= ${today}::date and v.payment_due_by <= ${addDays(today, 30)}::date
          and not exists (select 1 from payment_request_vouchers prv where prv.voucher_id = v.id and prv.live)
        order by v.payment_due_by limit 50)`),
  );
  // Each deadline as the voucher's own deadlines give it (voucher-rules.ts, `deadline`): the
  // instant it bites, program-local, and the last day before it. A payment request may be made
  // until the end of its last day, so it bites at 00:00 of the next day: the page shows the last
  // day (30 April), never that instant (it read "1 May 00:00 UTC").
  const deadlines = deadlineRows
    .map((d) => {
      const due = d.kind === 'voucher_expiry' ? new Date(d.expires_at!) : endOfLastDay(d.payment_due_by!, d.time_zone);
      return { ...d, due, lastDay: localDate(new Date(due.getTime() - 1), d.time_zone) };
    })
    .sort((a, b) => a.due.getTime() - b.due.getTime())
    .slice(0, 50);
  return {
    at: now,
    days: {
      accrued: n(ledger?.accrued),
      converted: n(ledger?.converted),
      adjusted: n(ledger?.adjusted),
      allocated: n(ledger?.allocated),
      redeemed: n(voucherDays?.redeemed),
      returned: n(ledger?.returned),
      removed: n(ledger?.removed),
      forfeited: n(voucherDays?.forfeited),
      available: n(ledger?.available),
    },
    vouchersByStatus: Object.fromEntries(statusRows.map((r) => [r.status, n(r.count)])),
    paymentLiability: {
      redeemedUnclaimed: unclaimed.map((r) => ({ currency: r.currency, amountMinor: n(r.amount), count: n(r.count) })),
      submitted: byStage('submitted'),
      approvedUnpaid: byStage('approved'),
      overdue: byStage('overdue'),
    },
    upcomingDeadlines: deadlines.map((d) => ({
      kind: d.kind,
      voucherId: d.id,
      code: d.code,
      status: d.status,
      due: d.due,
      lastDay: d.lastDay,
    })),
  };
}
