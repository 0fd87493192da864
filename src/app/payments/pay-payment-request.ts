import { decidePay } from '../../domain/payment-request-decisions.js';
import { paymentRequestTransitions } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePaymentRequest, persistPaymentRequestDecision } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface PayPaymentRequestInput {
  paymentReference: string;
  paidOn: string;
}

/**
 * Finance marks an approved request paid, with the payment reference and date ("paid (payment
 * reference, date)"). Invariant 2: a voucher is paid at most once — only an approved request is
 * paid, once, by a conditional update.
 */
export async function payPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: PayPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, ...paymentRequestTransitions.pay.roles);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const snapshot = await loadVisiblePaymentRequest(tx, actor, id);
    const decision = decidePay(snapshot, { caller: actor, ...input }, now);
    await persistPaymentRequestDecision(tx, snapshot.request, decision);
    return presentPaymentRequest({ ...snapshot, request: decision.after }, actor, now);
  });
}
