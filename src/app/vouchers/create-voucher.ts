import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { sqlList, type Executor } from '../../db/connection.js';
import { runPreparedQuery, type Param } from '../../db/prepared.js';
import { agreements, engagementTypes, organizations, programs } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { voucherCodeBytesNeeded, voucherCodeFromBytes } from '../../domain/voucher-code.js';
import { decideCreate } from '../../domain/voucher-decisions.js';
import { liveVoucherStatuses, redeemedVoucherStatus } from '../../domain/voucher-lifecycle.js';
import { requireRole, requireVisible } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { toPolicy } from '../programs/present-program.js';
import { projectManagerSql, type ProjectManagerFacts } from './change-project-manager.js';
import { persistVoucherCreation } from './persist-decision.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';

export interface CreateVoucherInput {
  agreementId: string;
  engagementTypeId: string;
  days: number;
  projectManagerId: string;
  exceptionReason?: string | undefined;
}

function newVoucherCode(): string {
  for (;;) {
    const code = voucherCodeFromBytes(randomBytes(voucherCodeBytesNeeded));
    if (code) {
      return code;
    }
  }
}

/**
 * Create and assign (seed step 4), one step by the benefit admin: the checks at this instant, the
 * voucher, the days allocated from the agreement, the code e-mailed to the project manager, and
 * the audit record, in one transaction of two statements (snapshot, then persist).
 */
export async function createVoucher(ctx: AppContext, actor: Actor, input: CreateVoucherInput): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const view = await attemptCreation(tx, actor, input, now);
      if (view) {
        return view;
      }
    }
    throw new Error('no voucher created after 5 attempts (code collisions or concurrent 15-day creations)');
  });
}

/**
 * Live or used 15-day vouchers of the type for the customer: a voucher past its expiry instant is
 * expired, swept or not ("expiry is enforced at the moment of the action"); a redeemed one stays used.
 */
function fifteenDayVouchersSql(organizationId: SQL, engagementTypeId: SQL | string, now: SQL | Date): SQL<number> {
  return sql<number>`(select count(*)::int from vouchers v
    where v.organization_id = ${organizationId} and v.engagement_type_id = ${engagementTypeId} and v.days = 15
      and ((v.status in (${sqlList(liveVoucherStatuses)}) and v.expires_at > ${now})
           or v.status = ${redeemedVoucherStatus}))`;
}

/** One snapshot, decision and persist; null when the persist found the snapshot stale (retry). */
async function attemptCreation(
  tx: Executor,
  actor: Actor,
  input: CreateVoucherInput,
  now: Date,
): Promise<VoucherView | null> {
  {
    // The snapshot in one query. It locks the agreement (its balance) and the customer: one
    // customer's creations are serialised, so the second-15-day rule holds under races.
    const [row] = await runPreparedQuery(
      tx,
      'createVoucher:snapshot',
      (db, p) =>
        db
          .select({
            agreement: agreements,
            customerName: organizations.name,
            program: programs,
            engagementType: engagementTypes,
            pm: projectManagerSql(p('projectManagerId'), agreements.organizationId),
            // Live or used 15-day vouchers of the type: a voucher past its expiry instant is expired,
            // swept or not ("expiry is enforced at the moment of the action"); a redeemed one stays used.
            fifteenDay: fifteenDayVouchersSql(
              sql`${agreements.organizationId}`,
              sql`${p('engagementTypeId')}::uuid`,
              sql`${p('now')}::timestamptz`,
            ),
          })
          .from(agreements)
          .innerJoin(organizations, eq(organizations.id, agreements.organizationId))
          .innerJoin(programs, eq(programs.id, agreements.programId))
          .leftJoin(
            engagementTypes,
            and(eq(engagementTypes.id, p('engagementTypeId')), eq(engagementTypes.programId, agreements.programId)),
          )
          .where(eq(agreements.id, p('agreementId')))
          .for('update', { of: [agreements, organizations] }),
      {
        projectManagerId: input.projectManagerId,
        engagementTypeId: input.engagementTypeId,
        agreementId: input.agreementId,
        now,
      },
    );
    requireVisible(actor, row, (r) => r.agreement.organizationId, 'agreement', input.agreementId);
    const { agreement, engagementType } = row!;
    if (!engagementType) {
      throw refusal(
        'validation-failed',
        'voucher.unknownEngagementType',
        {},
        {
          errors: [fieldError('body.engagementTypeId', 'field.unknownEngagementType')],
        },
      );
    }
    const policy = toPolicy(row!.program);
    const pm = (row!.pm ?? null) as ProjectManagerFacts;
    const facts = {
      // Operators see every agreement but create no vouchers: the decision answers 404/403.
      actor,
      policy,
      engagementType,
      now,
      agreement: {
        id: agreement.id,
        organizationId: agreement.organizationId,
        programId: agreement.programId,
        activated: agreement.activatedAt !== null,
        balance: agreement.balance,
      },
      projectManager: pm,
      otherFifteenDayVouchers: row!.fifteenDay,
    };
    const exceptionReason = input.exceptionReason?.trim() || null;
    const decision = decideCreate(
      { id: randomUUID(), code: newVoucherCode(), days: input.days, exceptionReason },
      facts,
    );
    const view = presentVoucher(decision.after, engagementType, policy, {
      actor,
      now,
      payment: { inLiveRequest: false, registered: false, rated: false },
      names: { customer: row!.customerName, partner: null, projectManager: pm?.name ?? null, consultants: [] },
    });
    // The insert is skipped if the random code is taken, or if the 15-day count changed: the
    // snapshot statement waited for the customer lock but counted with its older snapshot (READ
    // COMMITTED), so a rival that committed meanwhile is only seen by this later statement.
    const guard =
      input.days === 15
        ? {
            name: 'fifteenDay',
            sql: (p: Param) =>
              sql`${fifteenDayVouchersSql(sql`${p('organizationId')}::uuid`, sql`${p('engagementTypeId')}::uuid`, sql`${p('now')}::timestamptz`)} = ${p('fifteenDay')}::int`,
            values: {
              organizationId: agreement.organizationId,
              engagementTypeId: engagementType.id,
              fifteenDay: row!.fifteenDay,
            },
          }
        : undefined;
    const written = await persistVoucherCreation(tx, decision, { now, guard });
    return written ? view : null;
  }
}
