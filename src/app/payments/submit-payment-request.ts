import { randomUUID } from 'node:crypto';
import { decideSubmit } from '../../domain/payment-request-decisions.js';
import { refusal } from '../../domain/errors.js';
import { paymentRequestTransitions } from '../../domain/payment-rules.js';
import { notFound, requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { alreadyInLiveRequest, isUniqueViolation, loadSubmission, persistSubmission } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface SubmitPaymentRequestInput {
  voucherIds: string[];
  invoiceNumber: string;
  invoiceDate: string;
}

/** The partial unique index behind "a voucher is in at most one live payment request". */
const liveVoucherIndex = 'payment_request_vouchers_live_key';

/**
 * Submit a payment request (seed step 8): the rules are `decideSubmit`'s. Two statements: the
 * snapshot (vouchers, registration, rates, live requests, the serial number) and the persist.
 *
 * Two requests racing for one voucher both pass the live check; the partial unique index on
 * `payment_request_vouchers(voucher_id) where live` lets exactly one of them commit.
 */
export async function submitPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  input: SubmitPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, ...paymentRequestTransitions.submit.roles);
  const now = ctx.clock.now();
  const voucherIds = [...new Set(input.voucherIds)].sort();
  try {
    return await ctx.db.transaction(async (tx) => {
      const loaded = await loadSubmission(tx, actor.organizationId, voucherIds);
      // Another partner's voucher is the same 404 as a missing one.
      for (const id of voucherIds) {
        const voucher = loaded.vouchers.find((v) => v.id === id);
        if (!voucher || voucher.partnerId !== actor.organizationId) {
          throw notFound('voucher', id);
        }
      }
      const decision = decideSubmit(
        { vouchers: loaded.vouchers, id: randomUUID(), number: loaded.number },
        { caller: actor, invoiceNumber: input.invoiceNumber, invoiceDate: input.invoiceDate },
        now,
      );
      await persistSubmission(tx, decision);
      const policy = loaded.vouchers[0]!.program.policy;
      return presentPaymentRequest({ request: decision.request, vouchers: decision.vouchers, policy }, actor, now);
    });
  } catch (error) {
    if (isUniqueViolation(error, liveVoucherIndex)) {
      // Lost the race: the winner has committed (the index waited for it), so it can be named.
      throw (
        (await alreadyInLiveRequest(ctx.db, voucherIds)) ?? refusal('concurrent-update', 'race.voucherInOtherRequest')
      );
    }
    throw error;
  }
}
