import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { runPreparedQuery } from '../../db/prepared.js';
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
  // The hot path of every request: built and prepared once (db/prepared.ts).
  const [row] = await runPreparedQuery(
    ctx.db,
    'authenticate',
    (db, p) =>
      db
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
            eq(sessions.tokenHash, p('tokenHash')),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, sql`${p('now')}::timestamptz`),
            eq(users.active, true),
          ),
        ),
    { tokenHash: sha256(token), now },
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
