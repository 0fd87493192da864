import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import { hashPassword } from '../auth/passwords.js';

export const operatorOrganizationName = 'SAPS Program Operations';

/** The operator organisation exists once; it is created on first use. */
export async function ensureOperatorOrganization(tx: Executor, now: Date): Promise<string> {
  const [existing] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.kind, 'operator'))
    .limit(1);
  if (existing) {
    return existing.id;
  }
  const [row] = await tx
    .insert(organizations)
    .values({ kind: 'operator', name: operatorOrganizationName, country: 'US', createdAt: now })
    .returning({ id: organizations.id });
  return row!.id;
}

/** Inserts a user with a password unless the e-mail exists; returns the user id. */
export async function ensureUser(
  tx: Executor,
  input: { organizationId: string; email: string; name: string; roles: Role[]; password: string },
  now: Date,
): Promise<string> {
  const email = input.email.toLowerCase();
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) {
    return existing.id;
  }
  const [row] = await tx
    .insert(users)
    .values({
      organizationId: input.organizationId,
      email,
      name: input.name,
      roles: input.roles,
      passwordHash: await hashPassword(input.password),
      createdAt: now,
    })
    .returning({ id: users.id });
  return row!.id;
}
