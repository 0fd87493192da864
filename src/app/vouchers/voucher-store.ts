import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { engagementTypes, programs, vouchers } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import type { VoucherStatus } from '../../domain/voucher-lifecycle.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import { toPolicy } from '../programs/present-program.js';

export type VoucherRow = typeof vouchers.$inferSelect;
export type EngagementTypeRow = typeof engagementTypes.$inferSelect;

export interface LoadedVoucher {
  voucher: VoucherRow;
  engagementType: EngagementTypeRow;
  policy: ProgramPolicy;
}

/** Who may see a voucher: its customer, the partner holding it, operators. */
export function voucherOwners(voucher: VoucherRow): string[] {
  return voucher.partnerId ? [voucher.organizationId, voucher.partnerId] : [voucher.organizationId];
}

export async function loadVoucher(tx: Executor, id: string): Promise<LoadedVoucher | undefined> {
  const [row] = await tx
    .select({ voucher: vouchers, engagementType: engagementTypes, program: programs })
    .from(vouchers)
    .innerJoin(engagementTypes, eq(engagementTypes.id, vouchers.engagementTypeId))
    .innerJoin(programs, eq(programs.id, vouchers.programId))
    .where(eq(vouchers.id, id));
  return row ? { voucher: row.voucher, engagementType: row.engagementType, policy: toPolicy(row.program) } : undefined;
}

/** A voucher the actor may see; another organisation's voucher is the same 404 as a missing one. */
export async function loadVisibleVoucher(tx: Executor, actor: Actor, id: string): Promise<LoadedVoucher> {
  const loaded = await loadVoucher(tx, id);
  requireVisible(actor, loaded, (l) => voucherOwners(l.voucher), 'voucher', id);
  return loaded!;
}

/**
 * The conditional update every voucher change goes through: the status and version read by the
 * decision must still hold, else someone else won the race and nothing is written.
 */
export async function updateVoucherIf(
  tx: Executor,
  expected: { id: string; status: VoucherStatus; version: number },
  set: Partial<Omit<VoucherRow, 'id' | 'version'>>,
): Promise<VoucherRow> {
  const [row] = await tx
    .update(vouchers)
    .set({ ...set, version: expected.version + 1 })
    .where(
      and(eq(vouchers.id, expected.id), eq(vouchers.status, expected.status), eq(vouchers.version, expected.version)),
    )
    .returning();
  if (row) {
    return row;
  }
  const [current] = await tx.select({ status: vouchers.status }).from(vouchers).where(eq(vouchers.id, expected.id));
  if (current && current.status !== expected.status) {
    throw new DomainError(
      'invalid-transition',
      `the voucher is now ${current.status}: another request changed it first`,
    );
  }
  throw new DomainError(
    'concurrent-update',
    'the voucher was changed by another request at the same moment; read it again and retry',
  );
}
