/**
 * The days ledger (domain.md, "Customers and days"): append-only entries per agreement;
 * balance = Σ entries, never negative. Kinds and their signs:
 */
export const ledgerEntryKinds = [
  'accrual', // + operator, until the accrual end date
  'training_conversion', // + benefit admin, until the conversion end date
  'voucher_allocation', // − at voucher creation
  'voucher_return', // + when a voucher is cancelled or expires and its days go back
  'retirement_removal', // − all remaining days, on the removal date
  'adjustment', // ± operator, with a reason
] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];

export interface LedgerFacts {
  entries: readonly { kind: LedgerEntryKind; days: number }[];
  balance: number;
  /** Days on vouchers that are not cancelled or expired. */
  daysOnLiveOrUsedVouchers: number;
  /** Days forfeited by cancelled or expired vouchers. */
  forfeitedDays: number;
}

/**
 * Domain invariant 1: balance = Σ entries ≥ 0, and accruals + conversions + adjustments =
 * balance + days on vouchers not cancelled/expired + removed + forfeited. Returns the broken
 * parts, empty when it holds.
 */
export function ledgerInvariantViolations(facts: LedgerFacts): string[] {
  const sum = (kinds: LedgerEntryKind[]) =>
    facts.entries.filter((e) => kinds.includes(e.kind)).reduce((total, e) => total + e.days, 0);
  const violations: string[] = [];
  const total = sum([...ledgerEntryKinds]);
  if (total !== facts.balance) {
    violations.push(`balance ${facts.balance} ≠ Σ entries ${total}`);
  }
  if (facts.balance < 0) {
    violations.push(`balance ${facts.balance} < 0`);
  }
  const granted = sum(['accrual', 'training_conversion', 'adjustment']);
  const removed = -sum(['retirement_removal']);
  const accounted = facts.balance + facts.daysOnLiveOrUsedVouchers + removed + facts.forfeitedDays;
  if (granted !== accounted) {
    violations.push(
      `granted ${granted} ≠ balance ${facts.balance} + on vouchers ${facts.daysOnLiveOrUsedVouchers} + removed ${removed} + forfeited ${facts.forfeitedDays}`,
    );
  }
  return violations;
}
