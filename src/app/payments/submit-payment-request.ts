import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import {
  paymentRegistrations,
  paymentRequests,
  paymentRequestVouchers,
  programs,
  rates,
  vouchers,
} from '../../db/schema/index.js';
import { localDate } from '../../domain/calendar-dates.js';
import { DomainError } from '../../domain/errors.js';
import { paymentTotal } from '../../domain/money.js';
import { assertPayableBundle, assertWithinPaymentWindow, paymentReference } from '../../domain/payment-rules.js';
import { notFound, requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { toPolicy } from '../programs/present-program.js';
import {
  auditPaymentRequestChange,
  isUniqueViolation,
  nextPaymentRequestNumber,
  type RequestVoucher,
} from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface SubmitPaymentRequestInput {
  voucherIds: string[];
  invoiceNumber: string;
  invoiceDate: string;
}

/** The partial unique index behind "a voucher is in at most one live payment request". */
const liveVoucherIndex = 'payment_request_vouchers_live_key';

/** The refusal for vouchers already in a live request, naming the voucher and the request. */
async function alreadyInLiveRequest(db: Executor, voucherIds: string[]): Promise<DomainError | null> {
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
  return new DomainError(
    'invalid-transition',
    `voucher ${live.code} is already in payment request ${live.reference}; a voucher is in at most one live request`,
  );
}

/**
 * Submit a payment request (seed step 8): redeemed vouchers held by the caller's partner, of one
 * program and one delivery country, each within its 60-day window, none in another live
 * request; the partner registered for payments in the program; total = Σ days × the delivery
 * country's daily rate, computed here. A reference number is issued.
 *
 * Two requests racing for one voucher both pass the check above; the partial unique index on
 * `payment_request_vouchers(voucher_id) where live` lets exactly one of them commit.
 */
export async function submitPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  input: SubmitPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, 'partner_admin', 'global_admin');
  const now = ctx.clock.now();
  const voucherIds = [...new Set(input.voucherIds)].sort();
  try {
    return await ctx.db.transaction(async (tx) => {
      const rows = await tx
        .select({ voucher: vouchers, program: programs })
        .from(vouchers)
        .innerJoin(programs, eq(programs.id, vouchers.programId))
        .where(inArray(vouchers.id, voucherIds));
      // Another partner's voucher is the same 404 as a missing one.
      for (const id of voucherIds) {
        const row = rows.find((r) => r.voucher.id === id);
        if (!row || row.voucher.partnerId !== actor.organizationId) {
          throw notFound('voucher', id);
        }
      }
      const bundle = rows.map((r) => r.voucher).sort((a, b) => a.code.localeCompare(b.code));
      const { programId, deliveryCountry } = assertPayableBundle(bundle);
      const program = rows.find((r) => r.program.id === programId)!.program;
      const policy = toPolicy(program);
      const today = localDate(now, policy.timeZone);
      if (input.invoiceDate > today) {
        throw new DomainError(
          'validation-failed',
          `the invoice date ${input.invoiceDate} is in the future (today is ${today})`,
          {
            errors: [{ path: 'body.invoiceDate', message: 'must not be in the future' }],
          },
        );
      }
      const [registration] = await tx
        .select({ id: paymentRegistrations.id })
        .from(paymentRegistrations)
        .where(
          and(eq(paymentRegistrations.partnerId, actor.organizationId), eq(paymentRegistrations.programId, programId)),
        );
      if (!registration) {
        throw new DomainError(
          'policy-violation',
          `register for payments first: your organisation has no payment registration for ${program.name} (the global admin registers, after the first redemption)`,
        );
      }
      for (const voucher of bundle) {
        assertWithinPaymentWindow(policy, voucher, now);
      }
      const live = await alreadyInLiveRequest(tx, voucherIds);
      if (live) {
        throw live;
      }
      const [rate] = await tx
        .select()
        .from(rates)
        .where(and(eq(rates.programId, programId), eq(rates.country, deliveryCountry)));
      if (!rate) {
        throw new DomainError(
          'policy-violation',
          `${program.name} has no daily rate for ${deliveryCountry}, the delivery country; the operator must set one before payment requests can be submitted`,
        );
      }
      const dailyRate = { amountMinor: rate.amountMinor, currency: rate.currency };
      // "Engagements must be billed at the rate where the services are performed."
      const total = paymentTotal(
        bundle.map((v) => v.days),
        dailyRate,
      );
      const number = await nextPaymentRequestNumber(tx);
      const [request] = await tx
        .insert(paymentRequests)
        .values({
          number,
          reference: paymentReference(number, now, policy),
          partnerId: actor.organizationId,
          programId,
          deliveryCountry,
          status: 'submitted',
          invoiceNumber: input.invoiceNumber,
          invoiceDate: input.invoiceDate,
          totalMinor: total.amountMinor,
          currency: total.currency,
          createdAt: now,
          submittedBy: actor.userId,
        })
        .returning();
      const requestVouchers: RequestVoucher[] = bundle.map((v) => ({
        voucherId: v.id,
        code: v.code,
        days: v.days,
        amountMinor: paymentTotal([v.days], dailyRate).amountMinor,
      }));
      // Inserted in voucher id order, so that overlapping requests queue on the index, never deadlock.
      await tx.insert(paymentRequestVouchers).values(
        [...requestVouchers]
          .sort((a, b) => (a.voucherId < b.voucherId ? -1 : 1))
          .map((v) => ({
            paymentRequestId: request!.id,
            voucherId: v.voucherId,
            days: v.days,
            amountMinor: v.amountMinor,
          })),
      );
      await auditPaymentRequestChange(tx, {
        actorId: actor.userId,
        at: now,
        action: 'payment-request.submitted',
        before: null,
        after: request!,
        vouchers: requestVouchers,
      });
      return presentPaymentRequest(request!, requestVouchers, policy, now);
    });
  } catch (error) {
    if (isUniqueViolation(error, liveVoucherIndex)) {
      // Lost the race: the winner has committed (the index waited for it), so it can be named.
      throw (
        (await alreadyInLiveRequest(ctx.db, voucherIds)) ??
        new DomainError('concurrent-update', 'a voucher was put in another payment request at the same moment; retry')
      );
    }
    throw error;
  }
}
