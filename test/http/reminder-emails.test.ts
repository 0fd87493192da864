import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../../src/app/notifications/send-due-reminders.js';
import { notifications, outbox, reminderSends, users } from '../../src/db/schema/index.js';
import { smtpMailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp.js';
import { demoEmails, makeVoucher } from '../support/voucher-factory.js';

let t: TestApp;
let smtp: TestSmtpServer;
let pmToken: string;
let benefitsToken: string;
let voucherCode: string;

// The demo voucher below is created 2021-03-01T09:00Z and expires 2021-08-28T09:00Z: its
// 30-day reminder is due on 2021-07-29 (program zone UTC).
const reminderDay = '2021-07-29T10:00:00.000Z';

beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startSmtpServer();
  voucherCode = (await makeVoucher(t, { until: 'assigned' })).code;
  // Sessions follow the test clock: sign in on the reminder day.
  t.clock.set(reminderDay);
  pmToken = await t.login(demoEmails.projectManager);
  benefitsToken = await t.login(demoEmails.benefitAdmin);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  await t.ctx.db.delete(outbox);
  await t.ctx.db.delete(reminderSends);
  await t.ctx.db.delete(notifications);
  smtp.received.length = 0;
  for (const token of [pmToken, benefitsToken]) {
    await put(token, { language: 'en', emailReminders: true });
  }
});

function put(token: string, body: unknown) {
  return t.app.inject({
    method: 'PUT',
    url: '/api/v1/me/preferences',
    headers: bearer(token),
    payload: body as object,
  });
}

async function remind(): Promise<ReceivedMail[]> {
  t.clock.set(reminderDay);
  await sendDueReminders(t.ctx, { publicUrl: 'http://saps.test' });
  await dispatchOutbox(t.ctx, smtpMailer(smtp.url, 'SAPS <no-reply@saps.example>'));
  return smtp.received.filter((m) => m.subject.includes(voucherCode));
}

describe('preferences', () => {
  it('default to English with reminders on, and are saved for the caller only', async () => {
    const fresh = await t.login(demoEmails.partner);
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers: bearer(fresh) })).json()).toEqual({
      language: 'en',
      emailReminders: true,
    });
    const saved = await put(pmToken, { language: 'fr', emailReminders: false });
    expect(saved.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers: bearer(pmToken) })).json()).toEqual({
      language: 'fr',
      emailReminders: false,
    });
    expect((await t.app.inject({ url: '/api/v1/me/preferences', headers: bearer(fresh) })).json().language).toBe('en');
  });

  it('refuses a language SAPS does not write, naming the field', async () => {
    const refused = await put(pmToken, { language: 'de', emailReminders: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().type).toBe('/problems/validation-failed');
    expect(refused.json().errors[0].path).toContain('language');
  });
});

describe('reminder e-mails', () => {
  it('carry the code, the deadline and its rule, one link, and RFC 8058 unsubscribe headers', async () => {
    const mails = await remind();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([demoEmails.benefitAdmin, demoEmails.projectManager]);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Voucher ${voucherCode} expires in 30 days`);
    expect(mail.text).toContain('Deadline: 28 August 2021 (voucher expiry)');
    expect(mail.headers['list-unsubscribe']).toMatch(
      /^<http:\/\/saps\.test\/api\/v1\/reminders\/unsubscribe\?token=.+>$/,
    );
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain('28 August 2021');
  });

  it('are written in French for a French user', async () => {
    await put(pmToken, { language: 'fr', emailReminders: true });
    const mails = await remind();
    const french = mails.find((m) => m.to.includes(demoEmails.projectManager))!;
    expect(french.subject).toBe(`Le bon ${voucherCode} expire dans 30 jours`);
    expect(french.text).toContain('28 août 2021 (expiration du bon)');
    expect(mails.find((m) => m.to.includes(demoEmails.benefitAdmin))!.subject).toContain('expires in 30 days');
  });

  it('are not e-mailed to a user who turned them off, whose notification still appears in the app', async () => {
    await put(pmToken, { language: 'en', emailReminders: false });
    const mails = await remind();
    expect(mails.map((m) => m.to[0])).toEqual([demoEmails.benefitAdmin]);
    const list = await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: bearer(pmToken) });
    expect(list.json().items.map((n: { kind: string }) => n.kind)).toEqual(['reminder.voucher_expiry']);
  });

  it('turn off through the link of the e-mail, with no sign-in, and stay off', async () => {
    const mails = await remind();
    const url = new URL(
      mails.find((m) => m.to.includes(demoEmails.projectManager))!.headers['list-unsubscribe']!.slice(1, -1),
    );
    const page = await t.app.inject({ url: `${url.pathname}${url.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const oneClick = await t.app.inject({
      method: 'POST',
      url: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/v1/me/preferences', headers: bearer(pmToken) })).json().emailReminders,
    ).toBe(false);
    await t.ctx.db.delete(reminderSends);
    smtp.received.length = 0;
    expect((await remind()).map((m) => m.to[0])).toEqual([demoEmails.benefitAdmin]);
  });

  it('refuse a forged or altered unsubscribe token with 404', async () => {
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    for (const token of [`${pm!.id}.forged`, 'nonsense', `${pm!.id}`]) {
      const refused = await t.app.inject({ method: 'POST', url: `/api/v1/reminders/unsubscribe?token=${token}` });
      expect(refused.statusCode).toBe(404);
    }
    expect(
      (await t.app.inject({ url: '/api/v1/me/preferences', headers: bearer(pmToken) })).json().emailReminders,
    ).toBe(true);
  });

  it('go out with POST /admin/sweeps, whose answer counts them', async () => {
    t.clock.set(reminderDay);
    const operator = await t.login(demoEmails.operator);
    const swept = await t.app.inject({ method: 'POST', url: '/api/v1/admin/sweeps', headers: bearer(operator) });
    expect(swept.statusCode).toBe(200);
    expect(swept.json().remindersSent).toBeGreaterThanOrEqual(2);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/admin/sweeps', headers: bearer(operator) });
    expect(again.json().remindersSent).toBe(0);
  });
});

describe('notifications', () => {
  it('list the caller\u2019s own, newest first, paginated; read one, then all', async () => {
    await remind();
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    await t.ctx.db.insert(notifications).values({
      userId: pm!.id,
      kind: 'voucher.reserved',
      title: 'later',
      body: 'b',
      link: '/vouchers/x',
      subjectType: 'voucher',
      subjectId: 'x',
      at: new Date('2021-07-30T00:00:00Z'),
    });
    const first = await t.app.inject({ url: '/api/v1/notifications?limit=1', headers: bearer(pmToken) });
    expect(first.json().items.map((n: { title: string }) => n.title)).toEqual(['later']);
    expect(first.json().unreadCount).toBe(2);
    const second = await t.app.inject({
      url: `/api/v1/notifications?limit=1&cursor=${first.json().nextCursor}`,
      headers: bearer(pmToken),
    });
    expect(second.json().items[0].kind).toBe('reminder.voucher_expiry');
    expect(second.json().nextCursor).toBeNull();
    const id = second.json().items[0].id as string;
    // Someone else's notification is a 404, like a missing one.
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: bearer(benefitsToken),
    });
    expect(foreign.statusCode).toBe(404);
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: bearer(pmToken),
    });
    expect(read.json().readAt).toBe(reminderDay);
    const unread = await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: bearer(pmToken) });
    expect(unread.json().items.map((n: { title: string }) => n.title)).toEqual(['later']);
    const all = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: bearer(pmToken) });
    expect(all.json()).toEqual({ read: 1 });
    expect(
      (await t.app.inject({ url: '/api/v1/notifications?unread=true', headers: bearer(pmToken) })).json().items,
    ).toEqual([]);
  });
});
