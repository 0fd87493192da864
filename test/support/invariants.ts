import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../src/db/connection.js';
import { agreements, auditEvents, ledgerEntries, vouchers } from '../../src/db/schema/index.js';
import { ledgerInvariantViolations } from '../../src/domain/ledger.js';

/**
 * Checks of domain.md's invariants over the whole database, shared by the race tests and the
 * property-based tests. Each returns the broken facts as readable lines, empty when all hold.
 */

const ended = new Set(['cancelled', 'expired']);

/**
 * Invariant 1 per agreement (via `ledgerInvariantViolations`), plus the per-voucher form of it:
 * every voucher has exactly one allocation of −days, and at most one return, present exactly
 * when it ended without forfeiting its days ("days returned at most once").
 */
export async function ledgerViolations(db: Database): Promise<string[]> {
  const agreementRows = await db.select({ id: agreements.id, balance: agreements.balance }).from(agreements);
  const entries = await db
    .select({
      agreementId: ledgerEntries.agreementId,
      kind: ledgerEntries.kind,
      days: ledgerEntries.days,
      voucherId: ledgerEntries.voucherId,
    })
    .from(ledgerEntries);
  const voucherRows = await db
    .select({
      id: vouchers.id,
      agreementId: vouchers.agreementId,
      days: vouchers.days,
      status: vouchers.status,
      forfeitedDays: vouchers.forfeitedDays,
    })
    .from(vouchers);
  const violations: string[] = [];
  for (const agreement of agreementRows) {
    const own = voucherRows.filter((v) => v.agreementId === agreement.id);
    const facts = {
      entries: entries.filter((e) => e.agreementId === agreement.id),
      balance: agreement.balance,
      daysOnLiveOrUsedVouchers: own.filter((v) => !ended.has(v.status)).reduce((sum, v) => sum + v.days, 0),
      forfeitedDays: own.filter((v) => ended.has(v.status)).reduce((sum, v) => sum + v.forfeitedDays, 0),
    };
    violations.push(...ledgerInvariantViolations(facts).map((v) => `agreement ${agreement.id}: ${v}`));
  }
  const byVoucher = new Map<string, { kind: string; days: number }[]>();
  for (const entry of entries) {
    if (entry.voucherId) {
      byVoucher.set(entry.voucherId, [...(byVoucher.get(entry.voucherId) ?? []), entry]);
    }
  }
  for (const voucher of voucherRows) {
    const own = byVoucher.get(voucher.id) ?? [];
    const allocations = own.filter((e) => e.kind === 'voucher_allocation');
    const returns = own.filter((e) => e.kind === 'voucher_return');
    if (allocations.length !== 1 || allocations[0]!.days !== -voucher.days) {
      violations.push(`voucher ${voucher.id}: allocations ${JSON.stringify(allocations)} for ${voucher.days} days`);
    }
    const shouldReturn = ended.has(voucher.status) && voucher.forfeitedDays === 0;
    if (returns.length !== (shouldReturn ? 1 : 0) || returns.some((e) => e.days !== voucher.days)) {
      violations.push(
        `voucher ${voucher.id} (${voucher.status}, forfeited ${voucher.forfeitedDays}): returns ${JSON.stringify(returns)}`,
      );
    }
    if (ended.has(voucher.status) && voucher.forfeitedDays !== 0 && voucher.forfeitedDays !== voucher.days) {
      violations.push(`voucher ${voucher.id}: forfeited ${voucher.forfeitedDays} of ${voucher.days} days`);
    }
  }
  return violations;
}

interface VoucherSnapshot {
  status?: string;
  version?: number;
}

export type VoucherAuditEvent = typeof auditEvents.$inferSelect;

/**
 * Invariants 2 and 5 from the audit trail: every voucher's records form one unbroken chain
 * (each record's `before` is the previous record's `after`, the version moves by exactly one),
 * starting with its creation and ending at the voucher's current status and version. Since every
 * change bumps the version, this is "exactly one audit record per state change"; since the chain
 * is linear, no two partners held it at once and it was redeemed at most once.
 */
export async function voucherAuditViolations(db: Database): Promise<string[]> {
  const voucherRows = await db
    .select({ id: vouchers.id, status: vouchers.status, version: vouchers.version })
    .from(vouchers);
  const events = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityType, 'voucher'))
    .orderBy(asc(auditEvents.id));
  const byVoucher = new Map<string, VoucherAuditEvent[]>();
  for (const event of events) {
    byVoucher.set(event.entityId, [...(byVoucher.get(event.entityId) ?? []), event]);
  }
  const violations: string[] = [];
  for (const voucher of voucherRows) {
    const trail = byVoucher.get(voucher.id) ?? [];
    const problem = (message: string) =>
      violations.push(`voucher ${voucher.id}: ${message} (trail: ${trail.map((e) => e.action).join(', ')})`);
    if (trail[0]?.action !== 'voucher.created' || trail[0].before !== null) {
      problem('the first audit record is not its creation');
      continue;
    }
    let status = (trail[0].after as VoucherSnapshot).status;
    let version = (trail[0].after as VoucherSnapshot).version;
    for (const event of trail.slice(1)) {
      const before = event.before as VoucherSnapshot | null;
      const after = event.after as VoucherSnapshot | null;
      if (before?.version !== version || after?.version !== version! + 1) {
        problem(
          `${event.action} goes from version ${before?.version} to ${after?.version}, expected ${version} to ${version! + 1}`,
        );
      }
      if (before?.status !== undefined && before.status !== status) {
        problem(`${event.action} starts from ${before.status} but the voucher was ${status}`);
      }
      version = after?.version;
      status = after?.status ?? status;
    }
    if (version !== voucher.version || status !== voucher.status) {
      problem(`the trail ends at ${status} v${version}, the voucher is ${voucher.status} v${voucher.version}`);
    }
    if (trail.filter((e) => e.action === 'voucher.redeemed').length > 1) {
      problem('redeemed more than once');
    }
  }
  return violations;
}
