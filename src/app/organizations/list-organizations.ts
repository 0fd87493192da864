import { and, eq } from 'drizzle-orm';
import { organizations } from '../../db/schema/index.js';
import type { OrganizationKind } from '../../domain/roles.js';
import { isOperator, requireVisible } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';
import { presentOrganization, type OrganizationView } from './create-organization.js';

/** Operators see every organisation; everyone else sees only their own. */
export async function listOrganizations(
  ctx: AppContext,
  actor: Actor,
  filter: { kind?: OrganizationKind | undefined },
  page: PageRequest,
): Promise<Page<OrganizationView>> {
  const rows = await ctx.db
    .select()
    .from(organizations)
    .where(
      and(
        isOperator(actor) ? undefined : eq(organizations.id, actor.organizationId),
        filter.kind ? eq(organizations.kind, filter.kind) : undefined,
        afterCursor(page, organizations.createdAt, organizations.id),
      ),
    )
    .orderBy(...newestFirst(organizations.createdAt, organizations.id))
    .limit(page.limit + 1);
  return toPage(rows, page, presentOrganization);
}

export async function getOrganization(ctx: AppContext, actor: Actor, id: string): Promise<OrganizationView> {
  const [row] = await ctx.db.select().from(organizations).where(eq(organizations.id, id));
  return presentOrganization(requireVisible(actor, row, (r) => r.id, 'organization', id));
}
