import { and, eq, notExists } from 'drizzle-orm';
import { apiKeys, organizations, users } from '../../db/schema/index.js';
import { canSeeOrganization, notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';
import { presentUser, type UserView } from './present-user.js';

/** The people of an organisation: its own members and operators may list them. */
export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  page: PageRequest,
): Promise<Page<UserView>> {
  const [organization] = await ctx.db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!organization || !canSeeOrganization(actor, organizationId)) {
    throw notFound('organization', organizationId);
  }
  const rows = await ctx.db
    .select()
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        // An API key's principal is not one of the organisation's people (the API keys page lists keys).
        notExists(ctx.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.principalId, users.id))),
        afterCursor(page, users.createdAt, users.id),
      ),
    )
    .orderBy(...newestFirst(users.createdAt, users.id))
    .limit(page.limit + 1);
  return toPage(rows, page, (row) => presentUser(row, organization));
}
