import { and, eq, or, sql } from 'drizzle-orm';
import { paymentRequests, programs } from '../../db/schema/index.js';
import type { PaymentRequestStatus } from '../../domain/payment-rules.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';
import { containsCode, containsText, searchText } from '../search.js';
import { loadVisiblePaymentRequest, snapshotColumns, toSnapshot } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface PaymentRequestFilter {
  status?: PaymentRequestStatus | undefined;
  /** Only approved requests past their pay-by date (true), or only the others (false). */
  overdue?: boolean | undefined;
  /** Operators: one partner's requests. */
  partnerId?: string | undefined;
  /** Free text: the request's reference (dashes optional) or the partner's invoice number. */
  q?: string | undefined;
}

/** `?q=` (api.md, v1 additions): the reference and the invoice number, inside the caller's scope. */
function paymentRequestSearch(q: string | undefined) {
  const text = searchText(q);
  return text
    ? or(containsCode(paymentRequests.reference, text), containsText(paymentRequests.invoiceNumber, text))
    : undefined;
}

/**
 * Payment requests the actor may see, newest first: a partner its own, operators all, customers
 * none (they take no part in payment).
 */
export async function listPaymentRequests(
  ctx: AppContext,
  actor: Actor,
  filter: PaymentRequestFilter,
  page: PageRequest,
): Promise<Page<PaymentRequestView>> {
  const now = ctx.clock.now();
  const scope = isOperator(actor)
    ? filter.partnerId
      ? eq(paymentRequests.partnerId, filter.partnerId)
      : undefined
    : eq(paymentRequests.partnerId, actor.organizationId);
  // The SQL form of `paymentSla` (domain/payment-rules.ts): approved, and today (program-local)
  // is after the approval date (program-local) + the payment SLA. The presenter recomputes
  // `overdue` with the domain function, and the HTTP tests check both agree at the boundary.
  const overdue = sql`(${paymentRequests.status} = 'approved' and
    ((${paymentRequests.approvedAt} at time zone ${programs.timeZone})::date + ${programs.paymentSlaDays})
      < (${now.toISOString()}::timestamptz at time zone ${programs.timeZone})::date)`;
  const rows = await ctx.db
    .select(snapshotColumns)
    .from(paymentRequests)
    .innerJoin(programs, eq(programs.id, paymentRequests.programId))
    .where(
      and(
        scope,
        filter.status ? eq(paymentRequests.status, filter.status) : undefined,
        filter.overdue === undefined ? undefined : filter.overdue ? overdue : sql`not ${overdue}`,
        paymentRequestSearch(filter.q),
        afterCursor(page, paymentRequests.createdAt, paymentRequests.id),
      ),
    )
    .orderBy(...newestFirst(paymentRequests.createdAt, paymentRequests.id))
    .limit(page.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, createdAt: r.request.createdAt, id: r.request.id })),
    page,
    (r) => presentPaymentRequest(toSnapshot(r), actor, now),
  );
}

export async function getPaymentRequest(ctx: AppContext, actor: Actor, id: string): Promise<PaymentRequestView> {
  return presentPaymentRequest(await loadVisiblePaymentRequest(ctx.db, actor, id), actor, ctx.clock.now());
}
