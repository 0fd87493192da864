import { and, arrayContains, desc, eq, lt } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import type { Page, PageRequest } from '../pagination.js';

export interface AuditEventView {
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Operators see every event; others only the events of their organisation. Newest first. */
export async function listAuditEvents(
  ctx: AppContext,
  actor: Actor,
  filter: { entityId?: string | undefined; actorId?: string | undefined },
  page: PageRequest,
): Promise<Page<AuditEventView>> {
  let before: number | undefined;
  if (page.cursor) {
    before = Number(page.cursor);
    if (!Number.isSafeInteger(before)) {
      throw new DomainError('validation-failed', 'the cursor is not one this server issued', {
        errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
      });
    }
  }
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
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  return {
    items: items.map((r) => ({
      id: String(r.id),
      at: r.at,
      actorId: r.actorId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
    })),
    nextCursor: hasMore ? String(items.at(-1)!.id) : null,
  };
}
