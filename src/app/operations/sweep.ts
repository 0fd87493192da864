import { sql, type SQL } from 'drizzle-orm';
import { resultRows, sqlList, type Executor } from '../../db/connection.js';
import { expiredVoucherStatus, liveVoucherStatuses } from '../../domain/voucher-lifecycle.js';

export interface SweepResult {
  expired: number;
  daysReturned: number;
  daysForfeited: number;
  agreementsEmptied: number;
  daysRemoved: number;
}

const live = sqlList(liveVoucherStatuses);
const expired = expiredVoucherStatus;

/** An instant as JavaScript's `toISOString()` writes it, whatever the session time zone. */
export function isoInstant(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const emptyResult: SweepResult = {
  expired: 0,
  daysReturned: 0,
  daysForfeited: 0,
  agreementsEmptied: 0,
  daysRemoved: 0,
};

/**
 * Expires up to `batchSize` vouchers whose expiry instant has passed, in one set-based
 * statement: `decideExpire` of the domain, in SQL (test/integration/sweep-agrees.test.ts checks
 * that both agree on generated cases). For each, the days go back to the agreement (`voucher_return`) if, at the instant
 * the voucher expired, the agreement was active (program-local date ≤ ends_on) and the
 * remaining days had not been removed; otherwise they are forfeited and recorded on the
 * voucher (domain.md, "Cancel and expiry"). Deciding at the expiry instant, not at the sweep's
 * run, keeps the outcome the same whenever the sweep runs.
 *
 * Safe on several instances at once: rows are claimed with SKIP LOCKED and the UPDATE repeats
 * the status/expiry condition, so a voucher is expired (and its days returned) exactly once; a
 * voucher locked by a redemption in flight is left for the next run.
 */
export async function expireVouchersBatch(
  tx: Executor,
  now: Date,
  batchSize: number,
): Promise<Pick<SweepResult, 'expired' | 'daysReturned' | 'daysForfeited'>> {
  const result = await tx.execute(sql`
    with due as (
      select v.id, v.agreement_id, v.status as old_status, v.version as old_version,
        (a.ends_on >= (v.expires_at at time zone p.time_zone)::date
          and v.expires_at < (p.days_removal_date::timestamp at time zone p.time_zone)
          and (a.days_removed_at is null or a.days_removed_at > v.expires_at)) as returns
      from vouchers v
      join agreements a on a.id = v.agreement_id
      join programs p on p.id = v.program_id
      where v.status in (${live}) and v.expires_at <= ${now}
      order by v.expires_at
      limit ${batchSize}
      for update of v skip locked
    ),
    -- Two sweeps claim different vouchers but may share agreements: each takes the agreement
    -- locks in id order before moving balances, else they deadlock (40P01) on each other's rows.
    locked as (
      select a.id from agreements a
      where a.id in (select agreement_id from due where returns)
      order by a.id
      for update of a
    ),
    expired as (
      update vouchers v
      set status = ${expired}, version = v.version + 1, ended_at = v.expires_at,
          forfeited_days = case when due.returns then 0 else v.days end
      from due
      where v.id = due.id and v.status in (${live}) and v.expires_at <= ${now}
      returning v.id, v.agreement_id, v.days, v.expires_at, v.organization_id, v.partner_id, v.version,
                v.forfeited_days, v.code, v.program_id, v.project_manager_id, v.engagement_type_id,
                due.returns, due.old_status, due.old_version
    ),
    returned as (
      insert into ledger_entries (agreement_id, kind, days, at, voucher_id, note)
      select agreement_id, 'voucher_return', days, expires_at, id, 'voucher expired'
      from expired where returns
    ),
    balances as (
      update agreements a set balance = a.balance + s.days
      from (select agreement_id, sum(days)::int as days from expired where returns group by agreement_id) s
      join locked on locked.id = s.agreement_id
      where a.id = s.agreement_id
    ),
    audit as (
      insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
      select ${now}, null, array_remove(array[organization_id, partner_id], null), 'voucher.expired', 'voucher', id::text,
        jsonb_build_object('status', old_status, 'version', old_version),
        jsonb_build_object('status', ${expired}::text, 'version', version, 'forfeitedDays', forfeited_days,
                           'daysReturned', case when returns then days else 0 end)
      from expired
    ),
    -- The decision's domain event (decideExpire): the data of events.ts, VoucherEventData.
    events as (
      insert into domain_events (type, entity_type, entity_id, program_id, organization_ids, actor_id, at, data)
      select 'voucher.expired', 'voucher', id::text, program_id, array_remove(array[organization_id, partner_id], null),
        null, ${now},
        jsonb_build_object('voucherId', id, 'code', code, 'status', ${expired}::text,
          'customerOrganizationId', organization_id, 'partnerOrganizationId', partner_id,
          'projectManagerId', project_manager_id, 'agreementId', agreement_id, 'engagementTypeId', engagement_type_id,
          'days', days, 'expiresAt', ${isoInstant(sql`expires_at`)},
          'daysReturned', case when returns then days else 0 end,
          'daysForfeited', case when returns then 0 else days end)
      from expired
    )
    select count(*)::int as expired,
      coalesce(sum(days) filter (where returns), 0)::int as days_returned,
      coalesce(sum(days) filter (where not returns), 0)::int as days_forfeited
    from expired
  `);
  const [row] = resultRows<{ expired: number; days_returned: number; days_forfeited: number }>(result);
  return { expired: row?.expired ?? 0, daysReturned: row?.days_returned ?? 0, daysForfeited: row?.days_forfeited ?? 0 };
}

/**
 * "July 1, 2021: all remaining Planning Services days will be removed." Once the removal date
 * has come (00:00 program-local), every agreement not yet emptied loses its remaining balance
 * with a `retirement_removal` entry dated at the removal instant. Runs once per agreement.
 */
export async function removeRemainingDaysBatch(
  tx: Executor,
  now: Date,
  batchSize: number,
): Promise<Pick<SweepResult, 'agreementsEmptied' | 'daysRemoved'>> {
  const result = await tx.execute(sql`
    with due as (
      select a.id, a.balance, a.organization_id, a.program_id,
        (p.days_removal_date::timestamp at time zone p.time_zone) as removal_at
      from agreements a
      join programs p on p.id = a.program_id
      where a.days_removed_at is null
        and ${now} >= (p.days_removal_date::timestamp at time zone p.time_zone)
        -- A voucher that expired before the removal but is not swept yet (its row was locked
        -- by a request in flight) still owes the agreement its days: wait for it.
        and not exists (
          select 1 from vouchers v
          where v.agreement_id = a.id and v.status in (${live})
            and v.expires_at < (p.days_removal_date::timestamp at time zone p.time_zone)
        )
      limit ${batchSize}
      for update of a skip locked
    ),
    removed as (
      update agreements a set balance = 0, days_removed_at = due.removal_at
      from due
      where a.id = due.id and a.days_removed_at is null
      returning a.id, due.balance, due.organization_id, due.program_id, due.removal_at
    ),
    entries as (
      insert into ledger_entries (agreement_id, kind, days, at, note)
      select id, 'retirement_removal', -balance, removal_at, 'all remaining Planning Services days removed'
      from removed where balance > 0
    ),
    audit as (
      insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
      select ${now}, null, array[organization_id], 'agreement.days-removed', 'agreement', id::text,
        jsonb_build_object('balance', balance), jsonb_build_object('balance', 0, 'daysRemoved', balance)
      from removed
    ),
    events as (
      insert into domain_events (type, entity_type, entity_id, program_id, organization_ids, actor_id, at, data)
      select 'agreement.days_removed', 'agreement', id::text, program_id, array[organization_id], null, ${now},
        jsonb_build_object('agreementId', id, 'customerOrganizationId', organization_id, 'days', balance)
      from removed where balance > 0
    )
    select count(*)::int as agreements, coalesce(sum(balance), 0)::int as days from removed
  `);
  const [row] = resultRows<{ agreements: number; days: number }>(result);
  return { agreementsEmptied: row?.agreements ?? 0, daysRemoved: row?.days ?? 0 };
}

function add(a: SweepResult, b: Partial<SweepResult>): SweepResult {
  return {
    expired: a.expired + (b.expired ?? 0),
    daysReturned: a.daysReturned + (b.daysReturned ?? 0),
    daysForfeited: a.daysForfeited + (b.daysForfeited ?? 0),
    agreementsEmptied: a.agreementsEmptied + (b.agreementsEmptied ?? 0),
    daysRemoved: a.daysRemoved + (b.daysRemoved ?? 0),
  };
}

export interface SweepOptions {
  batchSize?: number;
  onProgress?: (soFar: SweepResult) => void;
}

/**
 * The whole sweep: expiries first (their days may still return before the removal), then the
 * removal of remaining days. Each batch is its own short transaction (memory stays flat and, on
 * PGlite, other requests get the connection between batches). Idempotent.
 */
export async function runSweepInBatches(
  run: <T>(work: (tx: Executor) => Promise<T>) => Promise<T>,
  now: Date,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 5000;
  let total = { ...emptyResult };
  for (;;) {
    const batch = await run((tx) => expireVouchersBatch(tx, now, batchSize));
    total = add(total, batch);
    options.onProgress?.(total);
    if (batch.expired < batchSize) {
      break;
    }
  }
  for (;;) {
    const batch = await run((tx) => removeRemainingDaysBatch(tx, now, batchSize));
    total = add(total, batch);
    options.onProgress?.(total);
    if (batch.agreementsEmptied < batchSize) {
      break;
    }
  }
  return total;
}
