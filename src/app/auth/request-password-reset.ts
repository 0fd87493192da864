import { and, eq, isNull } from 'drizzle-orm';
import { passwordResets, users } from '../../db/schema/index.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { enqueueEmail } from '../platform/outbox.js';
import { assertNotRateLimited, recordFailure, type RateLimitRule } from '../platform/rate-limit.js';
import { newSecret, sha256 } from './tokens.js';

export const passwordResetLifetimeMs = 60 * 60 * 1000;

/**
 * Every request counts (not only failures, unlike sign-in): each one may send an e-mail. They
 * count the same whether the account exists or not, so a refusal reveals nothing either.
 */
function resetRules(email: string, ip: string): RateLimitRule[] {
  return [
    {
      key: `password-reset:account:${email}`,
      limit: 3,
      windowSeconds: 60 * 60,
      what: 'password resets for this e-mail',
    },
    { key: `password-reset:ip:${ip}`, limit: 20, windowSeconds: 60 * 60, what: 'password resets from this address' },
  ];
}

/**
 * "Password reset goes by e-mail" (issue 4). The answer is the same whether or not the e-mail
 * has an (active) account, so it reveals nothing; an account gets a single-use link valid for
 * one hour, which replaces any earlier unused link.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { email: string; ip: string },
  links: { publicUrl: string },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const now = ctx.clock.now();
  const rules = resetRules(email, input.ip);
  await assertNotRateLimited(ctx.db, rules, now);
  await recordFailure(ctx.db, rules, now);
  const token = newSecret();
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.email, email), eq(users.active, true)));
    if (!user) {
      ctx.log.info({ ip: input.ip }, 'password reset requested for an unknown or inactive e-mail');
      return;
    }
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const [row] = await tx
      .insert(passwordResets)
      .values({
        userId: user.id,
        tokenHash: sha256(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + passwordResetLifetimeMs),
      })
      .returning({ id: passwordResets.id, expiresAt: passwordResets.expiresAt });
    await enqueueEmail(
      tx,
      {
        to: user.email,
        subject: 'Reset your SAPS password',
        text:
          `Hello ${user.name},\n\nSomeone asked to reset the password of your SAPS account.\n` +
          `Choose a new password within one hour (the link works once):\n` +
          `${links.publicUrl}/reset-password?token=${token}\n\n` +
          `If it was not you, ignore this message: your password stays as it is.\n`,
      },
      now,
    );
    await recordAudit(tx, {
      at: now,
      actorId: null,
      organizationIds: [user.organizationId],
      action: 'user.password-reset-requested',
      entityType: 'user',
      entityId: user.id,
      before: null,
      after: { passwordResetId: row!.id, expiresAt: row!.expiresAt, ip: input.ip },
    });
  });
}
