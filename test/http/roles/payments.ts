import { approvePaymentRequest } from '../../../src/app/payments/approve-payment-request.js';
import { submitPaymentRequest } from '../../../src/app/payments/submit-payment-request.js';
import type { TestApp } from '../../support/app.js';
import { logins, org, type RouteCase } from '../../support/roles.js';
import { actorFor, makeVoucher, registerFabrikamForPayments } from '../../support/voucher-factory.js';

/**
 * Payment requests (docs/decisions/009) and the operator's operations. Finance decisions and
 * the admin routes check the role first: every other login gets 403, whatever the request.
 */
const today = '2021-03-01';
const operators = [logins.operator, logins.finance];
const registered = new Set<string>();

/** Fabrikam's first redemption and its payment registration (once per app). */
export async function registerForPayments(t: TestApp): Promise<void> {
  if (!registered.has(t.demo.programId)) {
    await makeVoucher(t, { days: 1 });
    await registerFabrikamForPayments(t);
    registered.add(t.demo.programId);
  }
}

/** A fresh redeemed voucher in a request Fabrikam's admin submitted, approved when asked. */
async function paymentRequest(t: TestApp, status: 'submitted' | 'approved'): Promise<string> {
  await registerForPayments(t);
  const voucher = await makeVoucher(t, { days: 1 });
  const request = await submitPaymentRequest(t.ctx, await actorFor(t, logins.partner), {
    voucherIds: [voucher.id],
    invoiceNumber: `INV-${voucher.code}`,
    invoiceDate: today,
  });
  if (status === 'approved') {
    await approvePaymentRequest(t.ctx, await actorFor(t, logins.finance), request.id);
  }
  return request.id;
}

const shared = new Map<string, string>();

async function sharedRequest(t: TestApp): Promise<string> {
  const known = shared.get(t.demo.programId);
  if (known) {
    return known;
  }
  const id = await paymentRequest(t, 'submitted');
  shared.set(t.demo.programId, id);
  return id;
}

export const paymentRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/payment-requests',
    request: async (t, { n }) => {
      await registerForPayments(t);
      const voucher = await makeVoucher(t, { days: 1 });
      return {
        url: '/api/v1/payment-requests',
        body: { voucherIds: [voucher.id], invoiceNumber: `INV-ROLES-${n}`, invoiceDate: today },
      };
    },
    // The redeemed voucher is Fabrikam's: Tailspin gets the 404 of an unknown voucher.
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 201,
    rolesFirst: ['partner_admin', 'global_admin'],
  },
  {
    method: 'GET',
    route: '/payment-requests',
    request: () => ({ url: '/api/v1/payment-requests' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'GET',
    route: '/payment-requests/{id}',
    request: async (t) => ({ url: `/api/v1/payment-requests/${await sharedRequest(t)}` }),
    // Customers take no part in payment: Northwind sees no request either.
    owner: org.fabrikam,
    allowed: [...operators, logins.partner, logins.consultant],
    success: 200,
  },
  {
    method: 'POST',
    route: '/payment-requests/{id}/approval',
    request: async (t) => ({ url: `/api/v1/payment-requests/${await paymentRequest(t, 'submitted')}/approval` }),
    owner: org.fabrikam,
    allowed: [logins.finance],
    success: 200,
    rolesFirst: ['finance'],
  },
  {
    method: 'POST',
    route: '/payment-requests/{id}/denial',
    request: async (t) => ({
      url: `/api/v1/payment-requests/${await paymentRequest(t, 'submitted')}/denial`,
      body: { reason: 'other', detail: 'roles table' },
    }),
    owner: org.fabrikam,
    allowed: [logins.finance],
    success: 200,
    rolesFirst: ['finance'],
  },
  {
    method: 'POST',
    route: '/payment-requests/{id}/payment',
    request: async (t, { n }) => ({
      url: `/api/v1/payment-requests/${await paymentRequest(t, 'approved')}/payment`,
      body: { paymentReference: `PAY-${n}`, paidOn: today },
    }),
    owner: org.fabrikam,
    allowed: [logins.finance],
    success: 200,
    rolesFirst: ['finance'],
  },
];

export const operationRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/admin/sweeps',
    request: () => ({ url: '/api/v1/admin/sweeps' }),
    allowed: [logins.operator],
    success: 200,
    rolesFirst: ['operator_admin'],
  },
  {
    method: 'POST',
    route: '/admin/extensions',
    // Vouchers created before 2020: none here, so nothing changes for the other rows.
    request: (t) => ({
      url: '/api/v1/admin/extensions',
      body: { programId: t.demo.programId, createdBefore: '2020-01-01', days: 1, reason: 'roles table' },
    }),
    allowed: [logins.operator],
    success: 200,
    rolesFirst: ['operator_admin'],
  },
  {
    method: 'GET',
    route: '/admin/simulation',
    request: () => ({ url: '/api/v1/admin/simulation?at=2021-07-01T00:00:00.000Z' }),
    allowed: [logins.operator],
    success: 200,
    rolesFirst: ['operator_admin'],
  },
  {
    method: 'GET',
    route: '/admin/dashboard',
    request: () => ({ url: '/api/v1/admin/dashboard' }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/admin/close-out',
    request: (t) => ({ url: `/api/v1/admin/close-out?programId=${t.demo.programId}` }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/audit-events',
    request: () => ({ url: '/api/v1/audit-events' }),
    allowed: 'all',
    success: 200,
  },
];
