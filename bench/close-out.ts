import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pino } from 'pino';
import type { Actor, AppContext } from '../src/app/context.js';
import { exportCloseOut } from '../src/app/exports/export-close-out.js';
import { getCloseOut, type CloseOut } from '../src/app/operations/close-out.js';
import { seedDemo } from '../src/app/seed/seed-demo.js';
import { openDatabase } from '../src/db/connection.js';
import { benchDatabaseName, createDatabase, dropDatabase, envPrefix, ms } from './support.js';

/**
 * The close-out report (issue 11, item 7, decision 026) on a program of `agreements` agreements
 * after its close: each accrued 20 days, has a redeemed voucher of 5 days (US) and an expired one
 * that forfeited 3, and had its remaining 12 days removed; one payment request per 50 redeemed
 * vouchers. Times `GET /admin/close-out`'s use case (median of 3) and the whole CSV, balanced, then
 * again after 1,000 vouchers were given one more day by SQL (1,000 unbalanced agreements named).
 */

const at = new Date('2022-03-15T12:00:00.000Z');

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export async function benchCloseOut(options: { agreements: number }): Promise<void> {
  const count = options.agreements;
  const name = benchDatabaseName('close_out');
  console.log(`\n== close-out report: ${count} agreements, ${2 * count} vouchers, ${4 * count} ledger entries ==`);
  try {
    const url = await createDatabase(name);
    const handle = await openDatabase({ url, poolSize: 2 });
    await handle.migrate();
    const demo = await seedDemo(handle.db, new Date('2020-12-01T00:00:00.000Z'));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ org: string; type: string; pm: string; partner: string }>(
        `select (select id from organizations where name = 'Northwind Traders') as org,
           (select id from engagement_types where code = 'DDPS-WOD') as type,
           (select id from users where email = 'pm@northwind.example') as pm,
           (select id from organizations where name = 'Fabrikam Consulting') as partner`,
      );
      const { org, type, pm, partner } = rows[0]!;
      const program = demo.programId;
      await client.query('set session_replication_role = replica');
      await client.query(
        `insert into agreements (organization_id, program_id, licensing_id, ends_on, activated_at, balance, created_at, days_removed_at)
         select $1, $2, 'CLOSE-' || g, date '2023-06-30', timestamptz '2020-07-01', 0, timestamptz '2020-07-01',
           timestamptz '2021-07-01'
         from generate_series(1, $3::int) g`,
        [org, program, count],
      );
      await client.query(
        `insert into vouchers (code, program_id, agreement_id, organization_id, engagement_type_id, days,
           project_manager_id, created_by, created_at, expires_at, status, partner_id, delivery_country,
           redeemed_at, forfeited_days, ended_at)
         select 'CO-' || a.licensing_id || '-' || k, $1, a.id, $2, $3, case k when 1 then 5 else 3 end, $4, $4,
           timestamptz '2021-03-01', timestamptz '2021-08-28', case k when 1 then 'redeemed' else 'expired' end,
           $5, 'US', case k when 1 then timestamptz '2021-03-02' end, case k when 1 then 0 else 3 end,
           case k when 2 then timestamptz '2021-08-28' end
         from agreements a cross join generate_series(1, 2) k
         where a.licensing_id like 'CLOSE-%'`,
        [program, org, type, pm, partner],
      );
      await client.query(
        `insert into ledger_entries (agreement_id, kind, days, at, voucher_id)
         select a.id, 'accrual', 20, timestamptz '2020-07-01', null from agreements a where a.licensing_id like 'CLOSE-%'
         union all
         select v.agreement_id, 'voucher_allocation', -v.days, v.created_at, v.id
           from vouchers v where v.code like 'CO-%'
         union all
         select a.id, 'retirement_removal', -12, timestamptz '2021-07-01', null
           from agreements a where a.licensing_id like 'CLOSE-%'`,
      );
      await client.query(
        `insert into payment_requests (reference, partner_id, program_id, delivery_country, status, invoice_number,
           invoice_date, total_minor, currency, created_at, submitted_by)
         select 'PR-CLOSE-' || g, $1, $2, 'US', case when g % 2 = 0 then 'paid' else 'approved' end, 'INV-' || g,
           date '2021-03-05', 50 * 5 * 100000, 'USD', timestamptz '2021-03-05', $3
         from generate_series(1, $4::int) g`,
        [partner, program, pm, Math.floor(count / 50)],
      );
      await client.query('reset session_replication_role');
      await client.query('vacuum analyze');
    } finally {
      await client.end();
    }

    const ctx: AppContext = {
      db: handle.db,
      clock: { now: () => at },
      realClock: { now: () => at },
      log: pino({ level: 'silent' }),
      dataDir: '/tmp/saps-bench-close-out',
    };
    const finance: Actor = {
      userId: demo.userIds['finance@saps.example']!,
      organizationId: demo.organizationIds['SAPS Program Operations']!,
      organizationKind: 'operator',
      roles: ['finance'],
      sessionId: 'bench',
    };
    const measure = async (label: string) => {
      const runs = [];
      let report: CloseOut | undefined;
      for (let i = 0; i < 3; i += 1) {
        const run = await timed(() => getCloseOut(ctx, finance, demo.programId));
        runs.push(run.ms);
        report = run.result;
      }
      runs.sort((a, b) => a - b);
      if (!report) {
        throw new Error('no report');
      }
      const csv = await timed(async () => {
        let rows = 0;
        for await (const _row of await exportCloseOut(ctx, finance, demo.programId)) {
          rows += 1;
        }
        return rows;
      });
      console.log(
        `${label}: report median ${ms(runs[1]!)} (runs ${runs.map(ms).join(', ')}); balanced ${report.balanced}, ${report.unbalancedAgreementCount} unbalanced agreements (${report.unbalancedAgreements.length} listed); CSV ${csv.result} rows in ${ms(csv.ms)}`,
      );
      return report;
    };
    const balanced = await measure('balanced');
    if (!balanced.balanced || balanced.days.accrued !== 20 * count + 40 || balanced.days.removed !== 12 * count) {
      throw new Error(`unexpected figures: ${JSON.stringify(balanced.days)}`);
    }
    await handle.db.execute(
      sql`update vouchers set days = days + 1 where id in (select id from vouchers where code like 'CO-%-1' order by id limit 1000)`,
    );
    const unbalanced = await measure('1,000 vouchers edited');
    if (unbalanced.unbalancedAgreementCount !== Math.min(1000, count)) {
      throw new Error(`expected 1000 unbalanced agreements, got ${unbalanced.unbalancedAgreementCount}`);
    }
    await handle.close();
    console.log(`command: ${envPrefix({ BENCH_CLOSE_OUT_AGREEMENTS: count })}node --import tsx bench/run.ts close-out`);
  } finally {
    await dropDatabase(name);
  }
}
