import { and, desc, eq, lt } from 'drizzle-orm';
import { agreements, ledgerEntries } from '../../db/schema/index.js';
import { isOperator } from '../access.js';
import { loadVisibleAgreement } from '../agreements/agreement-store.js';
import type { Actor, AppContext } from '../context.js';
import { beforeIdCursor, toIdPage } from '../pagination.js';
import { exportBatchSize, pagedRows } from './batches.js';
import type { ExportRow } from './export-vouchers.js';

export const ledgerColumns = [
  'id',
  'agreementId',
  'licensingId',
  'organizationId',
  'kind',
  'days',
  'at',
  'voucherId',
  'note',
] as const;

export interface LedgerExportFilter {
  agreementId?: string | undefined;
  /** Operators: one customer's agreements. */
  organizationId?: string | undefined;
}

/**
 * `GET /exports/ledger.csv`: the ledger entries of the agreements the actor may see (the scope
 * of `GET /agreements`: a customer its own, operators all), newest first; one agreement's
 * (`GET /agreements/{id}/ledger`, the same 404 for another's) with `agreementId`.
 */
export async function exportLedger(
  ctx: AppContext,
  actor: Actor,
  filter: LedgerExportFilter,
): Promise<AsyncIterable<ExportRow>> {
  if (filter.agreementId) {
    await loadVisibleAgreement(ctx.db, actor, filter.agreementId);
  }
  const scope = isOperator(actor)
    ? filter.organizationId
      ? eq(agreements.organizationId, filter.organizationId)
      : undefined
    : eq(agreements.organizationId, actor.organizationId);
  return pagedRows(
    async (cursor) => {
      const page = { limit: exportBatchSize, cursor };
      const before = beforeIdCursor(page);
      const rows = await ctx.db
        .select({
          id: ledgerEntries.id,
          agreementId: ledgerEntries.agreementId,
          licensingId: agreements.licensingId,
          organizationId: agreements.organizationId,
          kind: ledgerEntries.kind,
          days: ledgerEntries.days,
          at: ledgerEntries.at,
          voucherId: ledgerEntries.voucherId,
          note: ledgerEntries.note,
        })
        .from(ledgerEntries)
        .innerJoin(agreements, eq(agreements.id, ledgerEntries.agreementId))
        .where(
          and(
            scope,
            filter.agreementId ? eq(ledgerEntries.agreementId, filter.agreementId) : undefined,
            before !== undefined ? lt(ledgerEntries.id, before) : undefined,
          ),
        )
        .orderBy(desc(ledgerEntries.id))
        .limit(page.limit + 1);
      return toIdPage(rows, page, (r): ExportRow => ({ ...r, id: String(r.id) }));
    },
    (items) => items,
  );
}
