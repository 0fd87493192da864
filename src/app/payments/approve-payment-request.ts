import { assertPaymentTransition } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { auditPaymentRequestChange, loadVisiblePaymentRequest, updatePaymentRequestIf } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

/**
 * Finance approves a submitted request ("Finance approves, denies with a reason, or marks paid").
 * Only the `finance` role: the operator's admin may not approve payments. The payment SLA
 * (30 days) runs from here.
 */
export async function approvePaymentRequest(ctx: AppContext, actor: Actor, id: string): Promise<PaymentRequestView> {
  requireRole(actor, 'finance');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { request, policy, vouchers } = await loadVisiblePaymentRequest(tx, actor, id);
    const status = assertPaymentTransition('approve', request.status, request.reference);
    const after = await updatePaymentRequestIf(tx, request, { status, approvedAt: now, approvedBy: actor.userId });
    await auditPaymentRequestChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'payment-request.approved',
      before: request,
      after,
    });
    return presentPaymentRequest(after, vouchers, policy, now);
  });
}
