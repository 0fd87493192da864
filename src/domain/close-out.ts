/**
 * The close-out report (issue 11, item 7): where a program's days went, what it paid, and
 * whether its books balance. Pure: the sums come from SQL (src/app/operations/close-out.ts),
 * which builds its columns and its "unbalanced" filters from the definitions below, so the
 * equations are written once.
 */
import type { LedgerEntryKind } from './ledger.js';
import { paymentRequestStatuses, paymentRequestTransitions, type PaymentRequestStatus } from './payment-rules.js';
import {
  liveVoucherStatuses,
  redeemedVoucherStatus,
  voucherTransitions,
  type VoucherStatus,
} from './voucher-lifecycle.js';

/**
 * The ledger's figures, one per entry kind (domain.md, "Customers and days"), signed so that
 * each reads as a positive number of days: allocations and removals are stored negative.
 * `adjusted` keeps its sign (an adjustment is ± with a reason).
 */
export const ledgerFigures = {
  accrued: { kind: 'accrual', sign: 1 },
  converted: { kind: 'training_conversion', sign: 1 },
  adjusted: { kind: 'adjustment', sign: 1 },
  allocated: { kind: 'voucher_allocation', sign: -1 },
  returned: { kind: 'voucher_return', sign: 1 },
  removed: { kind: 'retirement_removal', sign: -1 },
} as const satisfies Record<string, { kind: LedgerEntryKind; sign: 1 | -1 }>;
export type LedgerFigure = keyof typeof ledgerFigures;

/** Cancelled and expired: the statuses in which a voucher no longer holds its days. */
export const endedVoucherStatuses: readonly VoucherStatus[] = [
  voucherTransitions.cancel.to!,
  voucherTransitions.expire.to!,
];
/** "Days on vouchers not cancelled/expired" (invariant 1): live vouchers and redeemed ones. */
export const daysHoldingVoucherStatuses: readonly VoucherStatus[] = [...liveVoucherStatuses, redeemedVoucherStatus];

/**
 * One agreement's days, as SQL sums them. Every term is a number of days: the ledger figures,
 * - `entries`: Σ of all its ledger entries, whatever their kind;
 * - `balance`: the stored balance (agreements.balance), kept with each entry;
 * - `onVouchers`: days on its vouchers not cancelled or expired;
 * - `forfeited`: days its cancelled or expired vouchers forfeited;
 * - `belowZero`: how far Σ entries is below zero (0 when it is not).
 */
export const agreementTerms = [
  'accrued',
  'converted',
  'adjusted',
  'allocated',
  'returned',
  'removed',
  'entries',
  'balance',
  'onVouchers',
  'forfeited',
  'belowZero',
] as const;
export type AgreementTerm = (typeof agreementTerms)[number];
export type AgreementDays = Record<AgreementTerm, number>;

/**
 * One voucher's days: what the ledger allocated to it and returned from it, and what it holds
 * (its days while not cancelled or expired) or forfeited (once ended).
 */
export const voucherTerms = ['allocated', 'returned', 'held', 'forfeited'] as const;
export type VoucherTerm = (typeof voucherTerms)[number];
export type VoucherDays = Record<VoucherTerm, number>;

export interface EquationDefinition<Term extends string> {
  id: string;
  /** Terms added up on each side; an empty side is 0. */
  left: readonly Term[];
  right: readonly Term[];
}

/**
 * Domain invariant 1, "per agreement: balance = Σ entries ≥ 0, and accruals + conversions +
 * adjustments = balance + days on vouchers not cancelled/expired + removed + forfeited", as
 * three equations. Each is linear, so summed over the program it keeps its form.
 * - `balance`: the stored balance is the sum of the entries (a lost or added entry shows here);
 * - `conservation`: every granted day is in the balance, on a voucher, removed or forfeited;
 * - `notNegative`: "≥ 0" as an equation, the days below zero being 0.
 */
export const agreementEquationIds = ['balance', 'conservation', 'notNegative'] as const;
export type AgreementEquationId = (typeof agreementEquationIds)[number];

export const agreementEquations = [
  { id: 'balance', left: ['balance'], right: ['entries'] },
  {
    id: 'conservation',
    left: ['accrued', 'converted', 'adjusted'],
    right: ['balance', 'onVouchers', 'removed', 'forfeited'],
  },
  { id: 'notNegative', left: ['belowZero'], right: [] },
] as const satisfies readonly (EquationDefinition<AgreementTerm> & { id: AgreementEquationId })[];

/**
 * The conservation equation of one voucher: what was allocated to it was returned, is held by
 * it, or was forfeited. Summed over an agreement's vouchers it is the agreement's conservation
 * equation once `balance` holds (balance = accrued + converted + adjusted − allocated + returned
 * − removed), so a voucher that breaks it is the cause of its agreement's difference.
 */
export const voucherEquation = {
  id: 'voucher',
  left: ['allocated'],
  right: ['returned', 'held', 'forfeited'],
} as const satisfies EquationDefinition<VoucherTerm>;

export interface EquationSide<Term extends string = string> {
  days: number;
  terms: { term: Term; days: number }[];
}

export interface EquationResult<Term extends string = string, Id extends string = string> {
  id: Id;
  left: EquationSide<Term>;
  right: EquationSide<Term>;
  /** left − right: 0 when it balances. */
  difference: number;
  balanced: boolean;
}

function side<Term extends string>(terms: readonly Term[], facts: Record<Term, number>): EquationSide<Term> {
  const parts = terms.map((term) => ({ term, days: facts[term] }));
  return { days: parts.reduce((sum, part) => sum + part.days, 0), terms: parts };
}

/** Both sides of one equation over one set of facts (an agreement, a voucher, the program). */
export function evaluateEquation<Term extends string, Id extends string>(
  definition: { id: Id; left: readonly Term[]; right: readonly Term[] },
  facts: Record<Term, number>,
): EquationResult<Term, Id> {
  const left = side(definition.left, facts);
  const right = side(definition.right, facts);
  const difference = left.days - right.days;
  return { id: definition.id, left, right, difference, balanced: difference === 0 };
}

/** The three equations of invariant 1 over one agreement's days. */
export function agreementEquationResults(days: AgreementDays): EquationResult<AgreementTerm, AgreementEquationId>[] {
  return agreementEquations.map((definition) => evaluateEquation(definition, days));
}

export interface ProgramEquationResult extends EquationResult<AgreementTerm, AgreementEquationId> {
  /** Agreements for which this equation does not hold. */
  unbalancedAgreements: number;
}

/**
 * The equations summed over the program. An equation is balanced only when it holds for every
 * agreement: two agreements wrong by +1 and −1 sum to a balanced program, and must not hide.
 */
export function programEquationResults(
  totals: AgreementDays,
  unbalancedAgreements: Record<AgreementEquationId, number>,
): ProgramEquationResult[] {
  return agreementEquationResults(totals).map((result) => {
    const count = unbalancedAgreements[result.id];
    return { ...result, unbalancedAgreements: count, balanced: result.balanced && count === 0 };
  });
}

/**
 * The payment-request figures and the statuses each adds up (domain.md, "Payments"), from the
 * transition table: what partners asked for and was not denied; what finance approved (paid
 * requests were approved first); what was paid; what is still to settle (requested, not paid).
 * Denied requests are counted apart: their vouchers may be asked for again in a new request.
 */
const deniedStatus = paymentRequestTransitions.deny.to;
const paidStatus = paymentRequestTransitions.pay.to;
const requestedStatuses = paymentRequestStatuses.filter((status) => status !== deniedStatus);
export const paymentFigures = {
  requested: requestedStatuses,
  approved: [paymentRequestTransitions.approve.to, paidStatus],
  paid: [paidStatus],
  outstanding: requestedStatuses.filter((status) => status !== paidStatus),
  denied: [deniedStatus],
} as const satisfies Record<string, readonly PaymentRequestStatus[]>;
export type PaymentFigure = keyof typeof paymentFigures;

/**
 * An equation in words for a CSV cell or a log line, every term with its days:
 * `accrued 40 + converted 0 + adjusted 0 = 40; balance 0 + onVouchers 40 + removed 0 + forfeited 0 = 40`.
 */
export function describeEquation(result: EquationResult): string {
  const words = (s: EquationSide) =>
    `${s.terms.length === 0 ? '0' : s.terms.map((part) => `${part.term} ${part.days}`).join(' + ')} = ${s.days}`;
  return `${words(result.left)}; ${words(result.right)}`;
}
