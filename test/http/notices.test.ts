import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvePaymentRequest } from '../../src/app/payments/approve-payment-request.js';
import { denyPaymentRequest } from '../../src/app/payments/deny-payment-request.js';
import { payPaymentRequest } from '../../src/app/payments/pay-payment-request.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { savePreferences } from '../../src/app/notifications/preferences.js';
import { domainEvents, notifications, outbox, users } from '../../src/db/schema/index.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { eventConsumers } from '../../src/jobs/event-consumers.js';
import { fanOutEvents } from '../../src/jobs/event-fan-out.js';
import { smtpMailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { paymentRequestEvent, record, voucherEvent } from '../support/domain-events.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp.js';
import { actorFor, demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

let t: TestApp;
let smtp: TestSmtpServer;

beforeAll(async () => {
  t = await buildTestApp();
  smtp = await startSmtpServer();
  // Payment registration opens after the partner's first redemption.
  await makeVoucher(t);
  await registerFabrikamForPayments(t);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  // Whatever the use cases wrote themselves (today's e-mails, events once producers record them)
  // is cleared, so that each test sees only the notices of the event it records.
  await t.ctx.db.delete(outbox);
  await t.ctx.db.delete(domainEvents);
  await t.ctx.db.delete(notifications);
  smtp.received.length = 0;
});

/** Fans the recorded events out, sends the outbox over SMTP, returns what arrived. */
async function deliver(...events: DomainEvent[]): Promise<ReceivedMail[]> {
  await t.ctx.db.delete(outbox);
  await t.ctx.db.delete(domainEvents);
  await record(t, ...events);
  await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
  await dispatchOutbox(t.ctx, smtpMailer(smtp.url, 'SAPS <no-reply@saps.example>'));
  return [...smtp.received];
}

const recipients = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

async function notifiedEmails(kind: string): Promise<string[]> {
  const rows = await t.ctx.db
    .select({ email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.kind, kind));
  return rows.map((r) => r.email).sort();
}

const customer = [demoEmails.benefitAdmin, demoEmails.projectManager].sort();

describe('notices of voucher changes reach the people api.md names, and nobody else', () => {
  it('voucher.created: the PM gets the code and the benefit admin\u2019s e-mail (voucher.assigned)', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const mails = await deliver(await voucherEvent(t, 'voucher.created', voucher));
    expect(recipients(mails)).toEqual([demoEmails.projectManager]);
    expect(await notifiedEmails('voucher.assigned')).toEqual([demoEmails.projectManager]);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Planning Services voucher ${voucher.code} assigned to you`);
    expect(mail.text).toContain(voucher.code);
    expect(mail.text).toContain(demoEmails.benefitAdmin);
    expect(mail.text).toMatch(/Redeem by: \d+ \w+ \d{4} \(voucher expiry\)/);
    expect(mail.text).toContain(`http://saps.test/vouchers/${voucher.id}`);
    expect(mail.html).toContain(voucher.code);
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
  });

  it('voucher.project_manager_changed: the new PM gets the code', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const mails = await deliver(await voucherEvent(t, 'voucher.project_manager_changed', voucher));
    expect(recipients(mails)).toEqual([demoEmails.projectManager]);
  });

  it.each(['voucher.reserved', 'voucher.completed'] as const)('%s: the benefit admin and the PM', async (type) => {
    const voucher = await makeVoucher(t, { until: type === 'voucher.reserved' ? 'reserved' : 'completed' });
    const mails = await deliver(await voucherEvent(t, type, voucher));
    expect(recipients(mails)).toEqual(customer);
    expect(mails[0]!.text).toContain('Fabrikam Consulting');
  });

  it('voucher.released: the benefit admin and the PM', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const partnerId = t.demo.organizationIds['Fabrikam Consulting']!;
    const mails = await deliver(
      await voucherEvent(t, 'voucher.released', voucher, { partnerOrganizationId: partnerId }),
    );
    expect(recipients(mails)).toEqual(customer);
    expect(mails[0]!.subject).toBe(`Reservation of voucher ${voucher.code} released`);
  });

  it('voucher.redeemed: the benefit admin only', async () => {
    const voucher = await makeVoucher(t);
    const mails = await deliver(await voucherEvent(t, 'voucher.redeemed', voucher));
    expect(recipients(mails)).toEqual([demoEmails.benefitAdmin]);
  });

  it('voucher.expired: the customer and the partner that held it, whose copy names nothing of the customer\u2019s days', async () => {
    const voucher = await makeVoucher(t, { until: 'reserved' });
    const mails = await deliver(
      await voucherEvent(t, 'voucher.expired', voucher, { daysReturned: 5, daysForfeited: 0 }),
    );
    expect(recipients(mails)).toEqual([...customer, demoEmails.partner].sort());
    const partnerCopy = mails.find((m) => m.to.includes(demoEmails.partner))!;
    const customerCopy = mails.find((m) => m.to.includes(demoEmails.benefitAdmin))!;
    expect(customerCopy.text).toContain('Returned to the agreement: 5 days');
    expect(partnerCopy.text).not.toContain('Returned');
    expect(partnerCopy.text).not.toMatch(/NW-/);
    expect(partnerCopy.text).toContain(`http://saps.test/partner/vouchers/${voucher.id}`);
  });

  it('voucher.cancelled and voucher.extended tell nobody (api.md lists no notice for them)', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const mails = await deliver(
      await voucherEvent(t, 'voucher.cancelled', voucher),
      await voucherEvent(t, 'voucher.extended', voucher),
    );
    expect(mails).toEqual([]);
  });

  it('never tells a user of an organisation outside the event\u2019s readers', async () => {
    const voucher = await makeVoucher(t, { until: 'reserved' });
    const event = await voucherEvent(t, 'voucher.reserved', voucher);
    // An event whose readers exclude the customer (a producer bug) tells the customer nothing.
    const mails = await deliver({ ...event, organizationIds: [t.demo.organizationIds['Fabrikam Consulting']!] });
    expect(mails).toEqual([]);
  });
});

describe('notices of payment-request changes', () => {
  async function submitted() {
    const voucher = await makeVoucher(t);
    const partner = await actorFor(t, demoEmails.partner);
    return submitPaymentRequest(t.ctx, partner, {
      voucherIds: [voucher.id],
      invoiceNumber: `INV-${voucher.code}`,
      invoiceDate: t.clock.now().toISOString().slice(0, 10),
    });
  }

  it('payment_request.submitted: finance only', async () => {
    const request = await submitted();
    const mails = await deliver(paymentRequestEvent(t, 'payment_request.submitted', request));
    expect(recipients(mails)).toEqual([demoEmails.finance]);
    expect(mails[0]!.text).toMatch(/Total: US\$\d{1,3}(,\d{3})*\.\d{2}\n/);
  });

  it('approved, denied (with the reason) and paid (with the reference): the partner admins', async () => {
    const finance = await actorFor(t, demoEmails.finance);
    const first = await submitted();
    const approved = await approvePaymentRequest(t.ctx, finance, first.id);
    let mails = await deliver(paymentRequestEvent(t, 'payment_request.approved', approved));
    expect(recipients(mails)).toEqual([demoEmails.partner]);
    smtp.received.length = 0;
    const paid = await payPaymentRequest(t.ctx, finance, first.id, { paymentReference: 'ACH-1', paidOn: '2021-03-01' });
    mails = await deliver(
      paymentRequestEvent(t, 'payment_request.paid', paid, { paymentReference: 'ACH-1', paidOn: '2021-03-01' }),
    );
    expect(recipients(mails)).toEqual([demoEmails.partner]);
    expect(mails[0]!.text).toContain('Payment reference: ACH-1');
    expect(mails[0]!.text).toContain('1 March 2021');
    smtp.received.length = 0;
    const second = await submitted();
    const denied = await denyPaymentRequest(t.ctx, finance, second.id, {
      reason: 'wrong_country',
      detail: 'Delivered in CA.',
    });
    mails = await deliver(
      paymentRequestEvent(t, 'payment_request.denied', denied, { reason: 'wrong_country', detail: 'Delivered in CA.' }),
    );
    expect(recipients(mails)).toEqual([demoEmails.partner]);
    expect(mails[0]!.text).toContain('wrong delivery country');
    expect(mails[0]!.text).toContain('Delivered in CA.');
  });
});

describe('languages and preferences', () => {
  it('writes a French user\u2019s e-mail and notification in French, with French dates', async () => {
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    await savePreferences(t.ctx.db, pm!.id, { language: 'fr' }, t.clock.now());
    try {
      const voucher = await makeVoucher(t, { until: 'assigned' });
      const mails = await deliver(await voucherEvent(t, 'voucher.created', voucher));
      expect(mails[0]!.subject).toBe(`Bon de services de planification ${voucher.code} qui vous est attribué`);
      expect(mails[0]!.text).toMatch(/Échange au plus tard\s: \d+ \S+ \d{4} \(expiration du bon\)/);
      expect(mails[0]!.html).toContain('lang="fr"');
      const [n] = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, pm!.id));
      expect(n!.title).toBe(`Bon ${voucher.code} attribué`);
    } finally {
      await savePreferences(t.ctx.db, pm!.id, { language: 'en' }, t.clock.now());
    }
  });

  it('sends notices of changes to a user who turned reminder e-mails off', async () => {
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    await savePreferences(t.ctx.db, pm!.id, { emailReminders: false }, t.clock.now());
    try {
      const voucher = await makeVoucher(t, { until: 'assigned' });
      const mails = await deliver(await voucherEvent(t, 'voucher.created', voucher));
      expect(recipients(mails)).toEqual([demoEmails.projectManager]);
    } finally {
      await savePreferences(t.ctx.db, pm!.id, { emailReminders: true }, t.clock.now());
    }
  });

  it('writes each notice once, even when the fan-out runs again', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    await deliver(await voucherEvent(t, 'voucher.created', voucher));
    await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
    const [row] = await t.ctx.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, 'voucher.assigned'), eq(notifications.subjectId, voucher.id)));
    expect(row!.n).toBe(1);
  });
});
