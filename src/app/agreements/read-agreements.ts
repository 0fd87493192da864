import { and, desc, eq, lt } from 'drizzle-orm';
import { agreements, ledgerEntries } from '../../db/schema/index.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import {
  afterCursor,
  beforeIdCursor,
  newestFirst,
  toIdPage,
  toPage,
  type Page,
  type PageRequest,
} from '../pagination.js';
import { loadVisibleAgreement, presentAgreement, type AgreementView } from './agreement-store.js';
import { presentLedgerEntry, type LedgerEntryView } from './ledger.js';

export async function listAgreements(
  ctx: AppContext,
  actor: Actor,
  filter: { organizationId?: string | undefined },
  page: PageRequest,
): Promise<Page<AgreementView>> {
  const scope = isOperator(actor)
    ? filter.organizationId
      ? eq(agreements.organizationId, filter.organizationId)
      : undefined
    : eq(agreements.organizationId, actor.organizationId);
  const rows = await ctx.db
    .select()
    .from(agreements)
    .where(and(scope, afterCursor(page, agreements.createdAt, agreements.id)))
    .orderBy(...newestFirst(agreements.createdAt, agreements.id))
    .limit(page.limit + 1);
  return toPage(rows, page, presentAgreement);
}

export async function getAgreement(ctx: AppContext, actor: Actor, id: string): Promise<AgreementView> {
  return presentAgreement(await loadVisibleAgreement(ctx.db, actor, id));
}

/** The agreement's ledger, newest first; the cursor is the last entry id. */
export async function listLedger(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  page: PageRequest,
): Promise<Page<LedgerEntryView>> {
  await loadVisibleAgreement(ctx.db, actor, agreementId);
  const before = beforeIdCursor(page);
  const rows = await ctx.db
    .select()
    .from(ledgerEntries)
    .where(
      and(eq(ledgerEntries.agreementId, agreementId), before !== undefined ? lt(ledgerEntries.id, before) : undefined),
    )
    .orderBy(desc(ledgerEntries.id))
    .limit(page.limit + 1);
  return toIdPage(rows, page, presentLedgerEntry);
}
