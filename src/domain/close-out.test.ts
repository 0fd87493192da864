import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementEquationResults,
  agreementTerms,
  daysHoldingVoucherStatuses,
  describeEquation,
  endedVoucherStatuses,
  evaluateEquation,
  ledgerFigures,
  paymentFigures,
  programEquationResults,
  voucherEquation,
  type AgreementDays,
  type VoucherDays,
} from './close-out.js';
import { ledgerEntryKinds, ledgerInvariantViolations, type LedgerEntryKind } from './ledger.js';
import { voucherStatuses, type VoucherStatus } from './voucher-lifecycle.js';

const zeroDays: AgreementDays = Object.fromEntries(agreementTerms.map((term) => [term, 0])) as AgreementDays;

describe('the close-out figures', () => {
  it('give every ledger entry kind exactly one figure, and every figure is a term of the equations', () => {
    const kinds = Object.values(ledgerFigures).map((figure) => figure.kind);
    expect([...kinds].sort()).toEqual([...ledgerEntryKinds].sort());
    for (const figure of Object.keys(ledgerFigures)) {
      expect(agreementTerms).toContain(figure);
    }
  });

  it('split the voucher statuses into those that hold their days and the ended ones, with none left over', () => {
    expect([...daysHoldingVoucherStatuses, ...endedVoucherStatuses].sort()).toEqual([...voucherStatuses].sort());
    expect(endedVoucherStatuses).toEqual(['cancelled', 'expired']);
  });

  it('count payment requests by status: requested is not denied, outstanding is requested and not paid', () => {
    expect(paymentFigures).toEqual({
      requested: ['submitted', 'approved', 'paid'],
      approved: ['approved', 'paid'],
      paid: ['paid'],
      outstanding: ['submitted', 'approved'],
      denied: ['denied'],
    });
  });
});

describe('evaluateEquation', () => {
  it.each([
    ['one day short', 2042, -1, false],
    ['exact', 2043, 0, true],
    ['one day over', 2044, 1, false],
  ])('conservation %s: difference %i', (_label, accrued, difference, balanced) => {
    const days = { ...zeroDays, accrued, adjusted: 0, balance: 0, onVouchers: 13, removed: 2024, forfeited: 6 };
    const [, conservation] = agreementEquationResults(days);
    expect(conservation).toMatchObject({ id: 'conservation', difference, balanced });
    expect(conservation!.left.days).toBe(accrued);
    expect(conservation!.right.days).toBe(2043);
  });

  it('reads "≥ 0" as days below zero = 0, an empty side being 0', () => {
    const [, , notNegative] = agreementEquationResults({ ...zeroDays, belowZero: 3 });
    expect(notNegative).toMatchObject({ id: 'notNegative', difference: 3, balanced: false });
    expect(notNegative!.right).toEqual({ days: 0, terms: [] });
  });

  it('describes an equation with every term', () => {
    const result = evaluateEquation(voucherEquation, { allocated: 5, returned: 0, held: 7, forfeited: 0 });
    expect(describeEquation(result)).toBe('allocated 5 = 5; returned 0 + held 7 + forfeited 0 = 7');
    const [, , notNegative] = agreementEquationResults(zeroDays);
    expect(describeEquation(notNegative!)).toBe('belowZero 0 = 0; 0 = 0');
  });
});

describe('programEquationResults', () => {
  it('is unbalanced when agreements are, even if their differences cancel out in the sums', () => {
    // Agreement 1 is one day over and agreement 2 one day under: the sums balance.
    const results = programEquationResults(
      { ...zeroDays, accrued: 10, balance: 10, entries: 10 },
      {
        balance: 0,
        conservation: 2,
        notNegative: 0,
      },
    );
    const conservation = results.find((r) => r.id === 'conservation')!;
    expect(conservation.difference).toBe(0);
    expect(conservation.unbalancedAgreements).toBe(2);
    expect(conservation.balanced).toBe(false);
    expect(results.find((r) => r.id === 'balance')!.balanced).toBe(true);
  });
});

/**
 * A generated agreement whose history follows the rules: grants, then vouchers that each end
 * in one of their outcomes (live, redeemed, returned, forfeited), then maybe the removal.
 */
const outcome = fc.constantFrom<{ status: VoucherStatus; returned: boolean }>(
  ...daysHoldingVoucherStatuses.map((status) => ({ status, returned: false })),
  ...endedVoucherStatuses.flatMap((status) => [
    { status, returned: true },
    { status, returned: false },
  ]),
);
const history = fc.record({
  accrued: fc.integer({ min: 100, max: 500 }),
  adjusted: fc.integer({ min: -20, max: 20 }),
  vouchers: fc.array(fc.record({ days: fc.constantFrom(1, 3, 5, 10, 15), outcome }), { maxLength: 6 }),
  removal: fc.boolean(),
});
type History = typeof history extends fc.Arbitrary<infer H> ? H : never;

function play(h: History): {
  days: AgreementDays;
  vouchers: VoucherDays[];
  entries: { kind: LedgerEntryKind; days: number }[];
} {
  const entries: { kind: LedgerEntryKind; days: number }[] = [
    { kind: 'accrual', days: h.accrued },
    { kind: 'adjustment', days: h.adjusted },
  ];
  const vouchers: VoucherDays[] = [];
  for (const { days, outcome: end } of h.vouchers) {
    entries.push({ kind: 'voucher_allocation', days: -days });
    const ended = endedVoucherStatuses.includes(end.status);
    if (ended && end.returned) {
      entries.push({ kind: 'voucher_return', days });
    }
    vouchers.push({
      allocated: days,
      returned: ended && end.returned ? days : 0,
      held: ended ? 0 : days,
      forfeited: ended && !end.returned ? days : 0,
    });
  }
  const sumOf = (kind: LedgerEntryKind) => entries.filter((e) => e.kind === kind).reduce((s, e) => s + e.days, 0);
  const beforeRemoval = entries.reduce((s, e) => s + e.days, 0);
  if (h.removal && beforeRemoval > 0) {
    entries.push({ kind: 'retirement_removal', days: -beforeRemoval });
  }
  const total = entries.reduce((s, e) => s + e.days, 0);
  const days: AgreementDays = {
    accrued: sumOf('accrual'),
    converted: 0,
    adjusted: sumOf('adjustment'),
    allocated: -sumOf('voucher_allocation'),
    returned: sumOf('voucher_return'),
    removed: -entries.filter((e) => e.kind === 'retirement_removal').reduce((s, e) => s + e.days, 0),
    entries: total,
    balance: total,
    onVouchers: vouchers.reduce((s, v) => s + v.held, 0),
    forfeited: vouchers.reduce((s, v) => s + v.forfeited, 0),
    belowZero: Math.max(-total, 0),
  };
  return { days, vouchers, entries };
}

describe('the equations on generated agreements', () => {
  it('balance for every history that follows the rules, voucher by voucher too', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { days, vouchers } = play(h);
        expect(agreementEquationResults(days).filter((r) => !r.balanced)).toEqual(
          days.belowZero > 0 ? [expect.objectContaining({ id: 'notNegative' })] : [],
        );
        for (const voucher of vouchers) {
          expect(evaluateEquation(voucherEquation, voucher).balanced).toBe(true);
        }
      }),
      { seed: 20_211_231, numRuns: 300 },
    );
  });

  it('put a voucher’s changed days in its agreement’s conservation difference, and in its own', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
        (h, delta) => {
          const { days, vouchers } = play(h);
          // A voucher that holds or forfeited its days (a returned one's days count nowhere).
          const index = vouchers.findIndex((v) => v.held > 0 || v.forfeited > 0);
          fc.pre(index >= 0);
          // Its days change behind the ledger's back (a raw SQL edit).
          const edited = { ...vouchers[index]! };
          const changed = { ...days };
          if (edited.held > 0) {
            edited.held += delta;
            changed.onVouchers += delta;
          } else {
            edited.forfeited += delta;
            changed.forfeited += delta;
          }
          expect(evaluateEquation(voucherEquation, edited).difference).toBe(-delta);
          const results = agreementEquationResults(changed);
          expect(results.find((r) => r.id === 'conservation')!.difference).toBe(-delta);
          expect(results.find((r) => r.id === 'balance')!.balanced).toBe(true);
        },
      ),
      { seed: 20_211_231, numRuns: 300 },
    );
  });

  it('agree with ledgerInvariantViolations: some equation fails exactly when it finds a violation', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: -2, max: 2 }),
        fc.integer({ min: -2, max: 2 }),
        (h, storedOff, heldOff) => {
          const { days, entries } = play(h);
          const facts = {
            entries,
            balance: days.balance + storedOff,
            daysOnLiveOrUsedVouchers: days.onVouchers + heldOff,
            forfeitedDays: days.forfeited,
          };
          const changed = { ...days, balance: facts.balance, onVouchers: facts.daysOnLiveOrUsedVouchers };
          const failing = agreementEquationResults(changed).some((r) => !r.balanced);
          expect(failing).toBe(ledgerInvariantViolations(facts).length > 0);
        },
      ),
      { seed: 20_211_231, numRuns: 300 },
    );
  });
});
