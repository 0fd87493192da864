import type { organizations, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import type { z } from 'zod';
import type { user } from '../../http/schemas/auth.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type UserView = z.output<typeof user>;

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
