import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/app/auth/tokens.js';
import { auditEvents, invitations, outbox, passwordResets, sessions, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { addUser, countRows, createPartner } from '../support/partners.js';

let t: TestApp;
let operator: string;
beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
});
afterAll(async () => {
  await t.close();
});

const northwind = () => t.demo.organizationIds['Northwind Traders']!;
const inject = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });

describe('inviting people', () => {
  it('a project manager cannot invite (403); inviting an existing e-mail is policy-violation; nothing changes', async () => {
    const pm = await t.login('pm@northwind.example');
    const admin = await t.login('benefits@northwind.example');
    const before = await countRows(t, [users, invitations, outbox, auditEvents]);
    const byPm = await inject('POST', `/organizations/${northwind()}/users`, pm, {
      email: 'new-pm@northwind.example',
      name: 'New PM',
      roles: ['project_manager'],
    });
    expect(byPm.statusCode).toBe(403);
    const existing = await inject('POST', `/organizations/${northwind()}/users`, admin, {
      email: 'PM@northwind.example',
      name: 'Paul Again',
      roles: ['project_manager'],
    });
    expect(existing.statusCode).toBe(422);
    expect(existing.json().type).toBe('/problems/policy-violation');
    expect(await countRows(t, [users, invitations, outbox, auditEvents])).toEqual(before);
  });

  it('an expired or used invitation is not-found', async () => {
    const admin = await t.login('benefits@northwind.example');
    const invited = await inject('POST', `/organizations/${northwind()}/users`, admin, {
      email: 'invitee@northwind.example',
      name: 'Ines Invitee',
      roles: ['project_manager'],
    });
    expect(invited.statusCode).toBe(201);
    const [mail] = await t.ctx.db.select().from(outbox).orderBy(outbox.id);
    const token = /token=([\w-]+)/.exec(JSON.stringify((mail!.payload as { text: string }).text))?.[1];
    expect(token).toBeDefined();
    const accept = (password: string) => inject('POST', '/auth/invitations/accept', null, { token: token!, password });
    expect((await accept('a-fine-password')).statusCode).toBe(204);
    const used = await accept('another-password');
    expect(used.statusCode).toBe(404);
    expect(used.json().type).toBe('/problems/not-found');

    const second = await inject('POST', `/organizations/${northwind()}/users`, admin, {
      email: 'late@northwind.example',
      name: 'Larry Late',
      roles: ['project_manager'],
    });
    const [row] = await t.ctx.db.select().from(invitations).where(eq(invitations.userId, second.json().id));
    await t.ctx.db
      .update(invitations)
      .set({ tokenHash: sha256('known-token'), expiresAt: new Date('2021-03-01T08:00:00Z') })
      .where(eq(invitations.id, row!.id));
    const expired = await inject('POST', '/auth/invitations/accept', null, {
      token: 'known-token',
      password: 'a-fine-password',
    });
    expect(expired.statusCode).toBe(404);
  });
});

describe('roles, deactivation and the last admin', () => {
  it('the global admin changes roles; the last global admin cannot lose the role', async () => {
    const p = await createPartner(t, 'Role Partners');
    const colleague = await addUser(t, p.id, ['consultant']);
    const changed = await inject('PUT', `/organizations/${p.id}/users/${colleague.id}/roles`, p.token, {
      roles: ['consultant', 'partner_admin'],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().roles).toEqual(['consultant', 'partner_admin']);
    // The change applies at once: the colleague may now add a location.
    const location = await inject('POST', `/partners/${p.id}/locations`, colleague.token, { country: 'FR' });
    expect(location.statusCode).toBe(201);

    const before = await countRows(t, [auditEvents]);
    const demote = await inject('PUT', `/organizations/${p.id}/users/${p.adminId}/roles`, p.token, {
      roles: ['partner_admin'],
    });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().type).toBe('/problems/policy-violation');
    const deactivate = await inject('POST', `/organizations/${p.id}/users/${p.adminId}/deactivation`, operator);
    expect(deactivate.statusCode).toBe(422);
    expect(await countRows(t, [auditEvents])).toEqual(before);

    const wrongKind = await inject('PUT', `/organizations/${p.id}/users/${colleague.id}/roles`, p.token, {
      roles: ['benefit_admin'],
    });
    expect(wrongKind.statusCode).toBe(400);
    const byColleague = await inject('PUT', `/organizations/${p.id}/users/${p.adminId}/roles`, colleague.token, {
      roles: ['global_admin'],
    });
    expect(byColleague.statusCode).toBe(403);
  });

  it('with a second admin, the first may be demoted', async () => {
    const p = await createPartner(t, 'Two Admin Partners');
    const second = await addUser(t, p.id, ['global_admin']);
    const demote = await inject('PUT', `/organizations/${p.id}/users/${p.adminId}/roles`, second.token, {
      roles: ['partner_admin'],
    });
    expect(demote.statusCode).toBe(200);
  });

  it('deactivation kills every session and pending link of the user at once', async () => {
    const p = await createPartner(t, 'Deactivating Partners');
    const victim = await addUser(t, p.id, ['consultant']);
    const otherSession = await t.login(victim.email, 'a-long-password');
    expect((await inject('GET', '/me', victim.token)).statusCode).toBe(200);
    await inject('POST', '/auth/password-reset', null, { email: victim.email });
    const deactivated = await inject('POST', `/organizations/${p.id}/users/${victim.id}/deactivation`, p.token);
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().active).toBe(false);
    expect((await inject('GET', '/me', victim.token)).statusCode).toBe(401);
    expect((await inject('GET', '/me', otherSession)).statusCode).toBe(401);
    const live = await t.ctx.db.select().from(sessions).where(eq(sessions.userId, victim.id));
    expect(live.every((s) => s.revokedAt !== null)).toBe(true);
    const resets = await t.ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, victim.id));
    expect(resets.every((r) => r.usedAt !== null)).toBe(true);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: victim.email, password: 'a-long-password' },
    });
    expect(signIn.statusCode).toBe(401);
  });

  it('a project manager cannot deactivate anyone (403)', async () => {
    const pm = await t.login('pm@northwind.example');
    const admin = t.demo.userIds['benefits@northwind.example']!;
    expect((await inject('POST', `/organizations/${northwind()}/users/${admin}/deactivation`, pm)).statusCode).toBe(
      403,
    );
  });

  it('lists an organisation’s people, paginated, to its members and operators', async () => {
    const p = await createPartner(t, 'Listed Partners');
    await addUser(t, p.id, ['consultant']);
    await addUser(t, p.id, ['consultant']);
    const first = await inject('GET', `/organizations/${p.id}/users?limit=2`, p.token);
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    const next = await inject(
      'GET',
      `/organizations/${p.id}/users?limit=2&cursor=${first.json().nextCursor}`,
      operator,
    );
    expect(next.json().items).toHaveLength(1);
    expect(next.json().nextCursor).toBeNull();
  });
});

describe('password reset', () => {
  const resetMails = async (to: string) =>
    (await t.ctx.db.select().from(outbox)).filter((m) => (m.payload as { to: string }).to === to);

  it('answers 202 whatever the e-mail, sends one single-use link, and the link sets the password', async () => {
    const p = await createPartner(t, 'Forgetful Partners');
    const user = await addUser(t, p.id, ['consultant']);
    const unknown = await inject('POST', '/auth/password-reset', null, { email: 'nobody@nowhere.example' });
    expect(unknown.statusCode).toBe(202);
    expect(await resetMails('nobody@nowhere.example')).toHaveLength(0);
    const known = await inject('POST', '/auth/password-reset', null, { email: user.email });
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const mails = await resetMails(user.email);
    expect(mails).toHaveLength(1);
    const token = /token=([\w-]+)/.exec((mails[0]!.payload as { text: string }).text)![1]!;

    const confirm = (password: string) => inject('POST', '/auth/password-reset/confirm', null, { token, password });
    expect((await confirm('a-brand-new-password')).statusCode).toBe(204);
    expect((await inject('GET', '/me', user.token)).statusCode).toBe(401);
    expect(await t.login(user.email, 'a-brand-new-password')).toBeTruthy();
    const reused = await confirm('yet-another-password');
    expect(reused.statusCode).toBe(404);
    expect(reused.json().type).toBe('/problems/not-found');
  });

  it('an expired link is not-found', async () => {
    const p = await createPartner(t, 'Slow Partners');
    const user = await addUser(t, p.id, ['consultant']);
    await inject('POST', '/auth/password-reset', null, { email: user.email });
    const token = /token=([\w-]+)/.exec(((await resetMails(user.email))[0]!.payload as { text: string }).text)![1]!;
    t.clock.advance(60 * 60 * 1000);
    try {
      const expired = await inject('POST', '/auth/password-reset/confirm', null, {
        token,
        password: 'too-late-password',
      });
      expect(expired.statusCode).toBe(404);
    } finally {
      t.clock.set('2021-03-01T09:00:00.000Z');
    }
  });

  it('is rate limited per e-mail (429), whether or not the account exists', async () => {
    const ask = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        payload: { email: 'flood@nowhere.example' },
        remoteAddress: '10.1.1.1',
      });
    for (let i = 0; i < 3; i += 1) {
      expect((await ask()).statusCode).toBe(202);
    }
    const limited = await ask();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs no CSRF token with a session cookie, like sign-in', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'finance@saps.example', password: 'demo-password' },
    });
    const cookie = login.cookies.find((c) => c.name === 'saps_session')!;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      cookies: { saps_session: cookie.value },
      payload: { email: 'finance@saps.example' },
    });
    expect(response.statusCode).toBe(202);
  });
});
