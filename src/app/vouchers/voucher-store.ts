import { and, eq, sql, type SQL } from 'drizzle-orm';
import { sqlList, type Executor } from '../../db/connection.js';
import { param, runPreparedQuery, type Param } from '../../db/prepared.js';
import { engagementTypes, programs, vouchers } from '../../db/schema/index.js';
import { holdsVouchers, paymentRequestStatuses } from '../../domain/payment-rules.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { voucherReaders } from '../../domain/voucher-decision.js';
import { voucherTransitions } from '../../domain/voucher-lifecycle.js';
import type { PaymentFacts, VoucherCheckContext } from '../../domain/voucher-permissions.js';
import { partnerFactsSql, toPartnerFacts } from '../partners/partner-facts-sql.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import { toPolicy } from '../programs/present-program.js';

export type VoucherRow = typeof vouchers.$inferSelect;
export type EngagementTypeRow = typeof engagementTypes.$inferSelect;

export interface LoadedVoucher {
  voucher: VoucherRow;
  engagementType: EngagementTypeRow;
  policy: ProgramPolicy;
  /** What a payment request for it needs (for `requestPayment`). */
  payment: PaymentFacts;
  /** The holder's standing while it can be completed or redeemed (for `redeem`). */
  standing: Standing | undefined;
  /** The names people know the parties by (issue 12, M6). */
  names: VoucherNames;
}

/**
 * The names of a voucher's parties (issue 12, M6): the customer, the partner holding it, the
 * project manager and the consultants of its completion report. Whoever may read the voucher
 * may read these names; the presenter decides what a caller who does not hold it sees.
 */
export interface VoucherNames {
  customer: string;
  partner: string | null;
  projectManager: string | null;
  consultants: { id: string; name: string }[];
}

/**
 * The names as json, scalar subqueries on the voucher row: part of the row's one query, so a
 * list of 200 vouchers is still one statement (no N+1), each look-up by primary key.
 */
export const voucherNamesSql = sql<unknown>`json_build_object(
  'customer', (select o.name from organizations o where o.id = ${vouchers.organizationId}),
  'partner', (select o.name from organizations o where o.id = ${vouchers.partnerId}),
  'projectManager', (select u.name from users u where u.id = ${vouchers.projectManagerId}),
  'consultants', coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
    from users u where ${vouchers.completionReport} is not null
      and u.id::text in (select jsonb_array_elements_text(${vouchers.completionReport} -> 'consultantIds'))), '[]'::json))`;

export function toVoucherNames(value: unknown): VoucherNames {
  const json = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<VoucherNames> | null;
  return {
    customer: json?.customer ?? '',
    partner: json?.partner ?? null,
    projectManager: json?.projectManager ?? null,
    consultants: json?.consultants ?? [],
  };
}

/** Who may see a voucher: its customer, the partner holding it, operators. */
export function voucherOwners(voucher: VoucherRow): string[] {
  return voucherReaders(voucher);
}

/**
 * The payment facts of a voucher row, as json: in a live payment request (the condition of the
 * unique index `payment_request_vouchers_live_key`), the holder registered, a rate for the country.
 */
export const paymentFactsSql = sql<unknown>`json_build_object(
  'inLiveRequest', exists (
    select 1 from payment_request_vouchers prv join payment_requests pr on pr.id = prv.payment_request_id
    where prv.voucher_id = ${vouchers.id} and pr.status in (${sqlList(paymentRequestStatuses.filter(holdsVouchers))})),
  'registered', exists (select 1 from payment_registrations r
    where r.partner_id = ${vouchers.partnerId} and r.program_id = ${vouchers.programId}),
  'rated', exists (select 1 from rates r where r.program_id = ${vouchers.programId} and r.country = ${vouchers.deliveryCountry}))`;

/** The offering-level competencies of the voucher's offering. */
export const offeringCompetenciesSql = sql<unknown>`(select o.competencies from offerings o
  where o.program_id = ${vouchers.programId} and o.code = ${engagementTypes.offeringCode})`;

/**
 * A partner's standing (eligibility facts and the offering's competencies), as json. For a
 * voucher row: the holder's, while it can still be completed or redeemed (null otherwise).
 */
export function standingSql(partnerId: SQL | string): SQL {
  return sql`json_build_object(
    'partner', ${partnerFactsSql(partnerId, sql`${vouchers.programId}`, sql`${engagementTypes.offeringCode}`)},
    'offeringCompetencies', coalesce(${offeringCompetenciesSql}, '{}'))`;
}

export const holderStandingSql = sql<unknown>`case when ${vouchers.partnerId} is not null and ${vouchers.status} in (${sqlList(
  [...voucherTransitions.complete.from, ...voucherTransitions.redeem.from],
)}) then ${standingSql(sql`${vouchers.partnerId}`)} end`;

export function toStanding(value: unknown): Standing | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const json = (typeof value === 'string' ? JSON.parse(value) : value) as {
    partner: unknown;
    offeringCompetencies: string[];
  };
  return { partner: toPartnerFacts(json.partner), offeringCompetencies: json.offeringCompetencies };
}

export type Standing = NonNullable<VoucherCheckContext['standing']>;

export function toPaymentFacts(value: unknown): PaymentFacts {
  return (typeof value === 'string' ? JSON.parse(value) : value) as PaymentFacts;
}

/**
 * What every voucher answer is built from, one row per voucher (from `vouchers`, joined to its
 * engagement type and program): the snapshot of a decision and each row of a list select it, so
 * that a fact added for the answer (the names, issue 12) reaches both.
 */
export const voucherRowSelection = {
  voucher: vouchers,
  engagementType: engagementTypes,
  program: programs,
  payment: paymentFactsSql,
  standing: holderStandingSql,
  names: voucherNamesSql,
};

export interface LoadVoucherOptions<E extends Record<string, SQL>> {
  /** `for update of vouchers`. */
  lock?: boolean;
  /** Scalar subqueries on the same row; a function of `p` when the load is a prepared statement. */
  extra?: E | ((p: Param) => E);
  /** A further condition, likewise. */
  where?: SQL | ((p: Param) => SQL);
  /**
   * Names a hot-path load whose SQL is the same on every call: it is built and prepared once
   * (db/prepared.ts), and `extra`/`where` take their values from `values` through `p(name)`.
   */
  statement?: string;
  values?: Record<string, unknown>;
}

/**
 * The voucher snapshot of a decision in ONE query: the voucher, its engagement type and program,
 * and whatever else the event needs (`extra`: scalar subqueries on the same row). `lock` takes
 * the voucher row only (`for update of vouchers`): the sweep's lock order, voucher then agreement.
 */
export async function loadVoucher<E extends Record<string, SQL>>(
  tx: Executor,
  id: string,
  options: LoadVoucherOptions<E> = {},
): Promise<(LoadedVoucher & { extra: { [K in keyof E]: unknown } }) | undefined> {
  const build = (db: Executor, p: Param) => {
    const extra = typeof options.extra === 'function' ? options.extra(p) : options.extra;
    const where = typeof options.where === 'function' ? options.where(p) : options.where;
    const query = db
      .select({ ...voucherRowSelection, ...(extra ?? {}) })
      .from(vouchers)
      .innerJoin(engagementTypes, eq(engagementTypes.id, vouchers.engagementTypeId))
      .innerJoin(programs, eq(programs.id, vouchers.programId))
      .where(and(eq(vouchers.id, p('id')), where));
    return options.lock ? query.for('update', { of: vouchers }) : query;
  };
  const values = { ...options.values, id };
  const rows = (
    options.statement
      ? await runPreparedQuery(tx, `loadVoucher:${options.statement}:${options.lock ? 'lock' : 'read'}`, build, values)
      : await build(tx, (name) => sql`${values[name as keyof typeof values]}`)
  ) as Record<string, unknown>[];
  const [row] = rows;
  if (!row) {
    return undefined;
  }
  const extra: Record<string, unknown> = {};
  const extraSql = typeof options.extra === 'function' ? options.extra(param) : options.extra;
  for (const key of Object.keys(extraSql ?? {})) {
    extra[key] = row[key];
  }
  return {
    voucher: row.voucher as VoucherRow,
    engagementType: row.engagementType as EngagementTypeRow,
    policy: toPolicy(row.program as typeof programs.$inferSelect),
    payment: toPaymentFacts(row.payment),
    standing: toStanding(row.standing),
    names: toVoucherNames(row.names),
    extra: extra as { [K in keyof E]: unknown },
  };
}

/** A voucher the actor may see; another organisation's voucher is the same 404 as a missing one. */
export async function loadVisibleVoucher<E extends Record<string, SQL>>(
  tx: Executor,
  actor: Actor,
  id: string,
  options: LoadVoucherOptions<E> = {},
): Promise<LoadedVoucher & { extra: { [K in keyof E]: unknown } }> {
  const loaded = await loadVoucher(tx, id, options);
  requireVisible(actor, loaded, (l) => voucherOwners(l.voucher), 'voucher', id);
  return loaded!;
}
