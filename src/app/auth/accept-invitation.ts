import { and, eq, gt, isNull } from 'drizzle-orm';
import { invitations, users } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { hashPassword } from './passwords.js';
import { sha256 } from './tokens.js';

/** The invitee sets a password; the token works once and for 7 days. */
export async function acceptInvitation(ctx: AppContext, input: { token: string; password: string }): Promise<void> {
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const [used] = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(
        and(eq(invitations.tokenHash, sha256(input.token)), isNull(invitations.usedAt), gt(invitations.expiresAt, now)),
      )
      .returning();
    if (!used) {
      throw new DomainError('not-found', 'this invitation does not exist, was already used or has expired');
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
