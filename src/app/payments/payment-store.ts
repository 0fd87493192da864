import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import {
  auditEvents,
  domainEvents,
  paymentRegistrations,
  paymentRequests,
  paymentRequestVouchers,
  programs,
  rates,
  vouchers,
} from '../../db/schema/index.js';
import { DomainError, refusal } from '../../domain/errors.js';
import type {
  PaymentRequestAuditRecord,
  PaymentRequestDecision,
  PaymentRequestLine,
  PaymentRequestSnapshot,
  PaymentRequestState,
  SubmissionDecision,
  SubmittedVoucher,
} from '../../domain/payment-request-decisions.js';
import type { DomainEvent } from '../../domain/events.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import { domainEventRow } from '../platform/events.js';
import { insertRows, setClause } from '../platform/statements.js';
import { toPolicy } from '../programs/present-program.js';

export type PaymentRequestRow = typeof paymentRequests.$inferSelect;
// The stored row is the domain's state: a column added to one and not the other breaks here.
const _rowIsState = (row: PaymentRequestRow): PaymentRequestState => row;
void _rowIsState;

/**
 * The vouchers of the request in the row being selected, in code order, as one JSON column: the
 * snapshot comes back in one query.
 */
const requestLines = sql<PaymentRequestLine[]>`coalesce((
  select json_agg(json_build_object(
    'voucherId', prv.voucher_id, 'code', v.code, 'days', prv.days, 'amountMinor', prv.amount_minor
  ) order by v.code)
  from ${paymentRequestVouchers} prv join ${vouchers} v on v.id = prv.voucher_id
  where prv.payment_request_id = ${paymentRequests.id}), '[]'::json)`;

/** The columns every snapshot query selects: the request, its program, its vouchers. */
export const snapshotColumns = { request: paymentRequests, program: programs, lines: requestLines };

export function toSnapshot(row: {
  request: PaymentRequestRow;
  program: typeof programs.$inferSelect;
  lines: PaymentRequestLine[];
}): PaymentRequestSnapshot {
  return { request: row.request, policy: toPolicy(row.program), vouchers: row.lines };
}

/**
 * A payment request the actor may see, in one query: its partner and operators. Customers,
 * other partners and absent ids all get the same 404 (conventions.md §7).
 */
export async function loadVisiblePaymentRequest(
  tx: Executor,
  actor: Actor,
  id: string,
): Promise<PaymentRequestSnapshot> {
  const [row] = await tx
    .select(snapshotColumns)
    .from(paymentRequests)
    .innerJoin(programs, eq(programs.id, paymentRequests.programId))
    .where(eq(paymentRequests.id, id));
  return toSnapshot(requireVisible(actor, row, (r) => r.request.partnerId, 'payment request', id));
}

/**
 * Everything a submission decides on, in one query: each voucher asked for with its program,
 * the partner's registration there, the rate of its delivery country, the live request holding
 * it; and the next serial number (an uncorrelated subquery: drawn once per query).
 */
export async function loadSubmission(
  tx: Executor,
  partnerId: string,
  voucherIds: readonly string[],
): Promise<{ vouchers: (SubmittedVoucher & { partnerId: string | null })[]; number: number }> {
  const rows = await tx
    .select({
      voucher: vouchers,
      program: programs,
      registered: sql<boolean>`${paymentRegistrations.id} is not null`,
      rateMinor: rates.amountMinor,
      rateCurrency: rates.currency,
      liveReference: sql<string | null>`(
        select pr.reference from ${paymentRequestVouchers} prv
        join ${paymentRequests} pr on pr.id = prv.payment_request_id
        where prv.voucher_id = ${vouchers.id} and prv.live limit 1)`,
      number: sql<string>`(select nextval(pg_get_serial_sequence('payment_requests', 'number')))`,
    })
    .from(vouchers)
    .innerJoin(programs, eq(programs.id, vouchers.programId))
    .leftJoin(
      paymentRegistrations,
      and(eq(paymentRegistrations.programId, vouchers.programId), eq(paymentRegistrations.partnerId, partnerId)),
    )
    .leftJoin(rates, and(eq(rates.programId, vouchers.programId), eq(rates.country, vouchers.deliveryCountry)))
    .where(inArray(vouchers.id, [...voucherIds]));
  return {
    vouchers: rows.map((r) => ({
      id: r.voucher.id,
      code: r.voucher.code,
      status: r.voucher.status,
      programId: r.voucher.programId,
      partnerId: r.voucher.partnerId,
      deliveryCountry: r.voucher.deliveryCountry,
      days: r.voucher.days,
      paymentDueBy: r.voucher.paymentDueBy,
      liveRequestReference: r.liveReference,
      program: {
        name: r.program.name,
        policy: toPolicy(r.program),
        registered: r.registered,
        dailyRate:
          r.rateMinor === null || r.rateCurrency === null
            ? null
            : { amountMinor: r.rateMinor, currency: r.rateCurrency },
      },
    })),
    // bigint comes back as a string.
    number: Number(rows[0]?.number ?? 0),
  };
}

/** The audit record and the events of a change, as CTEs that write only when `when` has a row. */
function recordsOf(audit: PaymentRequestAuditRecord, events: readonly DomainEvent[], when?: SQL): SQL {
  const parts = [sql`audit as (${insertRows(auditEvents, [audit], when)})`];
  if (events.length > 0) {
    parts.push(sql`events as (${insertRows(domainEvents, events.map(domainEventRow), when)})`);
  }
  return sql.join(parts, sql`, `);
}

/**
 * Persists a finance decision in one statement: the conditional update (the status and version
 * the decision read must still hold, else another finance user won the race), the release of
 * the vouchers of a denial, the audit record and the events, which are written only if the
 * update was. The loser gets a refusal and nothing is written.
 */
export async function persistPaymentRequestDecision(
  tx: Executor,
  before: PaymentRequestState,
  decision: PaymentRequestDecision,
): Promise<void> {
  const changed = sql`select 1 from changed`;
  const release = decision.releasesVouchers
    ? sql`, released as (update ${paymentRequestVouchers} set live = false
        where payment_request_id in (select id from changed))`
    : sql``;
  const result = await tx.execute(sql`with changed as (
      update ${paymentRequests} set ${setClause(paymentRequests, decision.changes)}
      where ${and(
        eq(paymentRequests.id, before.id),
        eq(paymentRequests.status, before.status),
        eq(paymentRequests.version, before.version),
      )}
      returning id
    )${release}, ${recordsOf(decision.audit, decision.events, changed)}
    select count(*)::int as changed from changed`);
  const [row] = resultRows<{ changed: number }>(result);
  if (row && Number(row.changed) === 1) {
    return;
  }
  const [current] = await tx
    .select({ status: paymentRequests.status })
    .from(paymentRequests)
    .where(eq(paymentRequests.id, before.id));
  if (current && current.status !== before.status) {
    throw refusal('invalid-transition', 'race.paymentRequestNow', {
      reference: before.reference,
      status: current.status,
    });
  }
  throw refusal('concurrent-update', 'race.paymentRequest', { reference: before.reference });
}

/**
 * Persists a submission in one statement: the request, its vouchers (in voucher id order, so
 * that overlapping requests queue on the live index, never deadlock), the audit record and the
 * event. Of two requests racing for a voucher, the partial unique index lets one commit.
 */
export async function persistSubmission(tx: Executor, decision: SubmissionDecision): Promise<void> {
  const lines = [...decision.vouchers]
    .sort((a, b) => (a.voucherId < b.voucherId ? -1 : 1))
    .map((v) => ({
      paymentRequestId: decision.request.id,
      voucherId: v.voucherId,
      days: v.days,
      amountMinor: v.amountMinor,
    }));
  await tx.execute(sql`with request as (${insertRows(paymentRequests, [decision.request])}),
    lines as (${insertRows(paymentRequestVouchers, lines)}),
    ${recordsOf(decision.audit, decision.events)}
    select 1`);
}

/** The refusal for vouchers already in a live request, naming the voucher and the request. */
export async function alreadyInLiveRequest(db: Executor, voucherIds: string[]): Promise<DomainError | null> {
  const [live] = await db
    .select({ code: vouchers.code, reference: paymentRequests.reference })
    .from(paymentRequestVouchers)
    .innerJoin(paymentRequests, eq(paymentRequests.id, paymentRequestVouchers.paymentRequestId))
    .innerJoin(vouchers, eq(vouchers.id, paymentRequestVouchers.voucherId))
    .where(and(inArray(paymentRequestVouchers.voucherId, voucherIds), eq(paymentRequestVouchers.live, true)))
    .orderBy(asc(vouchers.code))
    .limit(1);
  if (!live) {
    return null;
  }
  return refusal('invalid-transition', 'payment.alreadyInRequest', { code: live.code, reference: live.reference });
}

/** SQLSTATE 23505 on the named unique index, whichever driver (and Drizzle wrapper) raised it. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null;) {
    const candidate = e as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (
      candidate.code === '23505' &&
      (candidate.constraint === constraint ||
        (typeof candidate.message === 'string' && candidate.message.includes(constraint)))
    ) {
      return true;
    }
    e = candidate.cause;
  }
  return false;
}
