import { and, eq, gt, isNull } from 'drizzle-orm';
import { passwordResets, sessions, users } from '../../db/schema/index.js';
import { DomainError, refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { clearFailuresWithPrefix } from '../platform/rate-limit.js';
import { assertStrongPassword } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { accountCounterPrefix } from './sign-in-limits.js';
import { sha256 } from './tokens.js';

const resetLinkNotFound = (): DomainError => refusal('not-found', 'auth.resetLinkGone');

/**
 * Sets a new password with a reset link: single use, one hour. Every session of the user is
 * revoked, so whoever held the old password is signed out everywhere.
 */
export async function confirmPasswordReset(ctx: AppContext, input: { token: string; password: string }): Promise<void> {
  const now = ctx.clock.now();
  const tokenHash = sha256(input.token);
  // Read first, outside the transaction: the password is judged against the person's e-mail
  // and name (zxcvbn takes tens of milliseconds). The update below checks the link again.
  const [person] = await ctx.db
    .select({ email: users.email, name: users.name })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
        eq(users.active, true),
      ),
    );
  if (!person) {
    throw resetLinkNotFound();
  }
  assertStrongPassword(input.password, person);
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)),
      )
      .returning();
    const [user] = used
      ? await tx
          .update(users)
          .set({ passwordHash })
          .where(and(eq(users.id, used.userId), eq(users.active, true)))
          .returning()
      : [];
    if (!used || !user) {
      throw resetLinkNotFound();
    }
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)));
    await clearFailuresWithPrefix(tx, accountCounterPrefix(user.email));
    await recordAudit(tx, {
      at: now,
      actorId: user.id,
      organizationIds: [user.organizationId],
      action: 'user.password-reset',
      entityType: 'user',
      entityId: user.id,
      before: null,
      after: { passwordSet: true, passwordResetId: used.id },
    });
  });
}
