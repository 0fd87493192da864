import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const day = 24 * 60 * 60 * 1000;
const newPassword = 'correct-horse-battery';

let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;
let operator: string;

beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: 'SAPS <no-reply@saps.test>', dataDir: t.ctx.dataDir });
  operator = await t.login('operator@saps.example');
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

/** Creates a user without a password, runs the dispatcher, and returns the token from the mail. */
async function invite(email: string): Promise<string> {
  const organizationId = t.demo.organizationIds['Fabrikam Consulting'];
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${organizationId}/users`,
    headers: bearer(operator),
    payload: { email, name: 'Ines Invitee', roles: ['consultant'] },
  });
  expect(created.statusCode).toBe(201);
  expect(await dispatchOutbox(t.ctx, mailer)).toMatchObject({ sent: 1 });
  const mail = smtp.received.find((m) => m.to.includes(email));
  expect(mail?.subject).toBe('You are invited to SAPS');
  const link = /http:\/\/saps\.test\/accept-invitation\?token=([\w-]+)/.exec(mail?.text ?? '');
  expect(link, `no invitation link in:\n${mail?.text}`).not.toBeNull();
  return link![1]!;
}

const accept = (token: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password: newPassword } });

const signIn = (email: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: newPassword } });

describe('invitation e-mail', () => {
  it('lets a user created without a password set one from the e-mailed link, then sign in', async () => {
    const token = await invite('invitee@fabrikam.example');
    expect((await signIn('invitee@fabrikam.example')).statusCode).toBe(401);

    expect((await accept(token)).statusCode).toBe(204);

    const login = await signIn('invitee@fabrikam.example');
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ email: 'invitee@fabrikam.example', roles: ['consultant'] });
  });

  it('refuses a second use of the same token with 404 not-found', async () => {
    const token = await invite('twice@fabrikam.example');
    expect((await accept(token)).statusCode).toBe(204);

    const again = await accept(token);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('accepts the token just before 7 days and refuses it with 404 not-found from 7 days on', async () => {
    const start = t.clock.now();
    const early = await invite('early@fabrikam.example');
    const late = await invite('late@fabrikam.example');

    t.clock.set(new Date(start.getTime() + 7 * day - 1000));
    expect((await accept(early)).statusCode).toBe(204);
    expect((await signIn('early@fabrikam.example')).statusCode).toBe(200);

    t.clock.set(new Date(start.getTime() + 7 * day));
    const expired = await accept(late);
    expect(expired.statusCode).toBe(404);
    expect(expired.json().type).toBe('/problems/not-found');
    t.clock.set(new Date(start.getTime() + 7 * day + 1000));
    expect((await accept(late)).statusCode).toBe(404);
    expect((await signIn('late@fabrikam.example')).statusCode).toBe(401);
  });
});
