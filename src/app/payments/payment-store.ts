import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import { paymentRequests, paymentRequestVouchers, programs, vouchers } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { PaymentRequestStatus } from '../../domain/payment-rules.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import { recordAudit } from '../audit.js';
import { toPolicy } from '../programs/present-program.js';

export type PaymentRequestRow = typeof paymentRequests.$inferSelect;

export interface RequestVoucher {
  voucherId: string;
  code: string;
  days: number;
  amountMinor: number;
}

export interface LoadedPaymentRequest {
  request: PaymentRequestRow;
  policy: ProgramPolicy;
  vouchers: RequestVoucher[];
}

/** The vouchers of each request, in voucher code order. */
export async function loadRequestVouchers(tx: Executor, requestIds: string[]): Promise<Map<string, RequestVoucher[]>> {
  const byRequest = new Map<string, RequestVoucher[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) {
    return byRequest;
  }
  const rows = await tx
    .select({
      paymentRequestId: paymentRequestVouchers.paymentRequestId,
      voucherId: paymentRequestVouchers.voucherId,
      code: vouchers.code,
      days: paymentRequestVouchers.days,
      amountMinor: paymentRequestVouchers.amountMinor,
    })
    .from(paymentRequestVouchers)
    .innerJoin(vouchers, eq(vouchers.id, paymentRequestVouchers.voucherId))
    .where(inArray(paymentRequestVouchers.paymentRequestId, requestIds))
    .orderBy(asc(vouchers.code));
  for (const { paymentRequestId, ...voucher } of rows) {
    byRequest.get(paymentRequestId)?.push(voucher);
  }
  return byRequest;
}

/**
 * A payment request the actor may see: its partner and operators. Customers, other partners and
 * absent ids all get the same 404 (conventions.md §7).
 */
export async function loadVisiblePaymentRequest(tx: Executor, actor: Actor, id: string): Promise<LoadedPaymentRequest> {
  const [row] = await tx
    .select({ request: paymentRequests, program: programs })
    .from(paymentRequests)
    .innerJoin(programs, eq(programs.id, paymentRequests.programId))
    .where(eq(paymentRequests.id, id));
  requireVisible(actor, row, (r) => r.request.partnerId, 'payment request', id);
  const { request, program } = row!;
  const requestVouchers = await loadRequestVouchers(tx, [request.id]);
  return { request, policy: toPolicy(program), vouchers: requestVouchers.get(request.id) ?? [] };
}

/**
 * The conditional update every payment request change goes through: the status and version read
 * by the decision must still hold, else another finance user won the race and nothing is written.
 */
export async function updatePaymentRequestIf(
  tx: Executor,
  expected: { id: string; reference: string; status: PaymentRequestStatus; version: number },
  set: Partial<Omit<PaymentRequestRow, 'id' | 'version' | 'number' | 'reference'>>,
): Promise<PaymentRequestRow> {
  const [row] = await tx
    .update(paymentRequests)
    .set({ ...set, version: expected.version + 1 })
    .where(
      and(
        eq(paymentRequests.id, expected.id),
        eq(paymentRequests.status, expected.status),
        eq(paymentRequests.version, expected.version),
      ),
    )
    .returning();
  if (row) {
    return row;
  }
  const [current] = await tx
    .select({ status: paymentRequests.status })
    .from(paymentRequests)
    .where(eq(paymentRequests.id, expected.id));
  if (current && current.status !== expected.status) {
    throw new DomainError(
      'invalid-transition',
      `payment request ${expected.reference} is now ${current.status}: another request changed it first`,
    );
  }
  throw new DomainError(
    'concurrent-update',
    `payment request ${expected.reference} was changed by another request at the same moment; read it again and retry`,
  );
}

/** Domain invariant 5 for payment requests: one audit record per change, readable by the partner. */
export async function auditPaymentRequestChange(
  tx: Executor,
  input: {
    actorId: string;
    at: Date;
    action: string;
    before: PaymentRequestRow | null;
    after: PaymentRequestRow;
    vouchers?: RequestVoucher[];
  },
): Promise<void> {
  await recordAudit(tx, {
    at: input.at,
    actorId: input.actorId,
    organizationIds: [input.after.partnerId],
    action: input.action,
    entityType: 'payment-request',
    entityId: input.after.id,
    before: input.before,
    after: input.vouchers ? { ...input.after, vouchers: input.vouchers } : input.after,
  });
}

/** The next serial number of a request, taken before the insert so that the reference can use it. */
export async function nextPaymentRequestNumber(tx: Executor): Promise<number> {
  const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('payment_requests', 'number')) as number`);
  // bigint comes back as a string.
  const [row] = resultRows<{ number: string | number }>(result);
  return Number(row!.number);
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
