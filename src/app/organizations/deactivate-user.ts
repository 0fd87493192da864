import { and, eq, isNull } from 'drizzle-orm';
import { invitations, passwordResets, sessions, users } from '../../db/schema/index.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { assertAnotherAdminRemains, loadUserForChange } from './organization-admins.js';
import { presentUser, type UserView } from './present-user.js';

/**
 * Deactivates a user: "a deactivated user's sessions and tokens die at once" (issue 4). Every
 * session is revoked, and unused invitation and password-reset links stop working, in the same
 * transaction. The organisation's last admin cannot be deactivated. Deactivating an inactive
 * user changes nothing.
 */
export async function deactivateUser(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  userId: string,
): Promise<UserView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { organization, user, colleagues } = await loadUserForChange(tx, actor, organizationId, userId);
    if (!user.active) {
      return presentUser(user, organization);
    }
    assertAnotherAdminRemains(organization, colleagues, { userId, remainsAdmin: false });
    const [row] = await tx.update(users).set({ active: false }).where(eq(users.id, userId)).returning();
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt)));
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    const view = presentUser(row!, organization);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [organizationId],
      action: 'user.deactivated',
      entityType: 'user',
      entityId: userId,
      before: presentUser(user, organization),
      after: { ...view, sessionsRevoked: revoked.length },
    });
    return view;
  });
}
