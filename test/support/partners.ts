import { count, ne } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { auditEvents } from '../../src/db/schema/index.js';
import { bearer, type TestApp } from './app.js';

export interface NewPartner {
  id: string;
  adminId: string;
  adminEmail: string;
  /** Bearer token of the partner's global admin (also partner admin). */
  token: string;
}

let serial = 0;

/** An operator registers a partner and its global admin over the API (issue 4, walk-through). */
export async function createPartner(
  t: TestApp,
  name: string,
  options: { country?: string; roles?: string[] } = {},
): Promise<NewPartner> {
  const operator = await t.login('operator@saps.example');
  const organization = await t.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: bearer(operator),
    payload: { kind: 'partner', name, country: options.country ?? 'US' },
  });
  if (organization.statusCode !== 201) {
    throw new Error(`creating ${name} failed: ${organization.body}`);
  }
  const id = organization.json<{ id: string }>().id;
  serial += 1;
  const adminEmail = `admin-${serial}-${id.slice(0, 8)}@partner.example`;
  const user = await t.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${id}/users`,
    headers: bearer(operator),
    payload: {
      email: adminEmail,
      name: `Admin of ${name}`,
      roles: options.roles ?? ['global_admin', 'partner_admin'],
      password: 'a-long-password',
    },
  });
  if (user.statusCode !== 201) {
    throw new Error(`creating the admin of ${name} failed: ${user.body}`);
  }
  return {
    id,
    adminId: user.json<{ id: string }>().id,
    adminEmail,
    token: await t.login(adminEmail, 'a-long-password'),
  };
}

/** Adds a user with a password to an organisation (as the operator) and signs them in. */
export async function addUser(
  t: TestApp,
  organizationId: string,
  roles: string[],
): Promise<{ id: string; email: string; token: string }> {
  const operator = await t.login('operator@saps.example');
  serial += 1;
  const email = `user-${serial}-${organizationId.slice(0, 8)}@example.com`;
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${organizationId}/users`,
    headers: bearer(operator),
    payload: { email, name: `User ${serial}`, roles, password: 'a-long-password' },
  });
  if (response.statusCode !== 201) {
    throw new Error(`adding a user failed: ${response.body}`);
  }
  return { id: response.json<{ id: string }>().id, email, token: await t.login(email, 'a-long-password') };
}

/** Row counts of tables, to prove that a refusal changed nothing. */
/**
 * The rows of each table; of `audit_events`, those of changes: a sign-in writes a record of its
 * own (`user.signed-in`), and the tests' helpers sign in lazily, in the middle of a check.
 */
export async function countRows(t: TestApp, tables: PgTable[]): Promise<number[]> {
  const counts: number[] = [];
  for (const table of tables) {
    const [row] =
      table === auditEvents
        ? await t.ctx.db.select({ n: count() }).from(auditEvents).where(ne(auditEvents.action, 'user.signed-in'))
        : await t.ctx.db.select({ n: count() }).from(table);
    counts.push(row!.n);
  }
  return counts;
}
