import { eq } from 'drizzle-orm';
import { agreements, vouchers } from '../../db/schema/index.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertNotExpired, daysOutcomeAtEnd } from '../../domain/voucher-rules.js';
import { requireRole } from '../access.js';
import { postLedgerEntry } from '../agreements/ledger.js';
import type { Actor, AppContext } from '../context.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { loadVisibleVoucher, updateVoucherIf } from './voucher-store.js';

/**
 * The benefit admin cancels a voucher nobody reserved (our decision, domain.md). Its days go
 * back to the agreement as `voucher_return` if the agreement is active and the remaining days
 * were not yet removed; otherwise they are forfeited and recorded on the voucher.
 */
export async function cancelVoucher(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // Locks in the sweep's order, voucher then agreement: the sweep claims vouchers (SKIP LOCKED)
    // and then moves their agreements' balances, so taking the agreement first deadlocked a
    // cancel racing the sweep at the expiry instant. Holding the voucher makes the sweep skip it.
    await tx.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.id, voucherId)).for('update');
    const { voucher, engagementType, policy } = await loadVisibleVoucher(tx, actor, voucherId);
    assertTransition('cancel', voucher.status);
    // "Actions need now < expiry": past its expiry the voucher is expired, swept or not; the
    // sweep decides its days at the expiry instant.
    assertNotExpired(voucher.expiresAt, now, 'cancel the voucher');
    const [agreement] = await tx.select().from(agreements).where(eq(agreements.id, voucher.agreementId)).for('update');
    const outcome = daysOutcomeAtEnd(policy, agreement!, now);
    const after = await updateVoucherIf(tx, voucher, {
      status: 'cancelled',
      endedAt: now,
      forfeitedDays: outcome === 'forfeit' ? voucher.days : 0,
    });
    if (outcome === 'return') {
      await postLedgerEntry(tx, {
        agreementId: voucher.agreementId,
        kind: 'voucher_return',
        days: voucher.days,
        at: now,
        voucherId: voucher.id,
        actorId: actor.userId,
        note: 'voucher cancelled',
      });
    }
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.cancelled',
      before: voucher,
      after,
    });
    return presentVoucher(after, engagementType, policy);
  });
}
