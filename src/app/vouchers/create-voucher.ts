import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { sqlList } from '../../db/connection.js';
import { agreements, engagementTypes, organizations, programs } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { voucherCodeBytesNeeded, voucherCodeFromBytes } from '../../domain/voucher-code.js';
import { decideCreate } from '../../domain/voucher-decisions.js';
import { liveVoucherStatuses, voucherTransitions } from '../../domain/voucher-lifecycle.js';
import { requireRole, requireVisible } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { toPolicy } from '../programs/present-program.js';
import { projectManagerSql, type ProjectManagerFacts } from './change-project-manager.js';
import { persistVoucherCreation } from './persist-decision.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { voucherCodeEmail } from './voucher-emails.js';

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
    // The snapshot in one query. It locks the agreement (its balance) and the customer: one
    // customer's creations are serialised, so the second-15-day rule holds under races.
    const [row] = await tx
      .select({
        agreement: agreements,
        program: programs,
        engagementType: engagementTypes,
        pm: projectManagerSql(input.projectManagerId, agreements.organizationId),
        // Live or used 15-day vouchers of the type: a voucher past its expiry instant is expired,
        // swept or not ("expiry is enforced at the moment of the action"); a redeemed one stays used.
        fifteenDay: sql<number>`(select count(*)::int from vouchers v
          where v.organization_id = ${agreements.organizationId} and v.engagement_type_id = ${input.engagementTypeId}
            and v.days = 15
            and ((v.status in (${sqlList(liveVoucherStatuses)}) and v.expires_at > ${now})
                 or v.status = ${voucherTransitions.redeem.to}))`,
      })
      .from(agreements)
      .innerJoin(organizations, eq(organizations.id, agreements.organizationId))
      .innerJoin(programs, eq(programs.id, agreements.programId))
      .leftJoin(
        engagementTypes,
        and(eq(engagementTypes.id, input.engagementTypeId), eq(engagementTypes.programId, agreements.programId)),
      )
      .where(eq(agreements.id, input.agreementId))
      .for('update', { of: [agreements, organizations] });
    requireVisible(actor, row, (r) => r.agreement.organizationId, 'agreement', input.agreementId);
    const { agreement, engagementType } = row!;
    if (!engagementType) {
      throw new DomainError('validation-failed', 'the engagement type is not one of this program', {
        errors: [
          { path: 'body.engagementTypeId', message: 'unknown engagement type for this agreement\u2019s program' },
        ],
      });
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
    // The code is random: on the rare collision the insert is skipped and another is drawn.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const decision = decideCreate(
        { id: randomUUID(), code: newVoucherCode(), days: input.days, exceptionReason },
        facts,
      );
      const view = presentVoucher(decision.after, engagementType, policy, {
        actor,
        now,
        payment: { inLiveRequest: false, registered: false, rated: false },
      });
      if (await persistVoucherCreation(tx, decision, { now, emails: [voucherCodeEmail(pm!, view)] })) {
        return view;
      }
    }
    throw new Error('no free voucher code after 5 draws');
  });
}
