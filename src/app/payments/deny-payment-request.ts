import { decideDeny } from '../../domain/payment-request-decisions.js';
import { paymentRequestTransitions, type DenialReason } from '../../domain/payment-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePaymentRequest, persistPaymentRequestDecision } from './payment-store.js';
import { presentPaymentRequest, type PaymentRequestView } from './present-payment-request.js';

export interface DenyPaymentRequestInput {
  reason: DenialReason;
  detail: string;
}

/**
 * Finance denies a submitted request with a reason from the program's list. "A denied request's
 * vouchers may go into a new request within their windows": its vouchers stop being live in
 * the same statement, which frees them under the partial unique index.
 */
export async function denyPaymentRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: DenyPaymentRequestInput,
): Promise<PaymentRequestView> {
  requireRole(actor, ...paymentRequestTransitions.deny.roles);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const snapshot = await loadVisiblePaymentRequest(tx, actor, id);
    const decision = decideDeny(snapshot, { caller: actor, ...input }, now);
    await persistPaymentRequestDecision(tx, snapshot.request, decision);
    return presentPaymentRequest({ ...snapshot, request: decision.after }, actor, now);
  });
}
