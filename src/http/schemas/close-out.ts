import { z } from 'zod';
import { agreementEquationIds, agreementTerms, voucherTerms } from '../../domain/close-out.js';
import { country, currency, id, instant, money } from './common.js';

export const closeOutQuery = z.strictObject({ programId: id });

const days = z.number().int();

const agreementTerm = z
  .enum(agreementTerms)
  .describe(
    'entries: Σ of the ledger entries; balance: the stored balance; onVouchers: days on vouchers not cancelled or expired; belowZero: how far Σ entries is below 0',
  );
const voucherTerm = z.enum(voucherTerms).describe('held: the voucher’s days while it is not cancelled or expired');

const equationOf = <Term extends z.ZodType, Id extends z.ZodType>(term: Term, equationId: Id) => {
  const side = z.object({ days, terms: z.array(z.object({ term, days })) });
  return z.object({
    id: equationId,
    left: side,
    right: side,
    difference: days.describe('left − right'),
    balanced: z.boolean(),
  });
};

const agreementEquationId = z
  .enum(agreementEquationIds)
  .describe(
    'balance: stored balance = Σ entries; conservation: accrued + converted + adjusted = balance + on vouchers + removed + forfeited; notNegative: days below zero = 0',
  );
const agreementEquation = equationOf(agreementTerm, agreementEquationId);

const requestFigure = money.extend({ count: z.number().int().describe('payment requests') });

const moneyRow = z.object({
  redeemedVouchers: z.number().int(),
  redeemedDays: days,
  redeemedValue: money.describe('Σ days × the delivery country’s daily rate, as a payment request computes it'),
  requested: requestFigure.describe('requests submitted, approved or paid (not denied)'),
  approved: requestFigure.describe('requests approved, paid or not'),
  paid: requestFigure,
  outstanding: requestFigure.describe('requested and not yet paid: submitted or approved'),
  denied: requestFigure,
});

export const closeOut = z
  .object({
    program: z.object({ id, name: z.string(), timeZone: z.string() }),
    at: instant,
    agreements: z.number().int().describe('agreements of the program'),
    days: z.object({
      accrued: days,
      converted: days,
      adjusted: days,
      allocated: days,
      redeemed: days,
      returned: days,
      removed: days,
      forfeited: days,
      balance: days.describe('Σ of the ledger entries'),
      onLiveVouchers: days.describe('days on vouchers still assigned, reserved or completed'),
    }),
    equations: z.array(
      agreementEquation.extend({
        unbalancedAgreements: z.number().int().describe('agreements for which it does not hold'),
      }),
    ),
    balanced: z.boolean().describe('every equation holds for every agreement'),
    unbalancedAgreementCount: z.number().int(),
    unbalancedAgreements: z
      .array(
        z.object({
          agreementId: id,
          licensingId: z.string(),
          organizationId: id,
          organizationName: z.string(),
          equations: z.array(agreementEquation).describe('the equations it breaks'),
          vouchers: z
            .array(
              z.object({
                voucherId: id,
                code: z.string().nullable().describe('null when the ledger names a voucher that does not exist'),
                status: z.string().nullable(),
                equation: equationOf(voucherTerm, z.literal('voucher')),
              }),
            )
            .describe('its vouchers whose own equation (allocated = returned + held + forfeited) fails'),
        }),
      )
      .describe('the first 100 by id; GET /exports/close-out.csv lists them all'),
    money: z.object({
      byCountry: z.array(moneyRow.extend({ country, currency })),
      byCurrency: z.array(moneyRow.extend({ currency })),
      unpriced: z
        .array(z.object({ country, redeemedVouchers: z.number().int(), redeemedDays: days }))
        .describe('redeemed vouchers of a delivery country with no rate'),
    }),
  })
  .meta({
    id: 'CloseOut',
    description: 'A program’s books at close: days, money, and the conservation equations of invariant 1',
  });
