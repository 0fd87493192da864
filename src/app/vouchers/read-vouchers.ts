import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { engagementTypes, programs, vouchers } from '../../db/schema/index.js';
import type { VoucherStatus } from '../../domain/voucher-lifecycle.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';
import { toPolicy } from '../programs/present-program.js';
import { containsCode, containsText, searchText } from '../search.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import {
  loadVisibleVoucher,
  toPaymentFacts,
  toStanding,
  toVoucherNames,
  voucherRowSelection,
} from './voucher-store.js';

export interface VoucherFilter {
  status?: VoucherStatus | undefined;
  agreementId?: string | undefined;
  organizationId?: string | undefined;
  /** Free text: the code (with or without dashes), the customer's or the partner's name. */
  q?: string | undefined;
}

/**
 * `?q=` (api.md, v1 additions): the code, the customer's name, the partner's name. Inside the
 * caller's scope, so a partner finds by name only the vouchers it holds.
 */
function voucherSearch(q: string | undefined): SQL | undefined {
  const text = searchText(q);
  if (!text) {
    return undefined;
  }
  const nameOf = (organizationId: typeof vouchers.organizationId | typeof vouchers.partnerId) =>
    sql`(select o.name from organizations o where o.id = ${organizationId})`;
  return or(
    containsCode(vouchers.code, text),
    containsText(nameOf(vouchers.organizationId), text),
    containsText(nameOf(vouchers.partnerId), text),
  );
}

/**
 * Vouchers the actor may see: a customer its own, a partner those it holds (a partner sees a
 * voucher only from the moment it reserves it), operators all.
 */
export async function listVouchers(
  ctx: AppContext,
  actor: Actor,
  filter: VoucherFilter,
  page: PageRequest,
): Promise<Page<VoucherView>> {
  const scope = isOperator(actor)
    ? filter.organizationId
      ? or(eq(vouchers.organizationId, filter.organizationId), eq(vouchers.partnerId, filter.organizationId))
      : undefined
    : actor.organizationKind === 'partner'
      ? eq(vouchers.partnerId, actor.organizationId)
      : eq(vouchers.organizationId, actor.organizationId);
  const rows = await ctx.db
    .select(voucherRowSelection)
    .from(vouchers)
    .innerJoin(engagementTypes, eq(engagementTypes.id, vouchers.engagementTypeId))
    .innerJoin(programs, eq(programs.id, vouchers.programId))
    .where(
      and(
        scope,
        filter.status ? eq(vouchers.status, filter.status) : undefined,
        filter.agreementId ? eq(vouchers.agreementId, filter.agreementId) : undefined,
        voucherSearch(filter.q),
        afterCursor(page, vouchers.createdAt, vouchers.id),
      ),
    )
    .orderBy(...newestFirst(vouchers.createdAt, vouchers.id))
    .limit(page.limit + 1);
  const now = ctx.clock.now();
  const page_ = toPage(
    rows.map((r) => ({ ...r, createdAt: r.voucher.createdAt, id: r.voucher.id })),
    page,
    (r) =>
      presentVoucher(r.voucher, r.engagementType, toPolicy(r.program), {
        actor,
        now,
        payment: toPaymentFacts(r.payment),
        standing: toStanding(r.standing),
        names: toVoucherNames(r.names),
      }),
  );
  return page_;
}

export async function getVoucher(ctx: AppContext, actor: Actor, id: string): Promise<VoucherView> {
  const { voucher, engagementType, policy, payment, standing, names } = await loadVisibleVoucher(ctx.db, actor, id, {
    statement: 'get',
  });
  return presentVoucher(voucher, engagementType, policy, { actor, now: ctx.clock.now(), payment, standing, names });
}
