import { sql, type SQL } from 'drizzle-orm';
import { vouchers } from '../../db/schema/index.js';
import { decideChangeProjectManager } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVisibleVoucher } from './voucher-store.js';

/** An active project manager of the customer, as json (null when not one): for the snapshot query. */
export function projectManagerSql(userId: SQL | string, organizationId: unknown) {
  return sql`(select json_build_object('id', u.id, 'email', u.email, 'name', u.name) from users u
    where u.id = ${userId} and u.organization_id = ${organizationId} and u.active
      and 'project_manager' = any(u.roles))`;
}

export type ProjectManagerFacts = { id: string; email: string; name: string } | null;

/** "The PM may be changed until reservation"; the new PM receives the code. */
export async function changeProjectManager(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: { projectManagerId: string },
): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadVisibleVoucher(tx, actor, voucherId, {
      statement: 'changeProjectManager',
      values: { projectManagerId: input.projectManagerId },
      extra: (p) => ({ pm: projectManagerSql(p('projectManagerId'), vouchers.organizationId) }),
    });
    const pm = (loaded.extra.pm ?? null) as ProjectManagerFacts;
    const decision = decideChangeProjectManager(loaded.voucher, {
      ...decisionFacts(actor, loaded, now),
      projectManager: pm,
    });
    const view = presentAfter(actor, loaded, decision.after, now, { projectManager: pm?.name ?? null });
    await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return view;
  });
}
