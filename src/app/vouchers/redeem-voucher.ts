import { localDate } from '../../domain/calendar-dates.js';
import { assertRequirementsMet, deliveryRequirements, locationRequirement } from '../../domain/eligibility.js';
import { assertRedemptionDayAllowed, paymentDueBy } from '../../domain/program-policy.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertNotExpired } from '../../domain/voucher-rules.js';
import { notFound, requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadPartnerFacts } from '../partners/partner-facts.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { loadVisibleVoucher, updateVoucherIf } from './voucher-store.js';

/**
 * Redeem (seed step 7): needs the completion report (status `completed`), before expiry, on or
 * before the last redemption day, the engagement competency still held, and a location in the
 * delivery country. Sets the last day of the payment window.
 */
export async function redeemVoucher(ctx: AppContext, actor: Actor, voucherId: string): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { voucher, engagementType, policy } = await loadVisibleVoucher(tx, actor, voucherId);
    if (voucher.partnerId !== actor.organizationId) {
      throw notFound('voucher', voucherId);
    }
    assertTransition('redeem', voucher.status);
    assertNotExpired(voucher.expiresAt, now, 'redeem the voucher');
    assertRedemptionDayAllowed(policy, now);
    const facts = await loadPartnerFacts(tx, actor.organizationId, voucher.programId, engagementType.offeringCode);
    assertRequirementsMet(
      [
        ...deliveryRequirements(engagementType, facts, localDate(now, policy.timeZone)),
        locationRequirement(facts, voucher.deliveryCountry!),
      ],
      'redeem the voucher',
    );
    const after = await updateVoucherIf(tx, voucher, {
      status: 'redeemed',
      redeemedAt: now,
      paymentDueBy: paymentDueBy(policy, now),
    });
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.redeemed',
      before: voucher,
      after,
    });
    return presentVoucher(after, engagementType, policy);
  });
}
