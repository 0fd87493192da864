import { eq } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { recordLastSeen, releaseAttempt, reserveAttempt, seenSince } from '../platform/rate-limit.js';
import { verifyPassword } from './passwords.js';
import { clientAddress, knownClientDays, knownClientKey, signInRules } from './sign-in-limits.js';
import { presentUser, type UserView } from '../organizations/present-user.js';
import { openSession, type OpenedSession } from './open-session.js';

export { sessionLifetimeMs } from './open-session.js';

export interface LoginResult {
  user: UserView;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  // Sessions and sign-in limits run on real time, even when the program clock is simulated.
  const now = ctx.realClock.now();
  const client = clientAddress(input.ip);
  const knownClient = knownClientKey(email, client);
  const known = await seenSince(ctx.db, knownClient, new Date(now.getTime() - knownClientDays * 86_400_000));
  const rules = signInRules(email, client, known);
  // Counted before argon2 runs (issue 9, finding 1): a burst cannot get more guesses evaluated
  // than the limit, since each attempt takes its place atomically first (decision 015).
  await reserveAttempt(ctx.db, rules, now);

  const [row] = await ctx.db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, email));
  const passwordOk = await verifyPassword(row?.user.passwordHash ?? null, input.password);
  if (!row || !passwordOk || !row.user.active) {
    ctx.log.info({ email, ip: input.ip }, 'sign-in refused');
    throw refusal('unauthenticated', 'auth.wrongPassword');
  }

  const session: OpenedSession = await ctx.db.transaction(async (tx) => {
    const opened = await openSession(tx, row.user.id, now);
    // Not a failure: give the places back, and remember this client for the account.
    await releaseAttempt(tx, rules, now);
    await recordLastSeen(tx, knownClient, now);
    return opened;
  });
  return { user: presentUser(row.user, row.organization), ...session };
}
