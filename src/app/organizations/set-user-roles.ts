import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { rolesNotAllowedFor, type Role } from '../../domain/roles.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { adminRoleByKind, assertAnotherAdminRemains, loadUserForChange } from './organization-admins.js';
import { presentUser, type UserView } from './present-user.js';

/**
 * An organisation's admin (or the operator's) changes a user's roles. The change applies to
 * the user's next request, since every request reads the roles afresh. Nobody can take the
 * admin role from the organisation's last admin.
 */
export async function setUserRoles(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  userId: string,
  input: { roles: Role[] },
): Promise<UserView> {
  const roles = [...new Set(input.roles)];
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { organization, user, colleagues } = await loadUserForChange(tx, actor, organizationId, userId);
    const wrongRoles = rolesNotAllowedFor(organization.kind, roles);
    if (wrongRoles.length > 0) {
      throw refusal(
        'validation-failed',
        'user.wrongKindRoles',
        { kind: organization.kind, roles: wrongRoles },
        {
          errors: [fieldError('body.roles', 'field.notKindRole', { kind: organization.kind, roles: wrongRoles })],
        },
      );
    }
    assertAnotherAdminRemains(organization, colleagues, {
      userId,
      remainsAdmin: roles.includes(adminRoleByKind[organization.kind]),
    });
    const [row] = await tx.update(users).set({ roles }).where(eq(users.id, userId)).returning();
    const view = presentUser(row!, organization);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [organizationId],
      action: 'user.roles-changed',
      entityType: 'user',
      entityId: userId,
      before: presentUser(user, organization),
      after: view,
    });
    return view;
  });
}
