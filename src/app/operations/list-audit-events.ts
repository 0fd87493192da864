import { and, arrayContains, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { agreements, auditEvents, organizations, paymentRequests, users, vouchers } from '../../db/schema/index.js';
import { isOperator } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { beforeIdCursor, toIdPage, type Page, type PageRequest } from '../pagination.js';
import { containsCode, containsText, searchText } from '../search.js';
import type { z } from 'zod';
import type { auditEvent } from '../../http/schemas/operations.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type AuditEventView = z.output<typeof auditEvent>;

export interface AuditFilter {
  entityId?: string | undefined;
  actorId?: string | undefined;
  /** Free text: a voucher code (with or without dashes), an organisation's or a user's name. */
  q?: string | undefined;
}

const entityUsers = alias(users, 'entity_users');
const entityOrganizations = alias(organizations, 'entity_organizations');

/**
 * Operators see every event; others only the events of their organisation. Newest first, with
 * the names people know (issue 12): the actor, the entity's label and the organisations.
 */
export async function listAuditEvents(
  ctx: AppContext,
  actor: Actor,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEventView>> {
  const before = beforeIdCursor(page);
  // The entity's label, by its type (ids are stored as text: compare as text).
  const entityLabel = sql<string | null>`coalesce(
    ${vouchers.code}, ${paymentRequests.reference}, ${agreements.licensingId},
    ${entityOrganizations.name}, ${entityUsers.name})`;
  const organizationNames = sql<string[]>`coalesce((select array_agg(o.name order by o.name)
    from ${organizations} o where o.id = any(${auditEvents.organizationIds})), '{}')`;
  let search: SQL | undefined;
  const q = searchText(filter.q);
  if (q) {
    // Wildcards typed by the user are matched literally (search.ts escapes them).
    search = or(
      containsText(sql`coalesce(${users.name}, '')`, q),
      containsCode(sql`coalesce(${vouchers.code}, '')`, q),
      containsCode(sql`coalesce(${paymentRequests.reference}, '')`, q),
      containsText(sql`coalesce(${agreements.licensingId}, '')`, q),
      containsText(sql`coalesce(${entityOrganizations.name}, '')`, q),
      containsText(sql`coalesce(${entityUsers.name}, '')`, q),
      sql`exists (select 1 from ${organizations} o
        where o.id = any(${auditEvents.organizationIds}) and ${containsText(sql`o.name`, q)})`,
    );
  }
  const rows = await ctx.db
    .select({ event: auditEvents, actorName: users.name, entityLabel, organizationNames })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(vouchers, and(eq(auditEvents.entityType, 'voucher'), eq(sql`${vouchers.id}::text`, auditEvents.entityId)))
    .leftJoin(
      paymentRequests,
      and(eq(auditEvents.entityType, 'payment-request'), eq(sql`${paymentRequests.id}::text`, auditEvents.entityId)),
    )
    .leftJoin(
      agreements,
      and(eq(auditEvents.entityType, 'agreement'), eq(sql`${agreements.id}::text`, auditEvents.entityId)),
    )
    .leftJoin(
      entityOrganizations,
      and(
        sql`${auditEvents.entityType} in ('organization', 'partner')`,
        eq(sql`${entityOrganizations.id}::text`, auditEvents.entityId),
      ),
    )
    .leftJoin(
      entityUsers,
      and(eq(auditEvents.entityType, 'user'), eq(sql`${entityUsers.id}::text`, auditEvents.entityId)),
    )
    .where(
      and(
        isOperator(actor) ? undefined : arrayContains(auditEvents.organizationIds, [actor.organizationId]),
        filter.entityId ? eq(auditEvents.entityId, filter.entityId) : undefined,
        filter.actorId ? eq(auditEvents.actorId, filter.actorId) : undefined,
        search,
        before !== undefined ? lt(auditEvents.id, before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(page.limit + 1);
  const events = rows.map((r) => ({
    ...r.event,
    actorName: r.actorName,
    entityLabel: r.entityLabel,
    organizationNames: r.organizationNames,
  }));
  return toIdPage(events, page, (r) => ({
    id: String(r.id),
    at: r.at,
    actorId: r.actorId,
    actorName: r.actorName ?? null,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    entityLabel: r.entityLabel ?? null,
    organizationNames: r.organizationNames ?? [],
    before: r.before,
    after: r.after,
  }));
}
