import { and, eq, gt, isNull } from 'drizzle-orm';
import { invitations, users } from '../../db/schema/index.js';
import { DomainError, refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { assertStrongPassword } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { sha256 } from './tokens.js';

const invitationNotFound = (): DomainError => refusal('not-found', 'auth.invitationGone');

/** The invitee sets a password; the token works once and for 7 days. */
export async function acceptInvitation(ctx: AppContext, input: { token: string; password: string }): Promise<void> {
  const now = ctx.clock.now();
  const tokenHash = sha256(input.token);
  const live = and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, now));
  // The password is judged against the invitee's own e-mail and name, so they are read first,
  // outside the transaction (zxcvbn takes tens of milliseconds; on PGlite a transaction holds
  // the only connection). The update below checks the invitation again.
  const [invitee] = await ctx.db
    .select({ email: users.email, name: users.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(live);
  if (!invitee) {
    throw invitationNotFound();
  }
  assertStrongPassword(input.password, invitee);
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const [used] = await tx.update(invitations).set({ usedAt: now }).where(live).returning();
    if (!used) {
      throw invitationNotFound();
    }
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, used.userId))
      .returning({ organizationId: users.organizationId });
    await recordAudit(tx, {
      at: now,
      actorId: used.userId,
      organizationIds: user ? [user.organizationId] : [],
      action: 'user.invitation-accepted',
      entityType: 'user',
      entityId: used.userId,
      before: null,
      after: { passwordSet: true },
    });
  });
}
