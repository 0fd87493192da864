import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { enqueueEmail } from '../platform/outbox.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertNotExpired } from '../../domain/voucher-rules.js';
import { loadProjectManager } from './create-voucher.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { voucherCodeEmail } from './voucher-emails.js';
import { loadVisibleVoucher, updateVoucherIf } from './voucher-store.js';

/** "The PM may be changed until reservation"; the new PM receives the code. */
export async function changeProjectManager(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: { projectManagerId: string },
): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { voucher, engagementType, policy } = await loadVisibleVoucher(tx, actor, voucherId);
    assertTransition('changeProjectManager', voucher.status);
    // "Actions need now < expiry": an expired voucher's code is not sent again.
    assertNotExpired(voucher.expiresAt, now, 'change the project manager');
    const pm = await loadProjectManager(tx, voucher.organizationId, input.projectManagerId);
    const after = await updateVoucherIf(tx, voucher, { projectManagerId: pm.id });
    const view = presentVoucher(after, engagementType, policy);
    await enqueueEmail(tx, voucherCodeEmail(pm, view), now);
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.project-manager-changed',
      before: voucher,
      after,
    });
    return view;
  });
}
