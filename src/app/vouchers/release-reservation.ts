import { decideRelease } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVisibleVoucher } from './voucher-store.js';

/**
 * Release (the VVR "cancel reservation"): back to `assigned`, eligible for a new reservation,
 * with its expiry unchanged (program-facts.md §5, T3).
 */
export async function releaseReservation(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadVisibleVoucher(tx, actor, voucherId, { statement: 'release' });
    const decision = decideRelease(loaded.voucher, decisionFacts(actor, loaded, now));
    const after = await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return presentAfter(actor, loaded, after, now);
  });
}
