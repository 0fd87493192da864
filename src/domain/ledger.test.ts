import { describe, expect, it } from 'vitest';
import { ledgerEntryKinds, ledgerInvariantViolations, type LedgerFacts } from './ledger.js';

// A history written out by hand: 40 accrued, 5 converted, +2 adjusted; vouchers of 5 (live),
// 10 (cancelled, returned), 3 (expired, forfeited); the rest (balance 26) removed on the
// removal date. Invariant: 40 + 5 + 2 = balance + 5 (on vouchers) + removed + 3 (forfeited).
const consistentBeforeRemoval: LedgerFacts = {
  entries: [
    { kind: 'accrual', days: 40 },
    { kind: 'training_conversion', days: 5 },
    { kind: 'adjustment', days: 2 },
    { kind: 'voucher_allocation', days: -5 },
    { kind: 'voucher_allocation', days: -10 },
    { kind: 'voucher_return', days: 10 },
    { kind: 'voucher_allocation', days: -3 },
  ],
  balance: 39,
  daysOnLiveOrUsedVouchers: 5,
  forfeitedDays: 3,
};
const consistentAfterRemoval: LedgerFacts = {
  ...consistentBeforeRemoval,
  entries: [...consistentBeforeRemoval.entries, { kind: 'retirement_removal', days: -39 }],
  balance: 0,
};

describe('ledgerInvariantViolations (domain invariant 1)', () => {
  it('names the six entry kinds of domain.md', () => {
    expect([...ledgerEntryKinds].sort()).toEqual(
      [
        'accrual',
        'adjustment',
        'retirement_removal',
        'training_conversion',
        'voucher_allocation',
        'voucher_return',
      ].sort(),
    );
  });

  it('finds nothing wrong with a consistent history, before and after the removal', () => {
    expect(ledgerInvariantViolations(consistentBeforeRemoval)).toEqual([]);
    expect(ledgerInvariantViolations(consistentAfterRemoval)).toEqual([]);
  });

  it('finds nothing wrong with an empty ledger', () => {
    expect(
      ledgerInvariantViolations({ entries: [], balance: 0, daysOnLiveOrUsedVouchers: 0, forfeitedDays: 0 }),
    ).toEqual([]);
  });

  it('reports a balance that is not the sum of the entries', () => {
    expect(ledgerInvariantViolations({ ...consistentBeforeRemoval, balance: 38 })).toContain(
      'balance 38 ≠ Σ entries 39',
    );
  });

  it('reports a negative balance even when it is the sum of the entries', () => {
    const facts: LedgerFacts = {
      entries: [
        { kind: 'accrual', days: 3 },
        { kind: 'voucher_allocation', days: -5 },
      ],
      balance: -2,
      daysOnLiveOrUsedVouchers: 5,
      forfeitedDays: 0,
    };
    expect(ledgerInvariantViolations(facts)).toEqual(['balance -2 < 0']);
  });

  it('reports days that vanished: granted ≠ balance + on vouchers + removed + forfeited', () => {
    // A voucher of 3 expired without return and without being recorded as forfeited.
    expect(ledgerInvariantViolations({ ...consistentBeforeRemoval, forfeitedDays: 0 })).toEqual([
      'granted 47 ≠ balance 39 + on vouchers 5 + removed 0 + forfeited 0',
    ]);
  });

  it('reports days counted twice: a returned voucher still counted as on a voucher', () => {
    expect(ledgerInvariantViolations({ ...consistentAfterRemoval, daysOnLiveOrUsedVouchers: 15 })).toEqual([
      'granted 47 ≠ balance 0 + on vouchers 15 + removed 39 + forfeited 3',
    ]);
  });

  it('counts a negative adjustment as taken from what was granted', () => {
    const facts: LedgerFacts = {
      entries: [
        { kind: 'accrual', days: 10 },
        { kind: 'adjustment', days: -4 },
      ],
      balance: 6,
      daysOnLiveOrUsedVouchers: 0,
      forfeitedDays: 0,
    };
    expect(ledgerInvariantViolations(facts)).toEqual([]);
    expect(ledgerInvariantViolations({ ...facts, balance: 10, entries: [facts.entries[0]!] })).toEqual([]);
    expect(ledgerInvariantViolations({ ...facts, daysOnLiveOrUsedVouchers: 4 })).toHaveLength(1);
  });
});
