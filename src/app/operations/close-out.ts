import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import {
  agreementEquationResults,
  evaluateEquation,
  programEquationResults,
  voucherEquation,
  type AgreementEquationId,
  type AgreementTerm,
  type EquationResult,
  type PaymentFigure,
  type ProgramEquationResult,
  type VoucherTerm,
} from '../../domain/close-out.js';
import type { Money } from '../../domain/money.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import {
  sumProgramDays,
  sumProgramMoney,
  unbalancedAgreementPage,
  unbalancedVouchers,
  type MoneyRowSums,
  type ProgramDaySums,
  type UnbalancedAgreementSums,
} from './close-out-sums.js';

/** Unbalanced agreements listed in the report; the CSV lists them all. */
export const closeOutAgreementLimit = 100;

export interface CloseOutDays {
  accrued: number;
  converted: number;
  adjusted: number;
  allocated: number;
  redeemed: number;
  returned: number;
  removed: number;
  forfeited: number;
  /** Σ of the ledger's entries. */
  balance: number;
  /** Days still on live vouchers (assigned, reserved, completed): 0 once the program is over. */
  onLiveVouchers: number;
}

export interface UnbalancedVoucher {
  voucherId: string;
  code: string | null;
  status: string | null;
  equation: EquationResult<VoucherTerm, 'voucher'>;
}

export interface UnbalancedAgreement {
  agreementId: string;
  licensingId: string;
  organizationId: string;
  organizationName: string;
  /** The equations that fail for it, with both sides. */
  equations: EquationResult<AgreementTerm, AgreementEquationId>[];
  /** Its vouchers whose own equation fails: where the difference comes from, when known. */
  vouchers: UnbalancedVoucher[];
}

export type RequestFigure = Money & { count: number };

export interface CloseOutMoneyRow {
  redeemedVouchers: number;
  redeemedDays: number;
  redeemedValue: Money;
  requested: RequestFigure;
  approved: RequestFigure;
  paid: RequestFigure;
  outstanding: RequestFigure;
  denied: RequestFigure;
}

export interface CloseOut {
  program: { id: string; name: string; timeZone: string };
  at: Date;
  agreements: number;
  days: CloseOutDays;
  /** Invariant 1 summed over the program, with its two sides. */
  equations: ProgramEquationResult[];
  balanced: boolean;
  /** Agreements for which any equation fails; the first `closeOutAgreementLimit` are listed. */
  unbalancedAgreementCount: number;
  unbalancedAgreements: UnbalancedAgreement[];
  money: {
    byCountry: (CloseOutMoneyRow & { country: string; currency: string })[];
    byCurrency: (CloseOutMoneyRow & { currency: string })[];
    /** Redeemed vouchers of a delivery country with no rate: days without a value. */
    unpriced: { country: string; redeemedVouchers: number; redeemedDays: number }[];
  };
}

/** The days table: the ledger's figures, the redeemed days, and the balance as Σ entries. */
export function closeOutDays(sums: ProgramDaySums): CloseOutDays {
  const { totals } = sums;
  return {
    accrued: totals.accrued,
    converted: totals.converted,
    adjusted: totals.adjusted,
    allocated: totals.allocated,
    redeemed: sums.redeemed,
    returned: totals.returned,
    removed: totals.removed,
    forfeited: totals.forfeited,
    balance: totals.entries,
    onLiveVouchers: sums.onLiveVouchers,
  };
}

function moneyRow(row: MoneyRowSums, currency: string): CloseOutMoneyRow {
  const figure = (name: PaymentFigure): RequestFigure => ({ ...row.requests[name], currency });
  return {
    redeemedVouchers: row.redeemedVouchers,
    redeemedDays: row.redeemedDays,
    redeemedValue: { amountMinor: row.redeemedMinor, currency },
    requested: figure('requested'),
    approved: figure('approved'),
    paid: figure('paid'),
    outstanding: figure('outstanding'),
    denied: figure('denied'),
  };
}

/** Each listed agreement with its failing equations and the vouchers that carry the difference. */
export async function explainAgreements(
  db: Executor,
  agreements: readonly UnbalancedAgreementSums[],
): Promise<UnbalancedAgreement[]> {
  const vouchers = await unbalancedVouchers(
    db,
    agreements.map((a) => a.agreementId),
  );
  return agreements.map((agreement) => ({
    agreementId: agreement.agreementId,
    licensingId: agreement.licensingId,
    organizationId: agreement.organizationId,
    organizationName: agreement.organizationName,
    equations: agreementEquationResults(agreement.days).filter((result) => !result.balanced),
    vouchers: vouchers
      .filter((voucher) => voucher.agreementId === agreement.agreementId)
      .map((voucher) => ({
        voucherId: voucher.voucherId,
        code: voucher.code,
        status: voucher.status,
        equation: evaluateEquation(voucherEquation, voucher.days),
      })),
  }));
}

/**
 * Reads in one read-only snapshot (repeatable read), so that the figures, the equations and the
 * agreements named all describe the same instant even while the program still moves.
 */
export async function inSnapshot<T>(ctx: AppContext, read: (db: Executor) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    return read(tx);
  });
}

/** Operators only (operator admin, finance): checked before the program is looked up. */
export function requireCloseOutReader(actor: Actor): void {
  requireRole(actor, 'operator_admin', 'finance');
}

/**
 * `GET /admin/close-out?programId=`: the program's books at close (issue 11, item 7). The days
 * from the ledger and the vouchers; the money by delivery country and currency; each equation
 * of invariant 1 summed over the program, and every agreement that breaks one, with its two
 * sides and the vouchers where the difference lies.
 */
export async function getCloseOut(ctx: AppContext, actor: Actor, programId: string): Promise<CloseOut> {
  requireCloseOutReader(actor);
  const at = ctx.clock.now();
  return inSnapshot(ctx, async (db) => {
    const program = await loadProgramRow(db, programId);
    const days = await sumProgramDays(db, programId);
    // Each pass over the program's ledger costs the same: none when nothing is unbalanced.
    const listed =
      days.unbalancedAgreements === 0
        ? []
        : await unbalancedAgreementPage(db, programId, { limit: closeOutAgreementLimit });
    const unbalancedAgreements = await explainAgreements(db, listed);
    const money = await sumProgramMoney(db, programId);
    const equations = programEquationResults(days.totals, days.unbalanced);
    return {
      program: { id: program.id, name: program.name, timeZone: program.timeZone },
      at,
      agreements: days.agreements,
      days: closeOutDays(days),
      equations,
      balanced: equations.every((equation) => equation.balanced),
      unbalancedAgreementCount: days.unbalancedAgreements,
      unbalancedAgreements,
      money: {
        byCountry: money.flatMap((row) =>
          row.country !== null && row.currency !== null
            ? [{ country: row.country, currency: row.currency, ...moneyRow(row, row.currency) }]
            : [],
        ),
        byCurrency: money.flatMap((row) =>
          row.country === null && row.currency !== null
            ? [{ currency: row.currency, ...moneyRow(row, row.currency) }]
            : [],
        ),
        unpriced: money.flatMap((row) =>
          row.country !== null && row.currency === null && row.redeemedVouchers > 0
            ? [{ country: row.country, redeemedVouchers: row.redeemedVouchers, redeemedDays: row.redeemedDays }]
            : [],
        ),
      },
    };
  });
}
