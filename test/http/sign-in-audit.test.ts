import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '../../src/db/connection.js';
import { users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails } from '../support/voucher-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const signIn = (email: string, password: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

interface AuditRow {
  action: string;
  actor_id: string | null;
  entity_id: string;
  organization_ids: string[];
  after: Record<string, unknown>;
}

async function signInRecords(): Promise<AuditRow[]> {
  const result = await t.ctx.db.execute(
    sql`select action, actor_id, entity_id, organization_ids, after from audit_events
        where action like 'user.sign%' order by id`,
  );
  return resultRows<AuditRow>(result);
}

async function clearSignInRecords(): Promise<void> {
  await t.ctx.db.execute(sql`delete from audit_events where action like 'user.sign%'`);
}

describe('audit of password sign-ins', () => {
  it('records a successful sign-in as user.signed-in by the user, readable by the operator', async () => {
    await clearSignInRecords();
    const pm = t.demo.userIds[demoEmails.projectManager]!;
    expect((await signIn(demoEmails.projectManager, 'demo-password')).statusCode).toBe(200);
    expect(await signInRecords()).toEqual([
      {
        action: 'user.signed-in',
        actor_id: pm,
        entity_id: pm,
        organization_ids: [],
        after: { method: 'password', ip: '203.0.113.7' },
      },
    ]);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit-events?entityId=${pm}`,
      headers: bearer(await t.login(demoEmails.operator)),
    });
    expect(listed.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toContain('user.signed-in');
  });

  it("keeps a colleague's sign-in times and addresses from the rest of the organisation", async () => {
    await clearSignInRecords();
    const pm = t.demo.userIds[demoEmails.projectManager]!;
    expect((await signIn(demoEmails.projectManager, 'demo-password')).statusCode).toBe(200);
    expect((await signIn(demoEmails.projectManager, 'Guess-1234-secret', '198.51.100.3')).statusCode).toBe(401);
    const actionsSeenBy = async (email: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/audit-events?entityId=${pm}`,
          headers: bearer(await t.login(email)),
        })
      )
        .json<{ items: { action: string }[] }>()
        .items.map((e) => e.action)
        .filter((action) => action.startsWith('user.sign'));
    // The benefit admin of Northwind reads Northwind's audit log, but not these records.
    expect(await actionsSeenBy(demoEmails.benefitAdmin)).toEqual([]);
    // The operator sees them all.
    expect(await actionsSeenBy(demoEmails.operator)).toEqual(
      expect.arrayContaining(['user.signed-in', 'user.sign-in-failed']),
    );
  });

  it('records a wrong password for an existing account without the password, and nothing for an unknown e-mail', async () => {
    await clearSignInRecords();
    const pm = t.demo.userIds[demoEmails.projectManager]!;
    expect((await signIn(demoEmails.projectManager, 'Guess-1234-secret', '198.51.100.2')).statusCode).toBe(401);
    expect((await signIn('nobody@nowhere.example', 'Guess-1234-secret', '198.51.100.2')).statusCode).toBe(401);
    const records = await signInRecords();
    expect(records).toEqual([
      {
        action: 'user.sign-in-failed',
        actor_id: null,
        entity_id: pm,
        organization_ids: [],
        after: { method: 'password', reason: 'wrong-password', ip: '198.51.100.2' },
      },
    ]);
    const everything = JSON.stringify(resultRows(await t.ctx.db.execute(sql`select * from audit_events`)));
    expect(everything).not.toContain('Guess-1234-secret');
    expect(everything).not.toContain('nobody@nowhere.example');
  });

  it('records the right password of a deactivated account as refused for being inactive', async () => {
    await clearSignInRecords();
    const consultant = t.demo.userIds[demoEmails.consultant]!;
    await t.ctx.db.update(users).set({ active: false }).where(eq(users.id, consultant));
    try {
      expect((await signIn(demoEmails.consultant, 'demo-password')).statusCode).toBe(401);
    } finally {
      await t.ctx.db.update(users).set({ active: true }).where(eq(users.id, consultant));
    }
    expect((await signInRecords()).map((r) => [r.action, r.entity_id, r.after.reason])).toEqual([
      ['user.sign-in-failed', consultant, 'inactive'],
    ]);
  });

  it('keeps the sign-in limit: five failures are recorded, the refused attempts beyond are not evaluated', async () => {
    await clearSignInRecords();
    const ip = '192.0.2.44';
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => signIn(demoEmails.benefitAdmin, 'wrong-password', ip)),
    );
    expect(attempts.map((r) => r.statusCode).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Even the right password waits for the window: the records did not give places back.
    expect((await signIn(demoEmails.benefitAdmin, 'demo-password', ip)).statusCode).toBe(429);
    expect((await signInRecords()).map((r) => r.action)).toEqual(Array(5).fill('user.sign-in-failed'));
  });
});
