import {
  describeEquation,
  paymentFigures,
  programEquationResults,
  type EquationResult,
  type PaymentFigure,
} from '../../domain/close-out.js';
import type { Actor, AppContext } from '../context.js';
import { closeOutDays, explainAgreements, inSnapshot, requireCloseOutReader } from '../operations/close-out.js';
import { sumProgramDays, sumProgramMoney, unbalancedAgreementPage } from '../operations/close-out-sums.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { exportBatchSize } from './batches.js';
import type { ExportRow } from './export-vouchers.js';

/**
 * One table for the whole report, in long form so a spreadsheet can filter it by `section`:
 * - `days`: `item` is the figure (accrued, …, balance), `days` its value;
 * - `equation`: invariant 1 summed over the program: `left`, `right`, `difference`, `balanced`,
 *   `count` the agreements that break it, `detail` the terms;
 * - `agreement`: one row per equation an agreement breaks, with its two sides;
 * - `voucher`: a voucher of that agreement whose own equation fails (where the difference lies);
 * - `money` (by country and currency) and `money_total` (by currency): `item` is
 *   redeemedValue or a payment figure, `amountMinor` and `count` (vouchers or requests);
 * - `unpriced`: redeemed vouchers of a country with no rate (`days`, `count`).
 */
export const closeOutColumns = [
  'section',
  'item',
  'agreementId',
  'licensingId',
  'organizationName',
  'voucherId',
  'voucherCode',
  'country',
  'currency',
  'days',
  'amountMinor',
  'count',
  'left',
  'right',
  'difference',
  'balanced',
  'detail',
] as const;

type CloseOutRow = Partial<Record<(typeof closeOutColumns)[number], string | number | boolean | null>>;

const blank: ExportRow = Object.fromEntries(closeOutColumns.map((column) => [column, null]));

function row(values: CloseOutRow): ExportRow {
  return { ...blank, ...values };
}

function equationCells(result: EquationResult): CloseOutRow {
  return {
    item: result.id,
    left: result.left.days,
    right: result.right.days,
    difference: result.difference,
    balanced: result.balanced,
    detail: describeEquation(result),
  };
}

/**
 * `GET /exports/close-out.csv?programId=`: the close-out report as CSV. The figures come from
 * one snapshot, read before the headers go out (a refusal or an unknown program is a problem
 * answer); the unbalanced agreements follow page by page, so the file has every one of them.
 */
export async function exportCloseOut(
  ctx: AppContext,
  actor: Actor,
  programId: string,
): Promise<AsyncIterable<ExportRow>> {
  requireCloseOutReader(actor);
  const { days, money } = await inSnapshot(ctx, async (db) => {
    await loadProgramRow(db, programId);
    return { days: await sumProgramDays(db, programId), money: await sumProgramMoney(db, programId) };
  });
  const figures = Object.keys(paymentFigures) as PaymentFigure[];
  async function* rows(): AsyncGenerator<ExportRow> {
    for (const [item, value] of Object.entries(closeOutDays(days)) as [string, number][]) {
      yield row({ section: 'days', item, days: value });
    }
    for (const equation of programEquationResults(days.totals, days.unbalanced)) {
      yield row({ section: 'equation', ...equationCells(equation), count: equation.unbalancedAgreements });
    }
    for (const sums of money) {
      if (sums.currency === null) {
        if (sums.country !== null && sums.redeemedVouchers > 0) {
          yield row({
            section: 'unpriced',
            country: sums.country,
            days: sums.redeemedDays,
            count: sums.redeemedVouchers,
          });
        }
        continue;
      }
      const section = sums.country === null ? 'money_total' : 'money';
      const where = { section, country: sums.country, currency: sums.currency };
      yield row({
        ...where,
        item: 'redeemedValue',
        days: sums.redeemedDays,
        amountMinor: sums.redeemedMinor,
        count: sums.redeemedVouchers,
      });
      for (const figure of figures) {
        yield row({ ...where, item: figure, ...sums.requests[figure] });
      }
    }
    let after: string | undefined;
    // The pages cost a pass over the program's ledger each: none when nothing is unbalanced.
    for (; days.unbalancedAgreements > 0;) {
      const page = await unbalancedAgreementPage(ctx.db, programId, { after, limit: exportBatchSize });
      for (const agreement of await explainAgreements(ctx.db, page)) {
        const who = {
          agreementId: agreement.agreementId,
          licensingId: agreement.licensingId,
          organizationName: agreement.organizationName,
        };
        for (const equation of agreement.equations) {
          yield row({ section: 'agreement', ...who, ...equationCells(equation) });
        }
        for (const voucher of agreement.vouchers) {
          yield row({
            section: 'voucher',
            ...who,
            voucherId: voucher.voucherId,
            voucherCode: voucher.code,
            ...equationCells(voucher.equation),
          });
        }
      }
      if (page.length < exportBatchSize) {
        return;
      }
      after = page[page.length - 1]!.agreementId;
    }
  }
  return rows();
}
