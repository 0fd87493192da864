import type { Actor, AppContext } from '../context.js';
import { listAuditEvents } from '../operations/list-audit-events.js';
import { exportBatchSize, pagedRows } from './batches.js';
import type { ExportRow } from './export-vouchers.js';

export const auditEventColumns = [
  'id',
  'at',
  'actorId',
  'action',
  'entityType',
  'entityId',
  'before',
  'after',
] as const;

/** `GET /exports/audit-events.csv`: the rows of `GET /audit-events`; before/after as JSON text. */
export async function exportAuditEvents(
  ctx: AppContext,
  actor: Actor,
  filter: { entityId?: string | undefined; actorId?: string | undefined },
): Promise<AsyncIterable<ExportRow>> {
  return pagedRows(
    (cursor) => listAuditEvents(ctx, actor, filter, { limit: exportBatchSize, cursor }),
    (items) =>
      items.map((e) => ({
        id: e.id,
        at: e.at,
        actorId: e.actorId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        before: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
      })),
  );
}
