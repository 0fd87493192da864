import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
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

function value(key: string, v: unknown): SQL {
  if (key === 'completionReport') {
    return v === null || v === undefined ? sql`null::jsonb` : sql`${JSON.stringify(v)}::jsonb`;
  }
  return sql`${v ?? null}`;
}

/**
 * Everything a decision returned, but the voucher row itself, as CTEs gated on `gate` (the
 * conditional update or insert): ledger entries and the balance they move, the audit record,
 * the domain events and the e-mails. Nothing is written when the gate matched no row.
 */
function sideEffects(decision: VoucherDecision, emails: readonly EmailMessage[], now: Date): SQL {
  const ledger = JSON.stringify(
    decision.ledger.map((e) => ({
      agreement_id: e.agreementId,
      kind: e.kind,
      days: e.days,
      at: e.at.toISOString(),
      voucher_id: e.voucherId,
      note: e.note,
      actor_id: e.actorId,
    })),
  );
  const events = JSON.stringify(
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
  );
  const audit = decision.audit;
  return sql`
    ledger as (
      insert into ledger_entries (agreement_id, kind, days, at, voucher_id, note, actor_id)
      select x.agreement_id, x.kind, x.days, x.at, x.voucher_id, x.note, x.actor_id
      from jsonb_to_recordset(${ledger}::jsonb)
        as x(agreement_id uuid, kind text, days int, at timestamptz, voucher_id uuid, note text, actor_id uuid)
      where exists (select 1 from gate)
    ),
    balance as (
      update agreements a set balance = a.balance + s.days
      from (
        select x.agreement_id, sum(x.days)::int as days
        from jsonb_to_recordset(${ledger}::jsonb) as x(agreement_id uuid, days int)
        group by x.agreement_id
      ) s
      where a.id = s.agreement_id and exists (select 1 from gate)
    ),
    audit as (
      insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
      select ${audit.at}, ${audit.actorId}::uuid, ${`{${audit.organizationIds.join(',')}}`}::uuid[], ${audit.action},
        ${audit.entityType}, ${audit.entityId}, ${audit.before === null ? null : JSON.stringify(audit.before)}::jsonb,
        ${JSON.stringify(audit.after)}::jsonb
      where exists (select 1 from gate)
    ),
    events as (
      insert into domain_events (type, entity_type, entity_id, program_id, organization_ids, actor_id, at, data)
      select x.type, x.entity_type, x.entity_id, x.program_id, x.organization_ids, x.actor_id, x.at, x.data
      from jsonb_to_recordset(${events}::jsonb)
        as x(type text, entity_type text, entity_id text, program_id uuid, organization_ids uuid[], actor_id uuid,
             at timestamptz, data jsonb)
      where exists (select 1 from gate)
    ),
    mail as (
      insert into outbox (kind, payload, created_at, available_at)
      select 'email', m, ${now}, ${now} from jsonb_array_elements(${JSON.stringify(emails)}::jsonb) m
      where exists (select 1 from gate)
    )
    select count(*)::int as written from gate`;
}

async function written(tx: Executor, query: SQL): Promise<boolean> {
  const [row] = resultRows<{ written: number }>(await tx.execute(query));
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
  const set = Object.entries(decision.changes).map(
    ([key, v]) => sql`${sql.identifier(columnName(key))} = ${value(key, v)}`,
  );
  const query = sql`
    with gate as (
      update vouchers set ${sql.join(set, sql`, `)}, version = ${before.version + 1}
      where id = ${before.id} and status = ${before.status} and version = ${before.version}
      returning id
    ),
    ${sideEffects(decision, options.emails ?? [], options.now)}`;
  if (await written(tx, query)) {
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
  options: { emails?: readonly EmailMessage[]; now: Date; guard?: SQL },
): Promise<boolean> {
  const entries = Object.entries(decision.after).filter(([key]) => key !== 'version');
  const query = sql`
    with gate as (
      insert into vouchers (${sql.join(
        entries.map(([key]) => sql.identifier(columnName(key))),
        sql`, `,
      )}, version)
      select ${sql.join(
        entries.map(([key, v]) => sql`${value(key, v)}::${sql.raw(columnType(key))}`),
        sql`, `,
      )}, ${decision.after.version}
      where ${options.guard ?? sql`true`}
      on conflict (code) do nothing
      returning id
    ),
    ${sideEffects(decision, options.emails ?? [], options.now)}`;
  return written(tx, query);
}
