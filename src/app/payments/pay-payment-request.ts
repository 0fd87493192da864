import { DomainError } from '../../domain/errors.js';
import { assertPaymentTransition, paidOnProblem } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { auditPaymentRequestChange, loadVisiblePaymentRequest, updatePaymentRequestIf } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface PayPaymentRequestInput {
  paymentReference: string;
  paidOn: string;
}

/**
 * Finance marks an approved request paid, with the payment reference and date ("paid (payment
 * reference, date)"). The date is not in the future and not before the approval, both
 * program-local. Invariant 2: a voucher is paid at most once — only an approved request is paid,
 * once, by a conditional update.
 */
export async function payPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: PayPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, 'finance');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { request, policy, vouchers } = await loadVisiblePaymentRequest(tx, actor, id);
    const status = assertPaymentTransition('pay', request.status, request.reference);
    const problem = paidOnProblem(policy, input.paidOn, request.approvedAt!, now);
    if (problem) {
      throw new DomainError('validation-failed', `paidOn ${input.paidOn} ${problem}`, {
        errors: [{ path: 'body.paidOn', message: problem }],
      });
    }
    const after = await updatePaymentRequestIf(tx, request, {
      status,
      paidAt: now,
      paidOn: input.paidOn,
      paymentReference: input.paymentReference,
    });
    await auditPaymentRequestChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'payment-request.paid',
      before: request,
      after,
    });
    return presentPaymentRequest(after, vouchers, policy, now);
  });
}
