import { eq, sql } from 'drizzle-orm';
import { organizations, users } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
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
    await recordFailedSignIn(ctx, email, { reason: passwordOk ? 'inactive' : 'wrong-password', ip: input.ip });
    throw refusal('unauthenticated', 'auth.wrongPassword');
  }

  const session: OpenedSession = await ctx.db.transaction(async (tx) => {
    const opened = await openSession(tx, row.user.id, now);
    // Not a failure: give the places back, and remember this client for the account.
    await releaseAttempt(tx, rules, now);
    await recordLastSeen(tx, knownClient, now);
    // Who signed in, when and from where, for security reviews (decision 015); in the session's
    // transaction, so there is no session without its record.
    await recordAudit(tx, {
      // On the program clock, as every audit record (and the single sign-on one).
      at: ctx.clock.now(),
      actorId: row.user.id,
      // Operators only: every member of an organisation reads its audit log, and a colleague's
      // sign-in times and addresses are not theirs to read (decision 015).
      organizationIds: [],
      action: 'user.signed-in',
      entityType: 'user',
      entityId: row.user.id,
      before: null,
      after: { method: 'password', ip: input.ip },
    });
    return opened;
  });
  return { user: presentUser(row.user, row.organization), ...session };
}

/**
 * `user.sign-in-failed` for a refused password sign-in to an existing account (decision 015):
 * the reason and the client address, never the password; readable by operators only, as the
 * record of a sign-in. An unknown e-mail gets no record
 * (nothing to attach it to, and a stranger's typo is noise; the log has it).
 *
 * It cannot widen the sign-in limit: the attempt was counted before the password was verified,
 * and a write that fails only turns the refusal into a 500. Nor may it tell whether the account
 * exists: both paths run this same statement (inserting no row for an unknown e-mail), and the
 * transaction does not wait for the disk (`synchronous_commit = off`), so the existing account
 * costs one row in memory more, far below the spread of argon2 (`bench/sign-in-timing.ts`). On a
 * crash the last records of failures may be lost, never a state change's.
 */
async function recordFailedSignIn(
  ctx: AppContext,
  email: string,
  failure: { reason: 'wrong-password' | 'inactive'; ip: string },
): Promise<void> {
  const after = JSON.stringify({ method: 'password', ...failure });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`
      insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
      select ${ctx.clock.now()}, null, '{}'::uuid[], 'user.sign-in-failed', 'user', u.id::text, null,
        ${after}::jsonb
      from users u where u.email = ${email}`);
  });
}
