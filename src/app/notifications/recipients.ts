import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import { defaultPreferences, preferencesOf, type PreferencesView } from './preferences.js';

export interface Recipient extends PreferencesView {
  id: string;
  email: string;
  name: string;
  organizationId: string;
}

/** The active users of an organisation holding one of `roles`, with their preferences. */
export async function usersWithRole(
  db: Executor,
  organizationId: string,
  roles: readonly Role[],
): Promise<Recipient[]> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, organizationId: users.organizationId })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.active, true),
        sql`${users.roles} && array[${sql.join(
          roles.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`,
      ),
    )
    .orderBy(users.email);
  return withPreferences(db, rows);
}

/** The operator organisation's users holding one of `roles` (finance, for payment requests). */
export async function operatorUsersWithRole(db: Executor, roles: readonly Role[]): Promise<Recipient[]> {
  const operators = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.kind, 'operator'));
  const found: Recipient[] = [];
  for (const operator of operators) {
    found.push(...(await usersWithRole(db, operator.id, roles)));
  }
  return found;
}

/** One user (active only), with preferences. */
export async function userById(db: Executor, userId: string): Promise<Recipient | undefined> {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, organizationId: users.organizationId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return (await withPreferences(db, rows))[0];
}

export async function usersByIds(db: Executor, ids: readonly string[]): Promise<Recipient[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, organizationId: users.organizationId })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.active, true)));
  return withPreferences(db, rows);
}

async function withPreferences(
  db: Executor,
  rows: { id: string; email: string; name: string; organizationId: string }[],
): Promise<Recipient[]> {
  const preferences = await preferencesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...row, ...(preferences.get(row.id) ?? defaultPreferences) }));
}

/** Merges recipient lists, one entry per user (a benefit admin who is also the PM gets one copy). */
export function uniqueRecipients(...lists: Recipient[][]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const list of lists) {
    for (const r of list) {
      seen.set(r.id, r);
    }
  }
  return [...seen.values()];
}
