import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, paymentRequests, paymentRequestVouchers } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { countRows } from '../support/partners.js';
import { demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

/**
 * Tenant isolation for payments (domain.md invariant 4): another partner (Tailspin) and the
 * customer (Northwind) neither see nor change Fabrikam's payment requests: 404 for reads and
 * for submitting Fabrikam's vouchers, an empty list, 403 for finance decisions (a role check,
 * before any load, so it reveals nothing either).
 */
let t: TestApp;
let requestId: string;
let voucherId: string;

const outsiders = [demoEmails.otherPartner, demoEmails.benefitAdmin, demoEmails.projectManager];

beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
  const voucher = await makeVoucher(t);
  await registerFabrikamForPayments(t);
  const submitted = await t.app.inject({
    method: 'POST',
    url: '/api/v1/payment-requests',
    headers: bearer(await t.login(demoEmails.partner)),
    payload: { voucherIds: [voucher.id], invoiceNumber: 'INV-1', invoiceDate: '2021-03-01' },
  });
  expect(submitted.statusCode).toBe(201);
  requestId = submitted.json<{ id: string }>().id;
  voucherId = (await makeVoucher(t)).id;
});
afterAll(async () => {
  await t.close();
});

describe.each(outsiders)('as %s', (email) => {
  it('cannot read, list, submit for or decide on Fabrikam\u2019s payment requests, and changes nothing', async () => {
    const token = await t.login(email);
    const before = await countRows(t, [paymentRequests, paymentRequestVouchers, auditEvents]);
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

    expect((await call('GET', `/payment-requests/${requestId}`)).statusCode).toBe(404);
    expect((await call('GET', '/payment-requests')).json()).toEqual({ items: [], nextCursor: null });
    const submitted = await call('POST', '/payment-requests', {
      voucherIds: [voucherId],
      invoiceNumber: 'INV-X',
      invoiceDate: '2021-03-01',
    });
    expect(submitted.statusCode).toBe(email === demoEmails.otherPartner ? 404 : 403);
    for (const [url, payload] of [
      [`/payment-requests/${requestId}/approval`, undefined],
      [`/payment-requests/${requestId}/denial`, { reason: 'other', detail: 'x' }],
      [`/payment-requests/${requestId}/payment`, { paymentReference: 'X', paidOn: '2021-03-01' }],
    ] as const) {
      expect((await call('POST', url, payload)).statusCode).toBe(403);
    }
    expect(await countRows(t, [paymentRequests, paymentRequestVouchers, auditEvents])).toEqual(before);
  });
});
