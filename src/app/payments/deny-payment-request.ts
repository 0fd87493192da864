import { eq } from 'drizzle-orm';
import { paymentRequestVouchers } from '../../db/schema/index.js';
import { assertPaymentTransition, type DenialReason } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { auditPaymentRequestChange, loadVisiblePaymentRequest, updatePaymentRequestIf } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface DenyPaymentRequestInput {
  reason: DenialReason;
  detail: string;
}

/**
 * Finance denies a submitted request with a reason from the program's list. "A denied request's
 * vouchers may go into a new request within their windows": its vouchers stop being live in
 * the same transaction, which frees them under the partial unique index.
 */
export async function denyPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: DenyPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, 'finance');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { request, policy, vouchers } = await loadVisiblePaymentRequest(tx, actor, id);
    const status = assertPaymentTransition('deny', request.status, request.reference);
    const after = await updatePaymentRequestIf(tx, request, {
      status,
      deniedAt: now,
      deniedBy: actor.userId,
      denialReason: input.reason,
      denialDetail: input.detail,
    });
    await tx
      .update(paymentRequestVouchers)
      .set({ live: false })
      .where(eq(paymentRequestVouchers.paymentRequestId, request.id));
    await auditPaymentRequestChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'payment-request.denied',
      before: request,
      after,
    });
    return presentPaymentRequest(after, vouchers, policy, now);
  });
}
