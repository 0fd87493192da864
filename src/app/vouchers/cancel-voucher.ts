import { sql } from 'drizzle-orm';
import { vouchers } from '../../db/schema/index.js';
import { decideCancel } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVisibleVoucher } from './voucher-store.js';

/**
 * The benefit admin cancels a voucher nobody reserved (our decision, domain.md). Its days go
 * back to the agreement as `voucher_return` if the agreement is active and the remaining days
 * were not yet removed; otherwise they are forfeited and recorded on the voucher.
 */
export async function cancelVoucher(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Locks the voucher only (the sweep's order: voucher, then agreement): the sweep skips a
    // locked voucher, and the balance update of the persisting statement takes the agreement.
    const loaded = await loadVisibleVoucher(tx, actor, voucherId, {
      lock: true,
      statement: 'cancel',
      extra: {
        agreement: sql`(select json_build_object('endsOn', a.ends_on, 'daysRemovedAt', a.days_removed_at)
          from agreements a where a.id = ${vouchers.agreementId})`,
      },
    });
    const agreement = loaded.extra.agreement as { endsOn: string; daysRemovedAt: string | null };
    const decision = decideCancel(loaded.voucher, {
      ...decisionFacts(actor, loaded, now),
      agreement: {
        endsOn: agreement.endsOn,
        daysRemovedAt: agreement.daysRemovedAt === null ? null : new Date(agreement.daysRemovedAt),
      },
    });
    const after = await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return presentAfter(actor, loaded, after, now);
  });
}
