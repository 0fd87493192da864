import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { verifyPassword } from '../../src/app/auth/passwords.js';
import { createUserFromCommandLine } from '../../src/cli/user-commands.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { auditEvents, organizations, users } from '../../src/db/schema/index.js';
import { createTestDatabase } from '../support/database.js';
import { TestClock } from '../support/test-clock.js';

/**
 * `saps user create` goes through `createUser`, the use case behind POST /organizations/{id}/users
 * (issue 8: "saps user create calls the same use case as the API, and so writes the audit record").
 */
let handle: DatabaseHandle;
let ctx: AppContext;
const links = { publicUrl: 'http://saps.test' };
const at = '2021-03-01T09:00:00.000Z';

beforeAll(async () => {
  handle = await createTestDatabase();
  const clock = new TestClock(new Date(at));
  ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '/nonexistent' };
});
afterAll(async () => {
  await handle.close();
});

const admin = {
  email: 'First.Admin@Example.test',
  name: 'First Admin',
  role: ['operator_admin'],
  password: 'a-long-enough-password',
};

describe('saps user create', () => {
  it('creates the first operator admin in the operator organisation, with one audit record by the system', async () => {
    const outcome = await createUserFromCommandLine(ctx, admin, links);
    expect(outcome).toEqual({ code: 0, message: 'User first.admin@example.test created.' });

    const [user] = await handle.db.select().from(users).where(eq(users.email, 'first.admin@example.test'));
    expect(user).toMatchObject({ name: 'First Admin', roles: ['operator_admin'], active: true });
    expect(await verifyPassword(user!.passwordHash, admin.password)).toBe(true);
    const [organization] = await handle.db
      .select()
      .from(organizations)
      .where(eq(organizations.id, user!.organizationId));
    expect(organization?.kind).toBe('operator');

    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, user!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user.created',
      entityType: 'user',
      // The command line is the system, as sweeps and the seed are: no user acted.
      actorId: null,
      organizationIds: [user!.organizationId],
      before: null,
      at: new Date(at),
    });
    expect(audit[0]!.after).toMatchObject({ email: 'first.admin@example.test', roles: ['operator_admin'] });
  });

  it('refuses an e-mail already in use, as the API does, and writes nothing', async () => {
    const before = await handle.db.select().from(auditEvents);
    const outcome = await createUserFromCommandLine(ctx, { ...admin, name: 'Second' }, links);
    expect(outcome.code).toBe(1);
    expect(outcome.message).toContain('already has this e-mail');
    expect(await handle.db.select().from(auditEvents)).toHaveLength(before.length);
  });

  it('refuses a role the organisation kind may not hold, with the use case’s rule', async () => {
    const outcome = await createUserFromCommandLine(
      ctx,
      { ...admin, email: 'partner-role@example.test', role: ['partner_admin'] },
      links,
    );
    expect(outcome).toEqual({ code: 1, message: 'saps user create: a operator user cannot hold partner_admin' });
  });

  it('refuses bad arguments before it touches the database', async () => {
    const outcome = await createUserFromCommandLine(ctx, { email: 'nope', role: ['wizard'], password: 'short' }, links);
    expect(outcome.code).toBe(2);
    expect(outcome.message).toContain('--email must be an e-mail address');
    expect(outcome.message).toContain('unknown role(s): wizard');
    expect(outcome.message).toContain('--password needs at least 12 characters');
  });
});
