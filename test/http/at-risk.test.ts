import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { demoLicensingId } from '../../src/app/seed/seed-demo-customers.js';
import { agreements } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import {
  actorFor,
  demoEmails,
  ensureAgreement,
  makeVoucher,
  registerFabrikamForPayments,
} from '../support/voucher-factory.js';

/**
 * A hand-computed scenario. The factory agreement gets 2000 days on 2021-01-15; on 2021-03-01
 * at 09:00Z voucher V1 (5 days, assigned) and V2 (3 days, redeemed at once) are made, and on
 * 2021-04-01 at 09:00Z V3 (10 days, reserved). So, on 2021-04-10:
 * - removal on 2021-07-01 of 2000 − 5 − 3 − 10 − 5 (the first redemption, for the payment
 *   registration) = 1977 days of that agreement; 1977 + 40 (the demo agreement) for the program;
 * - V1 expires 2021-08-28 (5 days), V3 on 2021-09-28 (10 days);
 * - V2's payment window: redeemed 2021-03-01, last day 2021-04-30, lost on 2021-05-01.
 */
let t: TestApp;
let agreementId: string;
let v1: string;
let v2: string;
let v3: string;

beforeAll(async () => {
  t = await buildTestApp();
  agreementId = await ensureAgreement(t);
  const first = await makeVoucher(t); // the first redemption, paid for below
  await registerFabrikamForPayments(t);
  await submitPaymentRequest(t.ctx, await actorFor(t, demoEmails.partner), {
    voucherIds: [first.id],
    invoiceNumber: 'INV-1',
    invoiceDate: '2021-03-01',
  });
  v1 = (await makeVoucher(t, { until: 'assigned' })).code;
  v2 = (await makeVoucher(t, { days: 3 })).code;
  t.clock.set('2021-04-01T09:00:00.000Z');
  v3 = (await makeVoucher(t, { days: 10, until: 'reserved' })).code;
  t.clock.set('2021-04-10T12:00:00.000Z');
});
afterAll(async () => {
  await t.close();
});

async function get(email: string, url: string) {
  return t.app.inject({ url: `/api/v1${url}`, headers: bearer(await t.login(email)) });
}

describe('GET /agreements/{id}/at-risk', () => {
  it('lists the removal, the expiries and the payment window, by date', async () => {
    const response = await get(demoEmails.benefitAdmin, `/agreements/${agreementId}/at-risk`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.daysAtRisk).toEqual([
      { reason: 'removal', days: 1977, on: '2021-07-01' },
      { reason: 'expiry', days: 5, on: '2021-08-28' },
      { reason: 'expiry', days: 10, on: '2021-09-28' },
    ]);
    expect(
      body.vouchersAtRisk.map((v: { code: string; reason: string; days: number; lastDay: string; on: string }) => [
        v.code,
        v.reason,
        v.days,
        v.lastDay,
        v.on,
      ]),
    ).toEqual([
      [v2, 'payment_window', 3, '2021-04-30', '2021-05-01'],
      [v1, 'expiry', 5, '2021-08-28', '2021-08-28'],
      [v3, 'expiry', 10, '2021-09-28', '2021-09-28'],
    ]);
  });

  it('drops what has passed: after the removal date and the payment window, only the expiries remain', async () => {
    t.clock.set('2021-07-01T00:00:00.000Z');
    try {
      const body = (await get(demoEmails.operator, `/agreements/${agreementId}/at-risk`)).json();
      expect(body.daysAtRisk).toEqual([
        { reason: 'expiry', days: 5, on: '2021-08-28' },
        { reason: 'expiry', days: 10, on: '2021-09-28' },
      ]);
      expect(body.vouchersAtRisk).toHaveLength(2);
    } finally {
      t.clock.set('2021-04-10T12:00:00.000Z');
    }
  });

  it('is for the customer\u2019s benefit admins and operators: 403 for its PM, 404 for another organisation', async () => {
    expect((await get(demoEmails.projectManager, `/agreements/${agreementId}/at-risk`)).statusCode).toBe(403);
    expect((await get(demoEmails.partner, `/agreements/${agreementId}/at-risk`)).statusCode).toBe(403);
    const [demo] = await t.ctx.db.select().from(agreements).where(eq(agreements.licensingId, demoLicensingId));
    expect((await get(demoEmails.benefitAdmin, `/agreements/${demo!.id}/at-risk`)).statusCode).toBe(200);
  });
});

describe('GET /admin/at-risk', () => {
  it('adds up the program: the removal of both agreements\u2019 days', async () => {
    const body = (await get(demoEmails.operator, `/admin/at-risk?programId=${t.demo.programId}`)).json();
    expect(body.daysAtRisk[0]).toEqual({ reason: 'removal', days: 1977 + 40, on: '2021-07-01' });
    expect(body.vouchersAtRisk.map((v: { code: string }) => v.code)).toEqual([v2, v1, v3]);
  });

  it('is for operators only', async () => {
    const refused = await get(demoEmails.benefitAdmin, `/admin/at-risk?programId=${t.demo.programId}`);
    expect(refused.statusCode).toBe(403);
  });
});
