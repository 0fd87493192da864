import type { Executor } from '../../db/connection.js';
import { recordAudit } from '../audit.js';
import { voucherOwners, type VoucherRow } from './voucher-store.js';

/** Domain invariant 5 for vouchers: one audit record per change, readable by both parties. */
export async function auditVoucherChange(
  tx: Executor,
  input: { actorId: string | null; at: Date; action: string; before: VoucherRow | null; after: VoucherRow },
): Promise<void> {
  const owners = new Set([...voucherOwners(input.after), ...(input.before ? voucherOwners(input.before) : [])]);
  await recordAudit(tx, {
    at: input.at,
    actorId: input.actorId,
    organizationIds: [...owners],
    action: input.action,
    entityType: 'voucher',
    entityId: input.after.id,
    before: input.before,
    after: input.after,
  });
}
