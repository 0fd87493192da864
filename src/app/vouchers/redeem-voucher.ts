import { sql } from 'drizzle-orm';
import { engagementTypes, vouchers } from '../../db/schema/index.js';
import { decideRedeem } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { partnerFactsSql, toPartnerFacts } from '../partners/partner-facts-sql.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVisibleVoucher } from './voucher-store.js';

/**
 * Redeem (seed step 7): needs the completion report (status `completed`), before expiry, on or
 * before the last redemption day, the engagement competency still held, and a location in the
 * delivery country. Sets the last day of the payment window.
 */
export async function redeemVoucher(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // One query: the voucher and the holding partner's standing (the actor's organisation).
    const loaded = await loadVisibleVoucher(tx, actor, voucherId, {
      statement: 'redeem',
      values: { partnerId: actor.organizationId },
      extra: (p) => ({
        partner: partnerFactsSql(p('partnerId'), sql`${vouchers.programId}`, sql`${engagementTypes.offeringCode}`),
      }),
    });
    const decision = decideRedeem(loaded.voucher, {
      ...decisionFacts(actor, loaded, now),
      engagementType: loaded.engagementType,
      partner: toPartnerFacts(loaded.extra.partner),
    });
    const after = await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return presentAfter(actor, loaded, after, now);
  });
}
