import { and, eq, isNull } from 'drizzle-orm';
import { sessions } from '../../db/schema/index.js';
import type { Actor, AppContext } from '../context.js';

/** Revokes the caller's session: its cookie and its bearer token die at once. */
export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(sessions.id, actor.sessionId), isNull(sessions.revokedAt)));
}
