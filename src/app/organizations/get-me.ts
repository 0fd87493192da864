import { eq } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index.js';
import { notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { presentUser, type UserView } from './present-user.js';

export async function getMe(ctx: AppContext, actor: Actor): Promise<UserView> {
  const [row] = await ctx.db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, actor.userId));
  if (!row) {
    throw notFound('user', actor.userId);
  }
  return presentUser(row.user, row.organization);
}
