import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations, users } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import type { OrganizationKind, Role } from '../../domain/roles.js';
import { hasRole, isOperator, notFound } from '../access.js';
import type { Actor } from '../context.js';

/** The role that runs an organisation's people, per kind (domain.md, roles table). */
export const adminRoleByKind: Record<OrganizationKind, Role> = {
  operator: 'operator_admin',
  partner: 'global_admin',
  customer: 'benefit_admin',
};

/**
 * Operators' admins run every organisation's people; an organisation's own admin runs its own.
 * Another organisation's caller gets a 404, one of the same organisation without the role a 403.
 */
export function requireOrganizationAdmin(actor: Actor, organizationId: string, kind: OrganizationKind): void {
  if (isOperator(actor) && hasRole(actor, 'operator_admin')) {
    return;
  }
  // Operators see every organisation, so one without operator_admin is refused, not told 404.
  if (!isOperator(actor) && actor.organizationId !== organizationId) {
    throw notFound('organization', organizationId);
  }
  if (!hasRole(actor, adminRoleByKind[kind])) {
    throw refusal('forbidden', 'access.adminsOnly', { role: adminRoleByKind[kind] });
  }
}

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;

/**
 * Loads an organisation and one of its users for a change, locking the organisation's users so
 * that two concurrent changes cannot both remove "the other" last admin.
 */
export async function loadUserForChange(
  tx: Executor,
  actor: Actor,
  organizationId: string,
  userId: string,
): Promise<{ organization: OrganizationRow; user: UserRow; colleagues: UserRow[] }> {
  const [organization] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!organization || !(isOperator(actor) || actor.organizationId === organizationId)) {
    throw notFound('organization', organizationId);
  }
  requireOrganizationAdmin(actor, organizationId, organization.kind);
  const colleagues = await tx.select().from(users).where(eq(users.organizationId, organizationId)).for('update');
  const user = colleagues.find((u) => u.id === userId);
  if (!user) {
    throw notFound('user', userId);
  }
  return { organization, user, colleagues };
}

/** "Nobody can remove the last admin of an organisation" (issue 4). */
export function assertAnotherAdminRemains(
  organization: OrganizationRow,
  colleagues: UserRow[],
  change: { userId: string; remainsAdmin: boolean },
): void {
  const adminRole = adminRoleByKind[organization.kind];
  if (change.remainsAdmin) {
    return;
  }
  const others = colleagues.filter((u) => u.id !== change.userId && u.active && u.roles.includes(adminRole));
  const target = colleagues.find((u) => u.id === change.userId);
  if (target?.active && target.roles.includes(adminRole) && others.length === 0) {
    throw refusal('policy-violation', 'user.lastAdmin', {
      name: target.name,
      role: adminRole,
      organization: organization.name,
    });
  }
}
