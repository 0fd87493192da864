import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import { runPreparedSql, type Param } from '../../db/prepared.js';
import { vouchers } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import type { VoucherDecision, VoucherState } from '../../domain/voucher-decision.js';
import type { EmailMessage } from '../platform/outbox.js';

const columns = getTableColumns(vouchers);

function columnName(key: string): string {
  const column = (columns as Record<string, { name: string } | undefined>)[key];
  if (!column) {
    throw new Error(`not a voucher column: ${key}`);
  }
  return column.name;
}

/** The column's SQL type: parameters of `insert … select` need it (no column to infer it from). */
function columnType(key: string): string {
  return (columns as unknown as Record<string, { getSQLType(): string }>)[key]!.getSQLType();
}

/** A column's placeholder (`c_<key>`), and the value it takes. */
function column(key: string, p: Param): SQL {
  return key === 'completionReport' ? sql`${p(`c_${key}`)}::jsonb` : p(`c_${key}`);
}

function columnValue(key: string, v: unknown): unknown {
  if (key === 'completionReport') {
    return v === null || v === undefined ? null : JSON.stringify(v);
  }
  return v ?? null;
}

function columnValues(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries.map(([key, v]) => [`c_${key}`, columnValue(key, v)]));
}

/**
 * Everything a decision returned, but the voucher row itself, as CTEs gated on `gate` (the
 * conditional update or insert): ledger entries and the balance they move, the audit record,
 * the domain events and the e-mails. Nothing is written when the gate matched no row. The text is
 * the same for every decision (placeholders; `sideEffectValues` fills them).
 */
function sideEffects(p: Param): SQL {
  return sql`
    ledger as (
      insert into ledger_entries (agreement_id, kind, days, at, voucher_id, note, actor_id)
      select x.agreement_id, x.kind, x.days, x.at, x.voucher_id, x.note, x.actor_id
      from jsonb_to_recordset(${p('ledger')}::jsonb)
        as x(agreement_id uuid, kind text, days int, at timestamptz, voucher_id uuid, note text, actor_id uuid)
      where exists (select 1 from gate)
    ),
    balance as (
      update agreements a set balance = a.balance + s.days
      from (
        select x.agreement_id, sum(x.days)::int as days
        from jsonb_to_recordset(${p('ledger')}::jsonb) as x(agreement_id uuid, days int)
        group by x.agreement_id
      ) s
      where a.id = s.agreement_id and exists (select 1 from gate)
    ),
    audit as (
      insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
      select ${p('auditAt')}::timestamptz, ${p('auditActorId')}::uuid, ${p('auditOrganizationIds')}::uuid[],
        ${p('auditAction')}::text, ${p('auditEntityType')}::text, ${p('auditEntityId')}::text,
        ${p('auditBefore')}::jsonb, ${p('auditAfter')}::jsonb
      where exists (select 1 from gate)
    ),
    events as (
      insert into domain_events (type, entity_type, entity_id, program_id, organization_ids, actor_id, at, data)
      select x.type, x.entity_type, x.entity_id, x.program_id, x.organization_ids, x.actor_id, x.at, x.data
      from jsonb_to_recordset(${p('events')}::jsonb)
        as x(type text, entity_type text, entity_id text, program_id uuid, organization_ids uuid[], actor_id uuid,
             at timestamptz, data jsonb)
      where exists (select 1 from gate)
    ),
    mail as (
      insert into outbox (kind, payload, created_at, available_at)
      select 'email', m, ${p('now')}::timestamptz, ${p('now')}::timestamptz
      from jsonb_array_elements(${p('emails')}::jsonb) m
      where exists (select 1 from gate)
    )
    select count(*)::int as written from gate`;
}

function sideEffectValues(
  decision: VoucherDecision,
  emails: readonly EmailMessage[],
  now: Date,
): Record<string, unknown> {
  const audit = decision.audit;
  return {
    ledger: JSON.stringify(
      decision.ledger.map((e) => ({
        agreement_id: e.agreementId,
        kind: e.kind,
        days: e.days,
        at: e.at.toISOString(),
        voucher_id: e.voucherId,
        note: e.note,
        actor_id: e.actorId,
      })),
    ),
    events: JSON.stringify(
      decision.events.map((e) => ({
        type: e.type,
        entity_type: e.entityType,
        entity_id: e.entityId,
        program_id: e.programId,
        organization_ids: e.organizationIds,
        actor_id: e.actorId,
        at: e.at.toISOString(),
        data: e.data,
      })),
    ),
    auditAt: audit.at,
    auditActorId: audit.actorId,
    auditOrganizationIds: `{${audit.organizationIds.join(',')}}`,
    auditAction: audit.action,
    auditEntityType: audit.entityType,
    auditEntityId: audit.entityId,
    auditBefore: audit.before === null ? null : JSON.stringify(audit.before),
    auditAfter: JSON.stringify(audit.after),
    emails: JSON.stringify(emails),
    now,
  };
}

async function written(
  tx: Executor,
  key: string,
  build: (p: Param) => SQL,
  values: Record<string, unknown>,
): Promise<boolean> {
  const [row] = resultRows<{ written: number }>(await runPreparedSql(tx, key, build, values));
  return (row?.written ?? 0) > 0;
}

/**
 * Persists a decision on an existing voucher in ONE statement: the conditional update on the
 * status and version the decision read (what lets exactly one racer win), and, only if it
 * matched, the ledger, balance, audit, domain events and e-mails (data-modifying CTEs).
 */
export async function persistVoucherDecision(
  tx: Executor,
  before: Pick<VoucherState, 'id' | 'status' | 'version'>,
  decision: VoucherDecision,
  options: { emails?: readonly EmailMessage[]; now: Date },
): Promise<VoucherState> {
  const changes = Object.entries(decision.changes);
  const keys = changes.map(([key]) => key);
  // One text per set of changed columns (constant per event).
  const build = (p: Param) => sql`
    with gate as (
      update vouchers set ${sql.join(
        keys.map((key) => sql`${sql.identifier(columnName(key))} = ${column(key, p)}`),
        sql`, `,
      )}, version = ${p('nextVersion')}::int
      where id = ${p('id')}::uuid and status = ${p('status')}::text and version = ${p('version')}::int
      returning id
    ),
    ${sideEffects(p)}`;
  const values = {
    ...columnValues(changes),
    ...sideEffectValues(decision, options.emails ?? [], options.now),
    id: before.id,
    status: before.status,
    version: before.version,
    nextVersion: before.version + 1,
  };
  if (await written(tx, `persistVoucher:${keys.join(',')}`, build, values)) {
    return decision.after;
  }
  const [current] = resultRows<{ status: string }>(
    await tx.execute(sql`select status from vouchers where id = ${before.id}`),
  );
  if (current && current.status !== before.status) {
    throw refusal('invalid-transition', 'race.voucherNow', { status: current.status });
  }
  throw refusal('concurrent-update', 'race.voucher');
}

/**
 * Persists a creation in ONE statement: the voucher insert (skipped if its random code is
 * taken: returns false, the caller draws another) and its allocation, audit, event and e-mail.
 */
export async function persistVoucherCreation(
  tx: Executor,
  decision: VoucherDecision,
  options: {
    emails?: readonly EmailMessage[];
    now: Date;
    /** A condition on the insert, named (one prepared text per guard) and with its values. */
    guard?: { name: string; sql: (p: Param) => SQL; values: Record<string, unknown> };
  },
): Promise<boolean> {
  const entries = Object.entries(decision.after).filter(([key]) => key !== 'version');
  const keys = entries.map(([key]) => key);
  const guard = options.guard;
  const build = (p: Param) => sql`
    with gate as (
      insert into vouchers (${sql.join(
        keys.map((key) => sql.identifier(columnName(key))),
        sql`, `,
      )}, version)
      select ${sql.join(
        keys.map((key) => sql`${column(key, p)}::${sql.raw(columnType(key))}`),
        sql`, `,
      )}, ${p('version')}::int
      where ${guard ? guard.sql(p) : sql`true`}
      on conflict (code) do nothing
      returning id
    ),
    ${sideEffects(p)}`;
  return written(tx, `createVoucher:${guard?.name ?? ''}:${keys.join(',')}`, build, {
    ...columnValues(entries),
    ...sideEffectValues(decision, options.emails ?? [], options.now),
    ...guard?.values,
    version: decision.after.version,
  });
}
