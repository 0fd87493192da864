import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { eventConsumers } from '../../src/jobs/event-consumers.js';
import { fanOutEvents } from '../../src/jobs/event-fan-out.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

let t: TestApp;
let smtp: TestSmtpServer;
let mailer: Mailer;
let benefits: string;
let partner: string;
let agreementId: string;
let typeId: string;
let pmId: string;

async function api(token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, smtpFrom: 'SAPS <no-reply@saps.test>', dataDir: t.ctx.dataDir });
  benefits = await t.login('benefits@northwind.example');
  partner = await t.login('admin@fabrikam.example');
  const agreement = (await api(benefits, 'GET', '/agreements')).body.items[0];
  agreementId = agreement.id;
  const types = (await api(benefits, 'GET', `/programs/${agreement.programId}/engagement-types`)).body.items;
  typeId = types.find((x: any) => x.code === 'DDPS-WOD').id;
  pmId = (await api(await t.login('pm@northwind.example'), 'GET', '/me')).body.id;
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

/** The notices are the consumers of the committed domain events (decision 011): fan out, then send. */
async function deliverAll(): Promise<void> {
  await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
  await dispatchOutbox(t.ctx, mailer);
}

describe('e-mail the program requires, over real SMTP', () => {
  it('sends the voucher code to the project manager on creation and to the new one on a change', async () => {
    const created = await api(benefits, 'POST', '/vouchers', {
      agreementId,
      engagementTypeId: typeId,
      days: 3,
      projectManagerId: pmId,
    });
    expect(created.status).toBe(201);
    expect(smtp.received.filter((m) => m.subject.includes(created.body.code))).toHaveLength(0);
    await deliverAll();
    const toPm = smtp.received.filter(
      (m) => m.to.includes('pm@northwind.example') && m.text.includes(created.body.code),
    );
    expect(toPm).toHaveLength(1);
    expect(toPm[0]!.subject).toBe(`Planning Services voucher ${created.body.code} assigned to you`);
    expect(toPm[0]!.text).toContain('Windows and Office Deployment Planning');

    const operator = await t.login('operator@saps.example');
    const secondPm = await api(
      operator,
      'POST',
      `/organizations/${t.demo.organizationIds['Northwind Traders']}/users`,
      {
        email: 'pm2@northwind.example',
        name: 'Second PM',
        roles: ['project_manager'],
        password: 'second-pm-password',
      },
    );
    expect(secondPm.status).toBe(201);
    await deliverAll();
    const changed = await api(benefits, 'PUT', `/vouchers/${created.body.id}/project-manager`, {
      projectManagerId: secondPm.body.id,
    });
    expect(changed.status).toBe(200);
    await deliverAll();
    expect(
      smtp.received.filter((m) => m.to.includes('pm2@northwind.example') && m.text.includes(created.body.code)),
    ).toHaveLength(1);
  });

  it('sends the reservation notice to the benefit admin who created the voucher', async () => {
    const created = await api(benefits, 'POST', '/vouchers', {
      agreementId,
      engagementTypeId: typeId,
      days: 1,
      projectManagerId: pmId,
    });
    const me = (await api(partner, 'GET', '/me')).body;
    const location = (await api(partner, 'GET', `/partners/${me.organizationId}/locations`)).body.items.find(
      (l: any) => l.country === 'US',
    );
    const reserved = await api(partner, 'POST', `/vouchers/${created.body.id}/reservation`, {
      code: created.body.code,
      locationId: location.id,
      plannedStart: '2021-03-10',
      plannedEnd: '2021-03-10',
      acceptTerms: true,
    });
    expect(reserved.status).toBe(200);
    await deliverAll();
    const notice = smtp.received.filter((m) => m.to.includes('benefits@northwind.example'));
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe(`Voucher ${created.body.code} reserved by Fabrikam Consulting`);
    expect(notice[0]!.text).toContain('Delivery country: US');
  });

  it('sends nothing for a refused creation', async () => {
    const before = smtp.received.length;
    const balance = (await api(benefits, 'GET', `/agreements/${agreementId}`)).body.balance;
    const refused = await api(benefits, 'POST', '/vouchers', {
      agreementId,
      engagementTypeId: typeId,
      days: 2,
      projectManagerId: pmId,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/policy-violation');
    expect((await api(benefits, 'GET', `/agreements/${agreementId}`)).body.balance).toBe(balance);
    await deliverAll();
    expect(smtp.received.length).toBe(before);
  });
});
