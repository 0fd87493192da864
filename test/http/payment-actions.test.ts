import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePaymentRequest } from '../../src/app/payments/approve-payment-request.js';
import { denyPaymentRequest } from '../../src/app/payments/deny-payment-request.js';
import { payPaymentRequest } from '../../src/app/payments/pay-payment-request.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { demoLogins } from '../../src/app/seed/seed-demo.js';
import {
  paymentRequestActions,
  paymentRequestStatuses,
  type PaymentRequestAction,
} from '../../src/domain/payment-rules.js';
import type { PaymentRequestStatus } from '../../src/domain/payment-rules.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { actorFor, demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

/**
 * "A listed action may still lose a race; an unlisted one is always refused" (api.md): for every
 * payment-request state × every demo login, the `availableActions` of the login's answer are
 * exactly the actions the server then accepts from that login (issue 12, M1: the partner admin
 * and the operator admin see no finance action).
 */
let t: TestApp;
const today = '2021-03-01';
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await buildTestApp({ at: `${today}T09:00:00.000Z` });
  await makeVoucher(t, { days: 1 });
  await registerFabrikamForPayments(t);
});
afterAll(async () => {
  await t.close();
});

async function token(email: string): Promise<string> {
  const known = tokens.get(email);
  if (known) {
    return known;
  }
  const fresh = await t.login(email);
  tokens.set(email, fresh);
  return fresh;
}

/** A fresh request of Fabrikam in `status`, taken there by the use cases. */
async function requestIn(status: PaymentRequestStatus): Promise<string> {
  const voucher = await makeVoucher(t, { days: 1 });
  const partner = await actorFor(t, demoEmails.partner);
  const finance = await actorFor(t, demoEmails.finance);
  const { id } = await submitPaymentRequest(t.ctx, partner, {
    voucherIds: [voucher.id],
    invoiceNumber: `INV-${voucher.code}`,
    invoiceDate: today,
  });
  if (status === 'approved' || status === 'paid') {
    await approvePaymentRequest(t.ctx, finance, id);
  }
  if (status === 'paid') {
    await payPaymentRequest(t.ctx, finance, id, { paymentReference: `PAY-${voucher.code}`, paidOn: today });
  }
  if (status === 'denied') {
    await denyPaymentRequest(t.ctx, finance, id, { reason: 'other', detail: 'the actions table' });
  }
  return id;
}

const calls: Record<PaymentRequestAction, { path: string; body?: object }> = {
  approve: { path: 'approval' },
  deny: { path: 'denial', body: { reason: 'other', detail: 'the actions table' } },
  pay: { path: 'payment', body: { paymentReference: 'PAY-TABLE', paidOn: today } },
};

async function attempt(email: string, id: string, action: PaymentRequestAction): Promise<number> {
  const { path, body } = calls[action];
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/payment-requests/${id}/${path}`,
    headers: bearer(await token(email)),
    ...(body ? { payload: body } : {}),
  });
  return response.statusCode;
}

describe('availableActions on payment requests are what the server accepts', () => {
  it.each(paymentRequestStatuses)('in %s, for every demo login', async (status) => {
    const shared = await requestIn(status);
    const offered: Record<string, string[] | 'not visible'> = {};
    for (const login of demoLogins) {
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/payment-requests/${shared}`,
        headers: bearer(await token(login.email)),
      });
      const listed =
        read.statusCode === 200 ? read.json<{ availableActions: PaymentRequestAction[] }>().availableActions : [];
      offered[login.email] = read.statusCode === 200 ? listed : 'not visible';
      for (const action of paymentRequestActions) {
        // An accepted action changes the request: try it on a fresh one in the same state.
        const target = listed.includes(action) ? await requestIn(status) : shared;
        const answer = await attempt(login.email, target, action);
        if (listed.includes(action)) {
          expect(answer, `${login.email} ${action} in ${status}: listed, so accepted`).toBe(200);
        } else {
          expect([403, 404, 409], `${login.email} ${action} in ${status}: unlisted, so refused`).toContain(answer);
        }
      }
    }
    // Who is offered what: only finance decides, only where the table allows.
    const financeOffer = { submitted: ['approve', 'deny'], approved: ['pay'], paid: [], denied: [] }[status];
    expect(offered).toEqual({
      'operator@saps.example': [],
      'finance@saps.example': financeOffer,
      'benefits@northwind.example': 'not visible',
      'pm@northwind.example': 'not visible',
      'admin@fabrikam.example': [],
      'consultant@fabrikam.example': [],
      'admin@tailspin.example': 'not visible',
    });
  });
});
