import { sql, type SQL } from 'drizzle-orm';
import { resultRows, sqlList, type Executor } from '../../db/connection.js';
import {
  agreementEquations,
  agreementTerms,
  daysHoldingVoucherStatuses,
  endedVoucherStatuses,
  ledgerFigures,
  paymentFigures,
  voucherEquation,
  type AgreementDays,
  type AgreementEquationId,
  type EquationDefinition,
  type LedgerFigure,
  type PaymentFigure,
  type VoucherDays,
  type VoucherTerm,
} from '../../domain/close-out.js';
import { liveVoucherStatuses, redeemedVoucherStatus } from '../../domain/voucher-lifecycle.js';

/**
 * The close-out report's SQL (issue 11, item 7). Everything is summed by the database, on both
 * engines: per agreement in one CTE (`agreement_days`), whose columns are the terms of the
 * domain's equations, so that "unbalanced" is the domain's definition written as a WHERE.
 */

const n = (value: unknown): number => Number(value ?? 0);
const figures = Object.entries(ledgerFigures) as [LedgerFigure, (typeof ledgerFigures)[LedgerFigure]][];

/** `(a + b) <> (c)` for an equation over columns named like its terms. */
function differs<Term extends string>(definition: EquationDefinition<Term>, alias: string): SQL {
  const sum = (terms: readonly Term[]) =>
    terms.length === 0
      ? sql`0`
      : sql.join(
          terms.map((term) => sql`${sql.identifier(alias)}.${sql.identifier(term)}`),
          sql` + `,
        );
  return sql`(${sum(definition.left)}) <> (${sum(definition.right)})`;
}

/** True when any equation of invariant 1 fails for the agreement row `alias`. */
function anyAgreementEquationFails(alias: string): SQL {
  return sql`(${sql.join(
    agreementEquations.map((definition) => differs(definition, alias)),
    sql` or `,
  )})`;
}

/**
 * `agreement_days`: one row per agreement of the program (after `after`, by id), with every
 * term of `AgreementDays`, plus the redeemed days and the days on live vouchers for the days
 * table. Agreements with no entry or voucher count as zeros.
 */
function agreementDays(programId: string, after?: string): SQL {
  const scope =
    after === undefined ? sql`a.program_id = ${programId}` : sql`a.program_id = ${programId} and a.id > ${after}`;
  const ledgerColumns = sql.join(
    figures.map(
      ([figure, { kind, sign }]) =>
        sql`coalesce(sum(le.days) filter (where le.kind = ${sqlList([kind])}), 0)::bigint * ${sql.raw(String(sign))} as ${sql.identifier(figure)}`,
    ),
    sql`, `,
  );
  const pick = sql.join(
    figures.map(([figure]) => sql`coalesce(e.${sql.identifier(figure)}, 0)::int as ${sql.identifier(figure)}`),
    sql`, `,
  );
  return sql`
    entry_sums as (
      select le.agreement_id, ${ledgerColumns}, sum(le.days)::bigint as entries
      from ledger_entries le join agreements a on a.id = le.agreement_id
      where ${scope}
      group by le.agreement_id
    ),
    voucher_sums as (
      select v.agreement_id,
        coalesce(sum(v.days) filter (where v.status in (${sqlList(daysHoldingVoucherStatuses)})), 0)::bigint as on_vouchers,
        coalesce(sum(v.forfeited_days) filter (where v.status in (${sqlList(endedVoucherStatuses)})), 0)::bigint as forfeited,
        coalesce(sum(v.days) filter (where v.status = ${sqlList([redeemedVoucherStatus])}), 0)::bigint as redeemed,
        coalesce(sum(v.days) filter (where v.status in (${sqlList(liveVoucherStatuses)})), 0)::bigint as on_live
      from vouchers v join agreements a on a.id = v.agreement_id
      where ${scope}
      group by v.agreement_id
    ),
    agreement_days as (
      select a.id, a.licensing_id, a.organization_id,
        ${pick},
        coalesce(e.entries, 0)::int as "entries",
        a.balance as "balance",
        coalesce(vs.on_vouchers, 0)::int as "onVouchers",
        coalesce(vs.forfeited, 0)::int as "forfeited",
        greatest(-coalesce(e.entries, 0), 0)::int as "belowZero",
        coalesce(vs.redeemed, 0)::int as redeemed,
        coalesce(vs.on_live, 0)::int as on_live
      from agreements a
      left join entry_sums e on e.agreement_id = a.id
      left join voucher_sums vs on vs.agreement_id = a.id
      where ${scope}
    )`;
}

function toAgreementDays(row: Record<string, unknown>): AgreementDays {
  return Object.fromEntries(agreementTerms.map((term) => [term, n(row[term])])) as AgreementDays;
}

export interface ProgramDaySums {
  totals: AgreementDays;
  redeemed: number;
  onLiveVouchers: number;
  agreements: number;
  /** Agreements for which each equation fails, and for which any does. */
  unbalanced: Record<AgreementEquationId, number>;
  unbalancedAgreements: number;
}

/** Every term summed over the program, and how many agreements break each equation. */
export async function sumProgramDays(db: Executor, programId: string): Promise<ProgramDaySums> {
  const sums = sql.join(
    agreementTerms.map((term) => sql`coalesce(sum(d.${sql.identifier(term)}), 0)::bigint as ${sql.identifier(term)}`),
    sql`, `,
  );
  const counts = sql.join(
    agreementEquations.map(
      (definition) =>
        sql`count(*) filter (where ${differs(definition, 'd')}) as ${sql.identifier(`unbalanced_${definition.id}`)}`,
    ),
    sql`, `,
  );
  const [row] = resultRows<Record<string, unknown>>(
    await db.execute(sql`
      with ${agreementDays(programId)}
      select ${sums}, ${counts},
        coalesce(sum(d.redeemed), 0)::bigint as redeemed,
        coalesce(sum(d.on_live), 0)::bigint as on_live,
        count(*) as agreements,
        count(*) filter (where ${anyAgreementEquationFails('d')}) as unbalanced_any
      from agreement_days d`),
  );
  return {
    totals: toAgreementDays(row ?? {}),
    redeemed: n(row?.redeemed),
    onLiveVouchers: n(row?.on_live),
    agreements: n(row?.agreements),
    unbalanced: Object.fromEntries(
      agreementEquations.map((definition) => [definition.id, n(row?.[`unbalanced_${definition.id}`])]),
    ) as Record<AgreementEquationId, number>,
    unbalancedAgreements: n(row?.unbalanced_any),
  };
}

export interface UnbalancedAgreementSums {
  agreementId: string;
  licensingId: string;
  organizationId: string;
  organizationName: string;
  days: AgreementDays;
}

/**
 * The agreements for which an equation fails, by id, `limit` at a time after `after`: the
 * report shows the first page, the CSV walks them all.
 */
export async function unbalancedAgreementPage(
  db: Executor,
  programId: string,
  page: { after?: string | undefined; limit: number },
): Promise<UnbalancedAgreementSums[]> {
  const rows = resultRows<Record<string, unknown>>(
    await db.execute(sql`
      with ${agreementDays(programId, page.after)}
      select d.*, o.name as organization_name
      from agreement_days d join organizations o on o.id = d.organization_id
      where ${anyAgreementEquationFails('d')}
      order by d.id
      limit ${page.limit}`),
  );
  return rows.map((row) => ({
    agreementId: String(row.id),
    licensingId: String(row.licensing_id),
    organizationId: String(row.organization_id),
    organizationName: String(row.organization_name),
    days: toAgreementDays(row),
  }));
}

export interface UnbalancedVoucherSums {
  agreementId: string;
  voucherId: string;
  /** Null when the ledger names a voucher that does not exist (any more). */
  code: string | null;
  status: string | null;
  days: VoucherDays;
}

/**
 * The vouchers of these agreements whose own equation fails (allocated = returned + held +
 * forfeited): they carry their agreement's difference. A full join, so that ledger entries
 * naming a voucher that is missing are found too.
 */
export async function unbalancedVouchers(
  db: Executor,
  agreementIds: readonly string[],
): Promise<UnbalancedVoucherSums[]> {
  if (agreementIds.length === 0) {
    return [];
  }
  const ids = sql.join(
    agreementIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = resultRows<
    Record<'agreement_id' | 'voucher_id', string> &
      Record<'code' | 'status', string | null> &
      Record<VoucherTerm, number | string>
  >(
    await db.execute(sql`
      with voucher_entries as (
        select le.voucher_id, le.agreement_id,
          coalesce(sum(le.days) filter (where le.kind = ${sqlList([ledgerFigures.allocated.kind])}), 0)::int * -1 as allocated,
          coalesce(sum(le.days) filter (where le.kind = ${sqlList([ledgerFigures.returned.kind])}), 0)::int as returned
        from ledger_entries le
        where le.voucher_id is not null and le.agreement_id in (${ids})
        group by le.voucher_id, le.agreement_id
      ),
      own as (select * from vouchers where agreement_id in (${ids})),
      voucher_days as (
        select coalesce(v.id, e.voucher_id) as voucher_id, coalesce(v.agreement_id, e.agreement_id) as agreement_id,
          v.code, v.status,
          coalesce(e.allocated, 0) as "allocated",
          coalesce(e.returned, 0) as "returned",
          case when v.status in (${sqlList(daysHoldingVoucherStatuses)}) then v.days else 0 end as "held",
          case when v.status in (${sqlList(endedVoucherStatuses)}) then v.forfeited_days else 0 end as "forfeited"
        from own v full join voucher_entries e on e.voucher_id = v.id and e.agreement_id = v.agreement_id
      )
      select * from voucher_days d
      where ${differs(voucherEquation, 'd')}
      order by d.agreement_id, d.code nulls last, d.voucher_id`),
  );
  return rows.map((row) => ({
    agreementId: row.agreement_id,
    voucherId: row.voucher_id,
    code: row.code,
    status: row.status,
    days: { allocated: n(row.allocated), returned: n(row.returned), held: n(row.held), forfeited: n(row.forfeited) },
  }));
}

export interface MoneyRowSums {
  /** Null on a currency's total row. */
  country: string | null;
  /** Null for redeemed vouchers of a country with no rate: they have no value. */
  currency: string | null;
  redeemedVouchers: number;
  redeemedDays: number;
  redeemedMinor: number;
  requests: Record<PaymentFigure, { amountMinor: number; count: number }>;
}

const paymentFigureNames = Object.keys(paymentFigures) as PaymentFigure[];

/**
 * Money by delivery country and currency, and by currency: the redeemed vouchers' value at the
 * country's daily rate (total = Σ days × rate, as a payment request computes it), and the
 * payment requests' totals by figure. `grouping sets` gives both levels in one statement.
 */
export async function sumProgramMoney(db: Executor, programId: string): Promise<MoneyRowSums[]> {
  const requestColumns = sql.join(
    paymentFigureNames.flatMap((figure) => {
      const statuses = sqlList(paymentFigures[figure]);
      return [
        sql`coalesce(sum(pr.total_minor) filter (where pr.status in (${statuses})), 0)::bigint as ${sql.identifier(`${figure}_minor`)}`,
        sql`count(*) filter (where pr.status in (${statuses})) as ${sql.identifier(`${figure}_count`)}`,
      ];
    }),
    sql`, `,
  );
  const totals = sql.join(
    paymentFigureNames.flatMap((figure) => [
      sql`coalesce(sum(q.${sql.identifier(`${figure}_minor`)}), 0)::bigint as ${sql.identifier(`${figure}_minor`)}`,
      sql`coalesce(sum(q.${sql.identifier(`${figure}_count`)}), 0)::bigint as ${sql.identifier(`${figure}_count`)}`,
    ]),
    sql`, `,
  );
  const rows = resultRows<{ country: string | null; currency: string | null } & Record<string, unknown>>(
    await db.execute(sql`
      with redeemed as (
        select v.delivery_country as country, r.currency, count(*) as vouchers, sum(v.days)::bigint as days,
          sum(v.days::bigint * r.amount_minor) as amount
        from vouchers v
        join agreements a on a.id = v.agreement_id
        left join rates r on r.program_id = a.program_id and r.country = v.delivery_country
        where a.program_id = ${programId} and v.status = ${sqlList([redeemedVoucherStatus])}
        group by v.delivery_country, r.currency
      ),
      requests as (
        select pr.delivery_country as country, pr.currency, ${requestColumns}
        from payment_requests pr
        where pr.program_id = ${programId}
        group by pr.delivery_country, pr.currency
      ),
      joined as (
        select coalesce(r.country, q.country) as country, coalesce(r.currency, q.currency) as currency,
          r.vouchers, r.days, r.amount, ${sql.join(
            paymentFigureNames.flatMap((figure) => [
              sql`q.${sql.identifier(`${figure}_minor`)}`,
              sql`q.${sql.identifier(`${figure}_count`)}`,
            ]),
            sql`, `,
          )}
        from redeemed r
        full join requests q on q.country = r.country and coalesce(q.currency, '') = coalesce(r.currency, '')
      )
      select q.country, q.currency, grouping(q.country) as is_total,
        coalesce(sum(q.vouchers), 0)::bigint as redeemed_vouchers,
        coalesce(sum(q.days), 0)::bigint as redeemed_days,
        coalesce(sum(q.amount), 0)::bigint as redeemed_minor,
        ${totals}
      from joined q
      group by grouping sets ((q.country, q.currency), (q.currency))
      order by grouping(q.country), q.currency nulls first, q.country`),
  );
  return rows.map((row) => ({
    country: n(row.is_total) === 1 ? null : row.country,
    currency: row.currency,
    redeemedVouchers: n(row.redeemed_vouchers),
    redeemedDays: n(row.redeemed_days),
    redeemedMinor: n(row.redeemed_minor),
    requests: Object.fromEntries(
      paymentFigureNames.map((figure) => [
        figure,
        { amountMinor: n(row[`${figure}_minor`]), count: n(row[`${figure}_count`]) },
      ]),
    ) as MoneyRowSums['requests'],
  }));
}
