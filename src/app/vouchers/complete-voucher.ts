import { sql } from 'drizzle-orm';
import { engagementTypes } from '../../db/schema/index.js';
import { decideComplete, type CompletionReportDecisionInput } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVisibleVoucher } from './voucher-store.js';

export type CompletionReportInput = CompletionReportDecisionInput;

/** A uuid[] literal (the ids are validated uuids). */
function uuids(ids: string[]): string {
  return `{${[...new Set(ids)].join(',')}}`;
}

/**
 * The completion report (seed step 6): actual dates, the delivering consultants (at least one
 * qualified by an exam of the engagement type), summary, next steps and the customer planning
 * deliverable uploaded.
 */
export async function completeVoucher(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: CompletionReportInput,
): Promise<VoucherView> {
  requireRole(actor, 'partner_admin', 'consultant');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // One query: the voucher, and which of the named consultants and files are the partner's.
    const loaded = await loadVisibleVoucher(tx, actor, voucherId, {
      statement: 'complete',
      values: {
        consultantIds: uuids(input.consultantIds),
        fileIds: uuids(input.deliverableFileIds),
        partnerId: actor.organizationId,
      },
      extra: (p) => ({
        consultants: sql`coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name)) from users u
          where u.id = any(${p('consultantIds')}::uuid[])
            and u.organization_id = ${p('partnerId')} and 'consultant' = any(u.roles)), '[]'::json)`,
        qualified: sql`array(select distinct x.user_id::text from consultant_exams x
          where x.user_id = any(${p('consultantIds')}::uuid[]) and x.exam = any(${engagementTypes.exams}))`,
        files: sql`array(select f.id::text from files f where f.id = any(${p('fileIds')}::uuid[])
          and f.organization_id = ${p('partnerId')})`,
      }),
    });
    const consultants = (
      typeof loaded.extra.consultants === 'string' ? JSON.parse(loaded.extra.consultants) : loaded.extra.consultants
    ) as { id: string; name: string }[];
    const decision = decideComplete(loaded.voucher, input, {
      ...decisionFacts(actor, loaded, now),
      engagementType: loaded.engagementType,
      consultantsOfPartner: consultants.map((c) => c.id),
      qualifiedConsultants: loaded.extra.qualified as string[],
      filesOfPartner: loaded.extra.files as string[],
    });
    const after = await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return presentAfter(actor, loaded, after, now, { consultants });
  });
}
