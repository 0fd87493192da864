import { DomainError } from '../../domain/errors.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertNotExpired } from '../../domain/voucher-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { loadVisibleVoucher, updateVoucherIf } from './voucher-store.js';

/**
 * Release (the VVR "cancel reservation"): back to `assigned`, eligible for a new reservation,
 * with its expiry unchanged (program-facts.md §5, T3).
 */
export async function releaseReservation(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { voucher, engagementType, policy } = await loadVisibleVoucher(tx, actor, voucherId);
    if (actor.organizationKind === 'partner' && voucher.partnerId !== actor.organizationId) {
      throw new DomainError('not-found', `voucher ${voucherId} was not found`);
    }
    assertTransition('release', voucher.status);
    assertNotExpired(voucher.expiresAt, now, 'release the reservation');
    const after = await updateVoucherIf(tx, voucher, {
      status: 'assigned',
      partnerId: null,
      locationId: null,
      deliveryCountry: null,
      plannedStart: null,
      plannedEnd: null,
      reservedAt: null,
      reservedBy: null,
    });
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.released',
      before: voucher,
      after,
    });
    return presentVoucher(after, engagementType, policy);
  });
}
