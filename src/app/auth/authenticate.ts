import { and, eq, gt, isNull } from 'drizzle-orm';
import { organizations, sessions, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import type { Actor, AppContext } from '../context.js';
import { sha256 } from './tokens.js';

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
}

/** The session behind a token, if it is live: not revoked, not expired, user active. */
export async function authenticate(ctx: AppContext, token: string): Promise<AuthenticatedSession | null> {
  const now = ctx.realClock.now();
  const [row] = await ctx.db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      userId: users.id,
      roles: users.roles,
      organizationId: organizations.id,
      organizationKind: organizations.kind,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(sessions.tokenHash, sha256(token)),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    );
  if (!row) {
    return null;
  }
  return {
    csrfToken: row.csrfToken,
    actor: {
      userId: row.userId,
      organizationId: row.organizationId,
      organizationKind: row.organizationKind,
      roles: row.roles as Role[],
      sessionId: row.sessionId,
    },
  };
}
