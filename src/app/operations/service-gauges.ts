import { and, count, gt, isNotNull, isNull, sql, sum } from 'drizzle-orm';
import { agreements, outbox, programs, vouchers, webhookDeliveries } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';

export interface ServiceGauges {
  vouchersByStatus: { status: string; count: number }[];
  outboxPending: number;
  outboxDead: number;
  /** Webhook deliveries by status: `pending` is the webhook backlog. */
  webhookDeliveriesByStatus: { status: string; count: number }[];
  /** Remaining days the retirement removal will take if nobody acts, per program. */
  daysAtRisk: { program: string; days: number }[];
}

/** What `GET /metrics` reads from the database at each scrape: a few aggregate queries. */
export async function readServiceGauges(ctx: AppContext): Promise<ServiceGauges> {
  const vouchersByStatus = await ctx.db
    .select({ status: vouchers.status, count: count() })
    .from(vouchers)
    .groupBy(vouchers.status);
  const [pending] = await ctx.db
    .select({ n: count() })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)));
  const [dead] = await ctx.db.select({ n: count() }).from(outbox).where(isNotNull(outbox.failedAt));
  const webhookDeliveriesByStatus = await ctx.db
    .select({ status: webhookDeliveries.status, count: count() })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.status);
  const daysAtRisk = await ctx.db
    .select({ program: programs.name, days: sql<number>`coalesce(${sum(agreements.balance)}, 0)`.mapWith(Number) })
    .from(agreements)
    .innerJoin(programs, sql`${programs.id} = ${agreements.programId}`)
    .where(and(isNull(agreements.daysRemovedAt), gt(agreements.balance, 0)))
    .groupBy(programs.name);
  return {
    vouchersByStatus,
    outboxPending: pending?.n ?? 0,
    outboxDead: dead?.n ?? 0,
    webhookDeliveriesByStatus,
    daysAtRisk,
  };
}
