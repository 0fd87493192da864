import { decideApprove } from '../../domain/payment-request-decisions.js';
import { paymentRequestTransitions } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePaymentRequest, persistPaymentRequestDecision } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

/**
 * Finance approves a submitted request ("Finance approves, denies with a reason, or marks paid").
 * Only the `finance` role: the operator's admin may not approve payments. The payment SLA
 * (30 days) runs from here. Authorise → load one snapshot → decide → persist once.
 */
export async function approvePaymentRequest(ctx: AppContext, actor: Actor, id: string): Promise<PaymentRequestView> {
  requireRole(actor, ...paymentRequestTransitions.approve.roles);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const snapshot = await loadVisiblePaymentRequest(tx, actor, id);
    const decision = decideApprove(snapshot, { caller: actor }, now);
    await persistPaymentRequestDecision(tx, snapshot.request, decision);
    return presentPaymentRequest({ ...snapshot, request: decision.after }, actor, now);
  });
}
