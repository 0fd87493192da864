import { and, arrayContains, desc, eq, lt } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { beforeIdCursor, toIdPage, type Page, type PageRequest } from '../pagination.js';
import type { z } from 'zod';
import type { auditEvent } from '../../http/schemas/operations.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type AuditEventView = z.output<typeof auditEvent>;

/** Operators see every event; others only the events of their organisation. Newest first. */
export async function listAuditEvents(
  ctx: AppContext,
  actor: Actor,
  filter: { entityId?: string | undefined; actorId?: string | undefined },
  page: PageRequest,
): Promise<Page<AuditEventView>> {
  const before = beforeIdCursor(page);
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(
      and(
        isOperator(actor) ? undefined : arrayContains(auditEvents.organizationIds, [actor.organizationId]),
        filter.entityId ? eq(auditEvents.entityId, filter.entityId) : undefined,
        filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
        before !== undefined ? lt(auditEvents.id, before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1);
  return toIdPage(rows, page, (r) => ({
    id: String(r.id),
    at: r.at,
    actorId: r.actorId,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before,
    after: r.after,
  }));
}
