import { eq } from 'drizzle-orm';
import { organizations, sessions, users } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { assertNotRateLimited, clearFailures, recordFailure, type RateLimitRule } from '../platform/rate-limit.js';
import { verifyPassword } from './passwords.js';
import { newSecret, sha256 } from './tokens.js';
import { presentUser, type UserView } from '../organizations/present-user.js';

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

/** Rate limits on *failed* sign-ins: per account, and per IP (an office shares one IP). */
function loginRules(email: string, ip: string): RateLimitRule[] {
  return [
    { key: `login:account:${email}`, limit: 5, windowSeconds: 15 * 60, what: 'sign-in attempts for this account' },
    { key: `login:ip:${ip}`, limit: 50, windowSeconds: 15 * 60, what: 'sign-in attempts from this address' },
  ];
}

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
  const rules = loginRules(email, input.ip);
  await assertNotRateLimited(ctx.db, rules, now);

  const [row] = await ctx.db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, email));
  const passwordOk = await verifyPassword(row?.user.passwordHash ?? null, input.password);
  if (!row || !passwordOk || !row.user.active) {
    await recordFailure(ctx.db, rules, now);
    ctx.log.info({ email, ip: input.ip }, 'sign-in refused');
    throw new DomainError('unauthenticated', 'the e-mail or the password is wrong');
  }

  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      userId: row.user.id,
      tokenHash: sha256(token),
      csrfToken,
      createdAt: now,
      expiresAt,
    });
    await clearFailures(tx, `login:account:${email}`);
  });
  return { user: presentUser(row.user, row.organization), token, csrfToken, expiresAt };
}
