import { asc, count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePaymentRequest } from '../../src/app/payments/approve-payment-request.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { agreements, auditEvents, ledgerEntries, paymentRequests, vouchers } from '../../src/db/schema/index.js';
import type { Role } from '../../src/domain/roles.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { addUser } from '../support/partners.js';
import {
  actorFor,
  demoEmails,
  ensureAgreement,
  makeVoucher,
  registerFabrikamForPayments,
} from '../support/voucher-factory.js';

/**
 * Tenant isolation for days, vouchers, files and payments (domain.md invariant 4,
 * conventions.md §7). Another customer (Woodgrove: benefit admin and project manager) and
 * another partner (Tailspin: its admin and a consultant) call every agreement, ledger, voucher,
 * file and payment-request route on Northwind's and Fabrikam's objects, each in the state in
 * which the route would succeed for its owner. Every answer is the one for an id nobody issued
 * (so it reveals nothing), 404 `not-found` whenever the caller holds the route's role, and
 * nothing changes. The lists never carry another organisation's rows.
 */

const absentId = '00000000-0000-4000-8000-000000000000';
const unissuedCode = 'PS-2222-2222';
const today = '2021-03-01';

interface Fixtures {
  northwindId: string;
  agreementId: string;
  assigned: VoucherView;
  reserved: VoucherView;
  completed: VoucherView;
  redeemed: VoucherView;
  fileId: string;
  submittedId: string;
  approvedId: string;
}

interface ObjectRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The roles its use case checks before loading anything; absent: any signed-in user. */
  roles?: Role[];
  /** The secret that names A's object (an id, or a voucher code), and its never-issued twin. */
  target: (f: Fixtures) => string;
  absent?: string;
  url: (target: string, f: Fixtures) => string;
  body?: (target: string, f: Fixtures) => object;
}

const objectRoutes: ObjectRoute[] = [
  // Agreements and their ledger (Northwind's).
  { name: 'GET /agreements/{id}', method: 'GET', target: (f) => f.agreementId, url: (id) => `/agreements/${id}` },
  {
    name: 'GET /agreements/{id}/ledger',
    method: 'GET',
    target: (f) => f.agreementId,
    url: (id) => `/agreements/${id}/ledger`,
  },
  {
    name: 'POST /organizations/{id}/agreements',
    method: 'POST',
    roles: ['operator_admin'],
    target: (f) => f.northwindId,
    url: (id) => `/organizations/${id}/agreements`,
    body: () => ({ programId, licensingId: 'NW-INTRUDER', endsOn: '2023-06-30' }),
  },
  {
    name: 'POST /agreements/{id}/accruals',
    method: 'POST',
    roles: ['operator_admin'],
    target: (f) => f.agreementId,
    url: (id) => `/agreements/${id}/accruals`,
    body: () => ({ days: 5, note: 'intruder' }),
  },
  {
    name: 'POST /agreements/{id}/activation',
    method: 'POST',
    roles: ['benefit_admin'],
    target: (f) => f.agreementId,
    url: (id) => `/agreements/${id}/activation`,
  },
  {
    name: 'POST /agreements/{id}/training-conversions',
    method: 'POST',
    roles: ['benefit_admin'],
    target: (f) => f.agreementId,
    url: (id) => `/agreements/${id}/training-conversions`,
    body: () => ({ days: 5 }),
  },
  {
    name: 'POST /agreements/{id}/adjustments',
    method: 'POST',
    roles: ['operator_admin'],
    target: (f) => f.agreementId,
    url: (id) => `/agreements/${id}/adjustments`,
    body: () => ({ days: 5, reason: 'intruder' }),
  },
  // Vouchers (Northwind's; Fabrikam holds the reserved, completed and redeemed ones).
  {
    name: 'POST /vouchers (on A’s agreement)',
    method: 'POST',
    roles: ['benefit_admin'],
    target: (f) => f.agreementId,
    url: () => '/vouchers',
    body: (id, f) => ({
      agreementId: id,
      engagementTypeId: f.assigned.engagementTypeId,
      days: 1,
      projectManagerId: pmId,
    }),
  },
  { name: 'GET /vouchers/{id}', method: 'GET', target: (f) => f.reserved.id, url: (id) => `/vouchers/${id}` },
  {
    name: 'PUT /vouchers/{id}/project-manager',
    method: 'PUT',
    roles: ['benefit_admin'],
    target: (f) => f.assigned.id,
    url: (id) => `/vouchers/${id}/project-manager`,
    body: () => ({ projectManagerId: pmId }),
  },
  {
    name: 'POST /vouchers/{id}/cancel',
    method: 'POST',
    roles: ['benefit_admin'],
    target: (f) => f.assigned.id,
    url: (id) => `/vouchers/${id}/cancel`,
  },
  {
    name: 'POST /voucher-validations (A’s code, the caller’s guess at the e-mail)',
    method: 'POST',
    roles: ['partner_admin'],
    target: (f) => f.assigned.code,
    absent: unissuedCode,
    url: () => '/voucher-validations',
    body: (code) => ({ code, customerEmail: 'benefits@woodgrove.example' }),
  },
  {
    name: 'POST /vouchers/{id}/reservation (without the code)',
    method: 'POST',
    roles: ['partner_admin'],
    target: (f) => f.assigned.id,
    url: (id) => `/vouchers/${id}/reservation`,
    body: () => ({
      code: unissuedCode,
      locationId: tailspinLocationId,
      plannedStart: today,
      plannedEnd: today,
      acceptTerms: true,
    }),
  },
  {
    name: 'DELETE /vouchers/{id}/reservation',
    method: 'DELETE',
    roles: ['partner_admin'],
    target: (f) => f.reserved.id,
    url: (id) => `/vouchers/${id}/reservation`,
  },
  {
    name: 'POST /vouchers/{id}/completion-report',
    method: 'POST',
    roles: ['partner_admin', 'consultant'],
    target: (f) => f.reserved.id,
    url: (id) => `/vouchers/${id}/completion-report`,
    body: () => ({
      deliveredFrom: today,
      deliveredTo: today,
      consultantIds: [tailspinConsultantId],
      summary: 'Not ours to report.',
      nextSteps: 'None.',
      deliverableFileIds: [tailspinFileId],
    }),
  },
  {
    name: 'POST /vouchers/{id}/redemption',
    method: 'POST',
    roles: ['partner_admin'],
    target: (f) => f.completed.id,
    url: (id) => `/vouchers/${id}/redemption`,
  },
  // Files (Fabrikam's consultant uploaded the deliverable of Northwind's voucher).
  { name: 'GET /files/{id}', method: 'GET', target: (f) => f.fileId, url: (id) => `/files/${id}` },
  { name: 'GET /files/{id}/content', method: 'GET', target: (f) => f.fileId, url: (id) => `/files/${id}/content` },
  // Payment requests (Fabrikam's).
  {
    name: 'POST /payment-requests (with A’s redeemed voucher)',
    method: 'POST',
    roles: ['partner_admin', 'global_admin'],
    target: (f) => f.redeemed.id,
    url: () => '/payment-requests',
    body: (id) => ({ voucherIds: [id], invoiceNumber: 'INV-INTRUDER', invoiceDate: today }),
  },
  {
    name: 'GET /payment-requests/{id}',
    method: 'GET',
    target: (f) => f.submittedId,
    url: (id) => `/payment-requests/${id}`,
  },
  {
    name: 'POST /payment-requests/{id}/approval',
    method: 'POST',
    roles: ['finance'],
    target: (f) => f.submittedId,
    url: (id) => `/payment-requests/${id}/approval`,
  },
  {
    name: 'POST /payment-requests/{id}/denial',
    method: 'POST',
    roles: ['finance'],
    target: (f) => f.submittedId,
    url: (id) => `/payment-requests/${id}/denial`,
    body: () => ({ reason: 'other', detail: 'intruder' }),
  },
  {
    name: 'POST /payment-requests/{id}/payment',
    method: 'POST',
    roles: ['finance'],
    target: (f) => f.approvedId,
    url: (id) => `/payment-requests/${id}/payment`,
    body: () => ({ paymentReference: 'PAY-INTRUDER', paidOn: today }),
  },
];

interface Outsider {
  name: string;
  organizationId: string;
  roles: Role[];
  token: string;
}

let t: TestApp;
let f: Fixtures;
let programId: string;
let pmId: string;
let tailspinLocationId: string;
let tailspinConsultantId: string;
let tailspinFileId: string;
const outsiders: Outsider[] = [];
/** Every id of Northwind's and Fabrikam's that a leak would show. */
const secrets: string[] = [];

async function call(token: string, method: ObjectRoute['method'], url: string, payload?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload }),
  });
}

async function upload(token: string, name: string): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: { ...bearer(token), 'content-type': 'multipart/form-data; boundary=XyZ' },
    payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 ${name}\r\n--XyZ--\r\n`,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await buildTestApp({ at: `${today}T09:00:00.000Z` });
  programId = t.demo.programId;
  pmId = t.demo.userIds[demoEmails.projectManager]!;
  const operator = await t.login(demoEmails.operator);

  // A's objects, each in the state in which its owner's call would succeed.
  const redeemed = await makeVoucher(t, { days: 1 });
  await registerFabrikamForPayments(t);
  const partner = await actorFor(t, demoEmails.partner);
  const submit = async () =>
    (
      await submitPaymentRequest(t.ctx, partner, {
        voucherIds: [(await makeVoucher(t, { days: 1 })).id],
        invoiceNumber: 'INV-A',
        invoiceDate: today,
      })
    ).id;
  const submittedId = await submit();
  const approvedId = await submit();
  await approvePaymentRequest(t.ctx, await actorFor(t, demoEmails.finance), approvedId);
  const completed = await makeVoucher(t, { days: 1, until: 'completed' });
  f = {
    northwindId: t.demo.organizationIds['Northwind Traders']!,
    agreementId: await ensureAgreement(t),
    assigned: await makeVoucher(t, { days: 1, until: 'assigned' }),
    reserved: await makeVoucher(t, { days: 1, until: 'reserved' }),
    completed,
    redeemed,
    fileId: completed.completionReport!.deliverableFileIds[0]!,
    submittedId,
    approvedId,
  };
  secrets.push(
    f.northwindId,
    t.demo.organizationIds['Fabrikam Consulting']!,
    f.agreementId,
    f.fileId,
    submittedId,
    approvedId,
    ...[f.assigned, f.reserved, f.completed, f.redeemed].flatMap((v) => [v.id, v.code]),
  );

  // Another customer with its own agreement and voucher, so that its lists are not empty.
  const woodgrove = await call(operator, 'POST', '/organizations', {
    kind: 'customer',
    name: 'Woodgrove Bank',
    country: 'US',
  });
  expect(woodgrove.statusCode, woodgrove.body).toBe(201);
  const woodgroveId = woodgrove.json<{ id: string }>().id;
  const woodgroveAdmin = await addUser(t, woodgroveId, ['benefit_admin', 'project_manager']);
  const agreement = await call(operator, 'POST', `/organizations/${woodgroveId}/agreements`, {
    programId,
    licensingId: 'WG-1',
    endsOn: '2023-06-30',
  });
  expect(agreement.statusCode, agreement.body).toBe(201);
  const woodgroveAgreement = agreement.json<{ id: string }>().id;
  expect(
    (await call(operator, 'POST', `/agreements/${woodgroveAgreement}/adjustments`, { days: 10, reason: 'test' }))
      .statusCode,
  ).toBe(201);
  expect((await call(woodgroveAdmin.token, 'POST', `/agreements/${woodgroveAgreement}/activation`)).statusCode).toBe(
    200,
  );
  const own = await call(woodgroveAdmin.token, 'POST', '/vouchers', {
    agreementId: woodgroveAgreement,
    engagementTypeId: f.assigned.engagementTypeId,
    days: 1,
    projectManagerId: woodgroveAdmin.id,
  });
  expect(own.statusCode, own.body).toBe(201);

  // Another partner: its admin (with an audit record of its own) and a consultant with a file.
  const tailspinId = t.demo.organizationIds['Tailspin Advisory']!;
  const tailspinAdmin = await t.login(demoEmails.otherPartner);
  const location = await call(tailspinAdmin, 'GET', `/partners/${tailspinId}/locations`);
  tailspinLocationId = location.json<{ items: { id: string }[] }>().items[0]!.id;
  expect((await call(tailspinAdmin, 'POST', `/partners/${tailspinId}/locations`, { country: 'FR' })).statusCode).toBe(
    201,
  );
  const consultant = await addUser(t, tailspinId, ['consultant']);
  tailspinConsultantId = consultant.id;
  tailspinFileId = await upload(consultant.token, 'tailspin-plan.pdf');

  outsiders.push(
    {
      name: 'Woodgrove’s benefit admin',
      organizationId: woodgroveId,
      roles: ['benefit_admin', 'project_manager'],
      token: woodgroveAdmin.token,
    },
    {
      name: 'Tailspin’s admin',
      organizationId: tailspinId,
      roles: ['global_admin', 'partner_admin'],
      token: tailspinAdmin,
    },
    { name: 'Tailspin’s consultant', organizationId: tailspinId, roles: ['consultant'], token: consultant.token },
  );
});
afterAll(async () => {
  await t.close();
});

/** Everything a refused call must leave as it was. */
async function state(): Promise<unknown[]> {
  const [audit] = await t.ctx.db.select({ n: count() }).from(auditEvents);
  const [ledger] = await t.ctx.db.select({ n: count() }).from(ledgerEntries);
  return [
    audit!.n,
    ledger!.n,
    await t.ctx.db
      .select({ id: vouchers.id, status: vouchers.status, version: vouchers.version, pm: vouchers.projectManagerId })
      .from(vouchers)
      .orderBy(asc(vouchers.id)),
    await t.ctx.db
      .select({ id: agreements.id, balance: agreements.balance, activatedAt: agreements.activatedAt })
      .from(agreements)
      .orderBy(asc(agreements.id)),
    await t.ctx.db
      .select({ id: paymentRequests.id, status: paymentRequests.status, version: paymentRequests.version })
      .from(paymentRequests)
      .orderBy(asc(paymentRequests.id)),
  ];
}

const outsiderNames = ['Woodgrove’s benefit admin', 'Tailspin’s admin', 'Tailspin’s consultant'];
const cases = outsiderNames.flatMap((outsider) => objectRoutes.map((route) => ({ outsider, route, name: route.name })));

describe("another customer's and another partner's people on Northwind's and Fabrikam's objects", () => {
  it.each(cases)('$name as $outsider: the answer for an unknown id, 404 with the role, and no change', async (c) => {
    const who = outsiders.find((o) => o.name === c.outsider)!;
    const target = c.route.target(f);
    const absent = c.route.absent ?? absentId;
    const send = (id: string) => call(who.token, c.route.method, c.route.url(id, f), c.route.body?.(id, f));
    const before = await state();
    const foreign = await send(target);
    expect(await state()).toEqual(before);
    const holdsRole = !c.route.roles || c.route.roles.some((role) => who.roles.includes(role));
    expect(foreign.statusCode, foreign.body).toBe(holdsRole ? 404 : 403);
    expect(foreign.json()).toMatchObject({ type: holdsRole ? '/problems/not-found' : '/problems/forbidden' });
    // Indistinguishable from an object nobody issued, and nothing of A's in it.
    const unknown = await send(absent);
    expect(foreign.body.replaceAll(target, absent)).toBe(unknown.body);
    // The detail may echo what the caller sent, nothing else of A's.
    for (const secret of secrets.filter((s) => s !== target)) {
      expect(foreign.body).not.toContain(secret);
    }
  });
});

describe('lists show only the caller’s own rows', () => {
  const lists = [
    '/vouchers',
    '/vouchers?status=reserved',
    '/vouchers?agreementId={agreement}',
    '/vouchers?organizationId={northwind}',
    '/agreements',
    '/agreements?organizationId={northwind}',
    '/payment-requests',
    '/payment-requests?partnerId={fabrikam}',
    '/audit-events',
    '/audit-events?entityId={voucher}',
    '/audit-events?actorId={partner}',
  ];
  const listCases = outsiderNames.flatMap((outsider) => lists.map((url) => ({ outsider, url })));

  it.each(listCases)(
    'GET $url as $outsider carries nothing of Northwind’s or Fabrikam’s',
    async ({ outsider, url }) => {
      const who = outsiders.find((o) => o.name === outsider)!;
      const filled = url
        .replace('{agreement}', f.agreementId)
        .replace('{northwind}', f.northwindId)
        .replace('{fabrikam}', t.demo.organizationIds['Fabrikam Consulting']!)
        .replace('{voucher}', f.reserved.id)
        .replace('{partner}', t.demo.userIds[demoEmails.partner]!);
      const response = await call(who.token, 'GET', filled);
      expect(response.statusCode, response.body).toBe(200);
      for (const secret of secrets) {
        expect(response.body).not.toContain(secret);
      }
      const items = response.json<{ items: Record<string, unknown>[] }>().items;
      for (const item of items) {
        if ('organizationId' in item || 'partnerId' in item) {
          expect([item.organizationId, item.partnerId]).toContain(who.organizationId);
        }
      }
    },
  );

  it('still shows each outsider its own rows', async () => {
    const [woodgrove, tailspin] = outsiders;
    const vouchersOfWoodgrove = (await call(woodgrove!.token, 'GET', '/vouchers')).json<{ items: unknown[] }>();
    expect(vouchersOfWoodgrove.items).toHaveLength(1);
    const agreementsOfWoodgrove = (await call(woodgrove!.token, 'GET', '/agreements')).json<{ items: unknown[] }>();
    expect(agreementsOfWoodgrove.items).toHaveLength(1);
    const auditOfWoodgrove = (await call(woodgrove!.token, 'GET', '/audit-events')).json<{ items: unknown[] }>();
    expect(auditOfWoodgrove.items.length).toBeGreaterThan(0);
    const auditOfTailspin = (await call(tailspin!.token, 'GET', '/audit-events')).json<{
      items: { action: string }[];
    }>();
    expect(auditOfTailspin.items.map((e) => e.action)).toContain('location.added');
  });
});
