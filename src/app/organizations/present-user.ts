import type { organizations, users } from '../../db/schema/index.js';
import type { OrganizationKind, Role } from '../../domain/roles.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: Role[];
  active: boolean;
  createdAt: Date;
}

/** Never hand a row out: the password hash stays here. */
export function presentUser(
  user: typeof users.$inferSelect,
  organization: Pick<typeof organizations.$inferSelect, 'kind'>,
): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organizationId: user.organizationId,
    organizationKind: organization.kind,
    roles: user.roles as Role[],
    active: user.active,
    createdAt: user.createdAt,
  };
}
