import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/app/clock.js';
import type { Actor } from '../../src/app/context.js';
import { auditEvents } from '../../src/db/schema/index.js';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { eq } from 'drizzle-orm';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * The simulated clock lives in the database (decision 017): a restart keeps it, and two clocks
 * opened on one database (two processes) agree, also right after one of them moved it.
 */
let t: TestApp;
let operator: string;
let operatorActor: Actor;

const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await buildTestApp({ simulated: true });
  operator = await t.login('operator@saps.example');
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(operator) });
  const body = me.json<{ id: string; organizationId: string }>();
  operatorActor = {
    userId: body.id,
    organizationId: body.organizationId,
    organizationKind: 'operator',
    roles: ['operator_admin'],
    sessionId: 'test',
  };
});
afterAll(async () => {
  await t.close();
});

const putClock = (payload: object) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/clock', headers: bearer(operator), payload });

describe('the simulated clock in the database', () => {
  it('survives a restart: a clock opened again with the demo start keeps the instant set', async () => {
    expect((await putClock({ now: '2021-05-10T08:00:00.000Z' })).statusCode).toBe(200);
    // What a restarted process does: open the clock with the configured (demo) start instant.
    const restarted = await SimulatedClock.open(t.handle.db, new Date('2021-03-01T09:00:00.000Z'), { shared: true });
    const drift = restarted.now().getTime() - new Date('2021-05-10T08:00:00.000Z').getTime();
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThan(10_000);
  });

  it('two clocks on one database agree, and a change made through one is seen by the other after freshen()', async () => {
    const first = await SimulatedClock.open(t.handle.db, new Date('2030-01-01T00:00:00.000Z'), { shared: true });
    const second = await SimulatedClock.open(t.handle.db, new Date('2030-01-01T00:00:00.000Z'), { shared: true });
    expect(Math.abs(first.now().getTime() - second.now().getTime())).toBeLessThan(100);

    await first.set(operatorActor, new Date('2021-06-30T23:59:59.000Z'));
    // Before it looks, the second still holds the old offset; one read brings it level.
    expect(second.now().getTime()).toBeLessThan(new Date('2021-06-30T00:00:00.000Z').getTime());
    await second.freshen();
    expect(Math.abs(first.now().getTime() - second.now().getTime())).toBeLessThan(100);
    expect(second.now().getTime()).toBeGreaterThanOrEqual(new Date('2021-06-30T23:59:59.000Z').getTime());

    // The server's own clock reads the same row: the next request sees it too.
    const served = await t.app.inject({ method: 'GET', url: '/api/v1/clock' });
    if (t.handle.engine === 'postgres') {
      expect(new Date(served.json().now).getTime()).toBeGreaterThanOrEqual(
        new Date('2021-06-30T23:59:59.000Z').getTime(),
      );
    }
  });

  it('records each move in the audit log, saying whether it went backwards', async () => {
    expect((await putClock({ now: '2021-07-02T00:00:00.000Z' })).statusCode).toBe(200);
    expect((await putClock({ now: '2021-07-01T00:00:00.000Z', allowBackwards: true })).statusCode).toBe(200);
    const events = await t.handle.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'clock.set'));
    expect(events.map((e) => e.after).slice(-2)).toEqual([
      { now: '2021-07-02T00:00:00.000Z', backwards: false },
      { now: '2021-07-01T00:00:00.000Z', backwards: true },
    ]);
  });

  it('accepts a move to the instant it stands at or later, and refuses 1 ms earlier', async () => {
    expect((await putClock({ now: '2031-01-01T00:00:00.000Z' })).statusCode).toBe(200);
    // The clock runs on: 1 ms before where it was set is earlier than where it stands now.
    expect((await putClock({ now: '2030-12-31T23:59:59.999Z' })).statusCode).toBe(422);
    const stands = new Date((await t.app.inject({ method: 'GET', url: '/api/v1/clock' })).json().now);
    expect((await putClock({ now: new Date(stands.getTime() + 60_000).toISOString() })).statusCode).toBe(200);
  });
});

describe('an expired invitation stays expired', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: 'SAPS <no-reply@saps.test>', dataDir: t.ctx.dataDir });
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('refuses to move the clock back over its expiry unless asked, so the invitation is not revived', async () => {
    const start = new Date('2032-01-01T00:00:00.000Z');
    expect((await putClock({ now: start.toISOString() })).statusCode).toBe(200);
    const email = 'late-invitee@fabrikam.example';
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${t.demo.organizationIds['Fabrikam Consulting']}/users`,
      headers: bearer(operator),
      payload: { email, name: 'Lee Late', roles: ['consultant'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await dispatchOutbox(t.ctx, mailer)).toMatchObject({ sent: 1 });
    const mail = smtp.received.find((m) => m.to.includes(email));
    const token = /accept-invitation\?token=([\w-]+)/.exec(mail?.text ?? '')![1]!;
    const accept = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitations/accept',
        payload: { token, password: 'correct-horse-battery' },
      });

    // 8 days on, the 7-day invitation has expired.
    expect((await putClock({ now: new Date(start.getTime() + 8 * day).toISOString() })).statusCode).toBe(200);
    expect((await accept()).statusCode).toBe(404);

    // Moving back to the day it was sent is refused, and the invitation stays expired.
    expect((await putClock({ now: new Date(start.getTime() + day).toISOString() })).statusCode).toBe(422);
    expect((await accept()).statusCode).toBe(404);
  });
});
