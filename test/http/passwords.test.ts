import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordWeakness } from '../../src/app/auth/password-policy.js';
import { bootstrap } from '../../src/app/seed/bootstrap.js';
import { auditEvents, invitations, outbox, passwordResets, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { countRows, createPartner } from '../support/partners.js';

/** Issue 9, findings 9, 11 (creating a user) and 12. */
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
const inject = (method: 'POST' | 'PUT', url: string, token: string | null, payload: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: token ? bearer(token) : {}, payload });
let serial = 0;
const newUser = (password?: string, name = 'Robin Planner') => {
  serial += 1;
  return inject('POST', `/organizations/${northwind()}/users`, operator, {
    email: `robin.planner${serial}@northwind.example`,
    name,
    roles: ['project_manager'],
    ...(password === undefined ? {} : { password }),
  });
};
const tokenIn = (mail: { payload: unknown }) => /token=([\w-]+)/.exec((mail.payload as { text: string }).text)![1]!;

describe('the password rule', () => {
  it('refuses the passwords the review found accepted, and says why', async () => {
    for (const password of ['password12', '1234567890', '          ', '12345678901']) {
      const response = await newUser(password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json().errors).toEqual([{ path: 'body.password', message: 'at least 12 characters' }]);
    }
    for (const password of ['            ', 'password1234', '123456789012', 'azertyuiop123', 'motdepasse123']) {
      const response = await newUser(password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json().errors[0].path).toBe('body.password');
      expect(response.json().detail).toMatch(/password (is too easy to guess|cannot be only spaces)/);
    }
  });

  it('refuses a password built on the person’s own e-mail or name', async () => {
    const byName = await newUser('RobinPlanner2021', 'Robin Planner');
    expect(byName.statusCode).toBe(400);
    expect(byName.json().detail).toContain('too easy to guess');
    expect(passwordWeakness('northwindrobin', { email: 'robin.planner9@northwind.example' })).not.toBeNull();
    // The same password is fine for someone else.
    expect(passwordWeakness('RobinPlanner2021', { email: 'someone@else.example', name: 'Sam Else' })).toBeNull();
  });

  it('says why in French to a French reader: our sentence and zxcvbn\u2019s feedback from its French pack', async () => {
    const ask = (language?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/organizations/${northwind()}/users`,
        headers: { ...bearer(operator), ...(language ? { 'accept-language': language } : {}) },
        payload: {
          email: `robin.planner.fr${language ?? ''}@northwind.example`,
          name: 'Robin Planner',
          roles: ['project_manager'],
          password: 'password1234',
        },
      });
    const fr = await ask('fr');
    expect(fr.statusCode).toBe(400);
    const french =
      'ce mot de passe est trop facile à deviner : Ce mot de passe est similaire à un mot de passe couramment utilisé. Ajoutez des mots moins courants.';
    expect(fr.json()).toMatchObject({
      messageKey: 'password.tooEasyBecause',
      detail: french,
      errors: [{ path: 'body.password', message: french }],
    });
    const english =
      'this password is too easy to guess: This is similar to a commonly used password. Add more words that are less common.';
    expect((await ask()).json()).toMatchObject({
      detail: english,
      params: { reasons: 'This is similar to a commonly used password. Add more words that are less common.' },
      errors: [{ path: 'body.password', message: english }],
    });
    expect(passwordWeakness('q7#Lm2!xV9p')).toBe('a password needs at least 12 characters');
  });

  it('accepts 12 characters that are hard to guess (boundary: 11 refused, 12 accepted)', async () => {
    expect(passwordWeakness('q7#Lm2!xV9p')).toMatch(/at least 12/);
    expect(passwordWeakness('q7#Lm2!xV9pz')).toBeNull();
    expect((await newUser('q7#Lm2!xV9pz')).statusCode).toBe(201);
    expect((await newUser('glacier-umbrella-quartz')).statusCode).toBe(201);
  });

  it('applies to invitation acceptance: a weak password changes nothing and the invitation still works', async () => {
    const invited = await newUser();
    expect(invited.statusCode).toBe(201);
    const [mail] = (await t.ctx.db.select().from(outbox).orderBy(outbox.id)).filter(
      (m) => (m.payload as { to: string }).to === invited.json().email,
    );
    const token = tokenIn(mail!);
    const before = await countRows(t, [invitations, auditEvents]);
    const [usedBefore] = await t.ctx.db.select().from(invitations).where(eq(invitations.userId, invited.json().id));
    const weak = await inject('POST', '/auth/invitations/accept', null, { token, password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().detail).toContain('too easy to guess');
    expect(await countRows(t, [invitations, auditEvents])).toEqual(before);
    const [usedAfter] = await t.ctx.db.select().from(invitations).where(eq(invitations.userId, invited.json().id));
    expect(usedAfter).toEqual(usedBefore);
    expect(
      (await inject('POST', '/auth/invitations/accept', null, { token, password: 'glacier-umbrella-quartz' }))
        .statusCode,
    ).toBe(204);
  });

  it('applies to password reset: a weak password changes nothing and the link still works', async () => {
    const email = 'pm@northwind.example';
    await inject('POST', '/auth/password-reset', null, { email });
    const mails = (await t.ctx.db.select().from(outbox)).filter((m) => (m.payload as { to: string }).to === email);
    const token = tokenIn(mails.at(-1)!);
    const [user] = await t.ctx.db.select().from(users).where(eq(users.email, email));
    const weak = await inject('POST', '/auth/password-reset/confirm', null, { token, password: 'northwind-pm' });
    expect(weak.statusCode).toBe(400);
    const [after] = await t.ctx.db.select().from(users).where(eq(users.email, email));
    expect(after!.passwordHash).toBe(user!.passwordHash);
    const [link] = await t.ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, user!.id));
    expect(link!.usedAt).toBeNull();
    const strong = await inject('POST', '/auth/password-reset/confirm', null, {
      token,
      password: 'glacier-umbrella-quartz',
    });
    expect(strong.statusCode).toBe(204);
    expect(await t.login(email, 'glacier-umbrella-quartz')).toBeTruthy();
  });

  it('an unknown token is refused before the password is judged', async () => {
    const response = await inject('POST', '/auth/password-reset/confirm', null, {
      token: 'nope',
      password: 'password1234',
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('the password rule outside the API', () => {
  it('saps user create refuses a weak password and says why, before opening the database', async () => {
    const saps = join(import.meta.dirname, '..', '..', 'bin', 'saps.js');
    const run = promisify(execFile)(
      process.execPath,
      [
        saps,
        'user',
        'create',
        '--email',
        'ops@example.com',
        '--name',
        'Ops Admin',
        '--role',
        'operator_admin',
        '--password',
        'password1234',
      ],
      { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SAPS_DEMO: '0' } },
    );
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--password: this password is too easy to guess'),
    });
  });

  it('the first operator admin from SAPS_ADMIN_PASSWORD must pass it too', async () => {
    const handle = await createTestDatabase();
    try {
      const ctx = { ...t.ctx, db: handle.db };
      await expect(
        bootstrap(ctx, { demo: false, adminEmail: 'ops@example.com', adminPassword: 'ops@example.com1' }),
      ).rejects.toThrow(/SAPS_ADMIN_PASSWORD is refused: this password is too easy to guess/);
      const created = await bootstrap(ctx, {
        demo: false,
        adminEmail: 'ops@example.com',
        adminPassword: 'glacier-umbrella-quartz',
      });
      expect(created.adminCreated).toBe('ops@example.com');
    } finally {
      await handle.close();
    }
  });
});

describe('creating a user with an e-mail of another organisation', () => {
  it('is refused with a message that names no organisation and does not say it exists', async () => {
    const before = await countRows(t, [users, auditEvents]);
    const response = await inject('POST', `/organizations/${northwind()}/users`, operator, {
      email: 'admin@fabrikam.example',
      name: 'Copy Cat',
      roles: ['project_manager'],
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).not.toMatch(/fabrikam consulting|exist/i);
    expect(response.json().detail).toBe('this e-mail cannot be used for a new user; use another address');
    expect(await countRows(t, [users, auditEvents])).toEqual(before);
  });
});

describe('the partner website', () => {
  it('accepts only http(s) URLs', async () => {
    const partner = await createPartner(t, 'Website Partners');
    const put = (website: string | null) =>
      inject('PUT', `/partners/${partner.id}/profile`, partner.token, {
        description: 'We plan.',
        countries: ['US'],
        languages: ['en'],
        offerings: ['DDPS'],
        contactEmail: 'hello@website.example',
        website,
      });
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://files.example',
      'JAVASCRIPT://x.example/%0aalert(1)',
    ]) {
      const response = await put(bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().errors[0].path).toBe('body.website');
    }
    for (const good of ['https://website.example', 'http://website.example/about', null]) {
      expect((await put(good)).statusCode, String(good)).toBe(200);
    }
  });
});
