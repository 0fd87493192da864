import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, outbox, users } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails, makeVoucher } from '../support/voucher-factory.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function call(email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(await t.login(email)),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

describe('support contacts', () => {
  it('are the seed\u2019s two, and each caller is told the one of their region', async () => {
    const tailspin = (
      await call(demoEmails.otherPartner, 'GET', `/programs/${t.demo.programId}/support-contacts`)
    ).json();
    expect(tailspin.items).toEqual([
      expect.objectContaining({
        name: 'EMEA Partner Support',
        email: 'savoucher@msdirectservices.com',
        regions: ['EMEA'],
      }),
      expect.objectContaining({ name: 'General Partner Support', url: '/service-requests', regions: ['*'] }),
    ]);
    // Tailspin is in GB (EMEA); Fabrikam in the US falls to the general contact.
    expect(tailspin.regionalContactId).toBe(tailspin.items[0].id);
    const fabrikam = (await call(demoEmails.partner, 'GET', `/programs/${t.demo.programId}/support-contacts`)).json();
    expect(fabrikam.regionalContactId).toBe(fabrikam.items[1].id);
  });

  it('are replaced by an operator admin, validated, and refused to others', async () => {
    const url = `/programs/${t.demo.programId}/support-contacts`;
    const list = [
      { name: 'Germany desk', email: 'de@support.example', regions: ['DE'] },
      { name: 'Everyone', url: 'https://support.example', regions: ['*'] },
    ];
    expect((await call(demoEmails.partner, 'PUT', url, list)).statusCode).toBe(403);
    const invalid = await call(demoEmails.operator, 'PUT', url, [{ name: 'x', regions: ['Europe'] }]);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([expect.stringContaining('regions')]),
    );
    const saved = await call(demoEmails.operator, 'PUT', url, list);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().items.map((c: { name: string }) => c.name)).toEqual(['Germany desk', 'Everyone']);
  });
});

describe('service requests', () => {
  it('are opened by any signed-in user, answered by operators (who tell the requester), and closed', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const opened = await call(demoEmails.projectManager, 'POST', '/service-requests', {
      subject: 'Voucher not received by the partner',
      message: 'Fabrikam cannot find the voucher.',
      voucherId: voucher.id,
    });
    expect(opened.statusCode).toBe(201);
    const request = opened.json();
    expect(request).toMatchObject({ status: 'open', voucherId: voucher.id, requesterName: 'Paul Manager' });
    expect(request.reference).toMatch(/^SR-\d{6}$/);

    const queue = (await call(demoEmails.operator, 'GET', '/service-requests?status=open')).json();
    expect(queue.items.map((r: { id: string }) => r.id)).toContain(request.id);

    await t.ctx.db.delete(outbox);
    const answered = await call(demoEmails.operator, 'POST', `/service-requests/${request.id}/replies`, {
      message: 'Ask them to validate it with the benefit administrator\u2019s e-mail.',
    });
    expect(answered.statusCode).toBe(201);
    expect(answered.json().status).toBe('answered');
    expect(answered.json().replies).toEqual([
      expect.objectContaining({ fromOperator: true, authorName: 'Olivia Operator' }),
    ]);
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    const told = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, pm!.id), eq(notifications.kind, 'service_request.answered')));
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/service-requests/${request.id}`);
    const mails = await t.ctx.db.select().from(outbox);
    expect(mails.map((m) => (m.payload as { to: string }).to)).toEqual([demoEmails.projectManager]);

    // The requester's organisation replies: open again; a colleague may read it too.
    const followUp = await call(demoEmails.benefitAdmin, 'POST', `/service-requests/${request.id}/replies`, {
      message: 'Thanks, done.',
    });
    expect(followUp.json().status).toBe('open');
    const closed = await call(demoEmails.projectManager, 'POST', `/service-requests/${request.id}/closure`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
    const late = await call(demoEmails.operator, 'POST', `/service-requests/${request.id}/replies`, { message: 'x' });
    expect(late.statusCode).toBe(409);
    expect(late.json().type).toBe('/problems/invalid-transition');
    expect((await call(demoEmails.operator, 'POST', `/service-requests/${request.id}/closure`)).statusCode).toBe(409);
  });

  it('are 404 for another organisation, exactly as for an id nobody issued', async () => {
    const opened = (
      await call(demoEmails.benefitAdmin, 'POST', '/service-requests', { subject: 'Days', message: 'How many?' })
    ).json();
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const id of [opened.id, nobody]) {
      for (const [method, url, body] of [
        ['GET', `/service-requests/${id}`, undefined],
        ['POST', `/service-requests/${id}/replies`, { message: 'hi' }],
        ['POST', `/service-requests/${id}/closure`, undefined],
      ] as const) {
        const response = await call(demoEmails.partner, method, url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json().type).toBe('/problems/not-found');
      }
    }
    const theirs = (await call(demoEmails.partner, 'GET', '/service-requests')).json();
    expect(theirs.items.map((r: { id: string }) => r.id)).not.toContain(opened.id);
  });

  it('refuse a voucher the caller may not read, and empty fields', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const foreign = await call(demoEmails.otherPartner, 'POST', '/service-requests', {
      subject: 'About a voucher',
      message: 'Is it valid?',
      voucherId: voucher.id,
    });
    expect(foreign.statusCode).toBe(404);
    const empty = await call(demoEmails.otherPartner, 'POST', '/service-requests', { subject: ' ', message: '' });
    expect(empty.statusCode).toBe(400);
    expect(
      empty
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.message', 'body.subject']);
  });
});
