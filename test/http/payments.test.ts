import { asc, count, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, domainEvents, paymentRequests, paymentRequestVouchers } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

/** The JSON of a payment request, as clients see it. */
interface PaymentRequestJson {
  id: string;
  partnerId: string;
  programId: string;
  reference: string;
  status: string;
  deliveryCountry: string;
  total: { amountMinor: number; currency: string };
  voucherIds: string[];
  vouchers: { voucherId: string; code: string; days: number; amountMinor: number }[];
  invoiceNumber: string;
  invoiceDate: string;
  createdAt: string;
  approvedAt: string | null;
  denialReason: string | null;
  paidOn: string | null;
  paymentReference: string | null;
  payBy: string | null;
  overdue: boolean;
  availableActions: string[];
}

interface ProblemJson {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

interface Answer<T> {
  status: number;
  body: T;
}

let t: TestApp;
const tokens = new Map<string, { token: string; at: number }>();

beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

/** A bearer token for `email`, signed in again whenever the test clock moved (sessions last 12 h). */
async function tokenFor(email: string): Promise<string> {
  const now = t.clock.now().getTime();
  const cached = tokens.get(email);
  if (cached && now >= cached.at && now - cached.at < 60 * 60 * 1000) {
    return cached.token;
  }
  const token = await t.login(email);
  tokens.set(email, { token, at: now });
  return token;
}

async function api<T = PaymentRequestJson>(
  email: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
): Promise<Answer<T>> {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(await tokenFor(email)),
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: response.json<T>() };
}

function submit(voucherIds: string[], email: string = demoEmails.partner) {
  return api<PaymentRequestJson & ProblemJson>(email, 'POST', '/payment-requests', {
    voucherIds,
    invoiceNumber: 'INV-2021-0042',
    invoiceDate: t.clock.now().toISOString().slice(0, 10),
  });
}

const approve = (id: string, email: string = demoEmails.finance) =>
  api<PaymentRequestJson & ProblemJson>(email, 'POST', `/payment-requests/${id}/approval`);
const deny = (id: string, body: object, email: string = demoEmails.finance) =>
  api<PaymentRequestJson & ProblemJson>(email, 'POST', `/payment-requests/${id}/denial`, body);
const pay = (id: string, body: object, email: string = demoEmails.finance) =>
  api<PaymentRequestJson & ProblemJson>(email, 'POST', `/payment-requests/${id}/payment`, body);

/** What a refusal must leave untouched. */
async function counts(): Promise<{ requests: number; requestVouchers: number; audit: number; events: number }> {
  const [requests] = await t.ctx.db.select({ n: count() }).from(paymentRequests);
  const [requestVouchers] = await t.ctx.db.select({ n: count() }).from(paymentRequestVouchers);
  // A sign-in (`tokenFor` signs in lazily, within the check) writes its own record.
  const [audit] = await t.ctx.db
    .select({ n: count() })
    .from(auditEvents)
    .where(ne(auditEvents.action, 'user.signed-in'));
  const [events] = await t.ctx.db.select({ n: count() }).from(domainEvents);
  return { requests: requests!.n, requestVouchers: requestVouchers!.n, audit: audit!.n, events: events!.n };
}

/** Asserts that `attempt` is refused with `status` and `slug`, and that it changed nothing. */
async function expectRefusal(
  attempt: () => Promise<Answer<ProblemJson>>,
  status: number,
  slug: string,
  detail?: string | RegExp,
): Promise<ProblemJson> {
  const before = await counts();
  const answer = await attempt();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.type).toBe(`/problems/${slug}`);
  if (detail !== undefined) {
    expect(answer.body.detail).toMatch(detail);
  }
  expect(await counts()).toEqual(before);
  return answer.body;
}

describe('POST /payment-requests before the payment registration', () => {
  it('refuses with policy-violation "register for payments first" and changes nothing', async () => {
    const voucher = await makeVoucher(t);
    await expectRefusal(() => submit([voucher.id]), 422, 'policy-violation', /register for payments first/);
    await registerFabrikamForPayments(t);
  });
});

describe('the happy path: submit, approve, pay', () => {
  it('submits two US vouchers with the server-computed total, and finance approves and pays', async () => {
    t.clock.set('2021-03-01T09:00:00.000Z');
    const five = await makeVoucher(t, { days: 5 });
    const three = await makeVoucher(t, { days: 3 });

    const submitted = await submit([five.id, three.id]);
    expect(submitted.status).toBe(201);
    const request = submitted.body;
    // US daily rate 1,000.00 USD: (5 + 3) days × 100 000 minor units.
    expect(request).toMatchObject({
      status: 'submitted',
      deliveryCountry: 'US',
      total: { amountMinor: 800_000, currency: 'USD' },
      invoiceNumber: 'INV-2021-0042',
      invoiceDate: '2021-03-01',
      createdAt: '2021-03-01T09:00:00.000Z',
      overdue: false,
      payBy: null,
      // For the caller: the partner may not approve or deny its own request (issue 12, M1).
      availableActions: [],
    });
    expect(request.reference).toMatch(/^PR-2021-\d{6}$/);
    expect([...request.voucherIds].sort()).toEqual([five.id, three.id].sort());

    const read = await api(demoEmails.partner, 'GET', `/payment-requests/${request.id}`);
    expect(read.status).toBe(200);
    expect(read.body.vouchers).toEqual(
      expect.arrayContaining([
        { voucherId: five.id, code: five.code, days: 5, amountMinor: 500_000 },
        { voucherId: three.id, code: three.code, days: 3, amountMinor: 300_000 },
      ]),
    );
    const asFinance = await api(demoEmails.finance, 'GET', `/payment-requests/${request.id}`);
    expect(asFinance.status).toBe(200);
    expect(asFinance.body.availableActions).toEqual(['approve', 'deny']);
    // The operator admin is not finance: no decision is offered (M1).
    expect((await api(demoEmails.operator, 'GET', `/payment-requests/${request.id}`)).body.availableActions).toEqual(
      [],
    );

    t.clock.set('2021-03-02T10:00:00.000Z');
    const approved = await approve(request.id);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvedAt: '2021-03-02T10:00:00.000Z',
      payBy: '2021-04-01',
      overdue: false,
    });

    const paid = await pay(request.id, { paymentReference: 'ACH-778812', paidOn: '2021-03-02' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      paidOn: '2021-03-02',
      paymentReference: 'ACH-778812',
      availableActions: [],
    });

    const audit = await api<{ items: { action: string }[] }>(
      demoEmails.operator,
      'GET',
      `/audit-events?entityId=${request.id}`,
    );
    expect(audit.body.items.map((e) => e.action).sort()).toEqual([
      'payment-request.approved',
      'payment-request.paid',
      'payment-request.submitted',
    ]);

    // Each change recorded its domain event with it (decision 011), with the data of events.ts.
    const events = await t.ctx.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.entityId, request.id))
      .orderBy(asc(domainEvents.id));
    expect(events.map((e) => e.type)).toEqual([
      'payment_request.submitted',
      'payment_request.approved',
      'payment_request.paid',
    ]);
    expect(events[2]).toMatchObject({
      entityType: 'payment_request',
      programId: request.programId,
      organizationIds: [request.partnerId],
      data: {
        paymentRequestId: request.id,
        reference: request.reference,
        status: 'paid',
        partnerOrganizationId: request.partnerId,
        total: { amountMinor: 800_000, currency: 'USD' },
        paymentReference: 'ACH-778812',
        paidOn: '2021-03-02',
      },
    });
  });
});

describe('refusals of POST /payment-requests, each changing nothing', () => {
  it('refuses a voucher that is not redeemed with invalid-transition', async () => {
    t.clock.set('2021-03-03T09:00:00.000Z');
    const completed = await makeVoucher(t, { until: 'completed' });
    await expectRefusal(
      () => submit([completed.id]),
      409,
      'invalid-transition',
      new RegExp(`${completed.code} is completed`),
    );
  });

  it('answers 404 for another partner\u2019s voucher and for an unknown id', async () => {
    const voucher = await makeVoucher(t);
    await expectRefusal(() => submit([voucher.id], demoEmails.otherPartner), 404, 'not-found');
    await expectRefusal(() => submit([voucher.id, '00000000-0000-4000-8000-000000000000']), 404, 'not-found');
  });

  it('refuses vouchers of two delivery countries with policy-violation', async () => {
    const us = await makeVoucher(t, { country: 'US' });
    const ca = await makeVoucher(t, { country: 'CA' });
    await expectRefusal(() => submit([us.id, ca.id]), 422, 'policy-violation', /one delivery country/);
  });

  it('refuses a delivery country without a daily rate with policy-violation', async () => {
    const jp = await makeVoucher(t, { country: 'JP' });
    await expectRefusal(() => submit([jp.id]), 422, 'policy-violation', /no daily rate for JP/);
  });

  it('refuses a voucher already in a live request with invalid-transition naming that request', async () => {
    const voucher = await makeVoucher(t);
    const other = await makeVoucher(t);
    const first = await submit([voucher.id]);
    expect(first.status).toBe(201);
    await expectRefusal(
      () => submit([other.id, voucher.id]),
      409,
      'invalid-transition',
      new RegExp(`voucher ${voucher.code} is already in payment request ${first.body.reference}`),
    );
    // Approved and paid requests still hold their vouchers.
    expect((await approve(first.body.id)).status).toBe(200);
    await expectRefusal(() => submit([voucher.id]), 409, 'invalid-transition', /already in payment request/);
  });

  it('refuses an invoice dated in the future with validation-failed', async () => {
    const voucher = await makeVoucher(t);
    await expectRefusal(
      () =>
        api<ProblemJson>(demoEmails.partner, 'POST', '/payment-requests', {
          voucherIds: [voucher.id],
          invoiceNumber: 'INV-1',
          invoiceDate: '2021-03-04',
        }),
      400,
      'validation-failed',
    );
  });

  it('refuses other roles with 403: customers, finance, the operator admin, consultants', async () => {
    const voucher = await makeVoucher(t);
    for (const email of [demoEmails.benefitAdmin, demoEmails.finance, demoEmails.operator, demoEmails.consultant]) {
      await expectRefusal(() => submit([voucher.id], email), 403, 'forbidden');
    }
  });
});

describe('Idempotency-Key on POST /payment-requests', () => {
  it('answers a replay with the first response and creates nothing more', async () => {
    t.clock.set('2021-03-03T09:00:00.000Z');
    const voucher = await makeVoucher(t);
    const send = async () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payment-requests',
        headers: { ...bearer(await tokenFor(demoEmails.partner)), 'idempotency-key': `pay-${voucher.id}` },
        payload: { voucherIds: [voucher.id], invoiceNumber: 'INV-7', invoiceDate: '2021-03-03' },
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    const before = await counts();
    const replay = await send();
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<PaymentRequestJson>().id).toBe(first.json<PaymentRequestJson>().id);
    expect(await counts()).toEqual(before);
  });
});

describe('the 60-day payment window', () => {
  it('accepts on the last day (redemption + 60) and refuses just after it with deadline-passed', async () => {
    // Redeemed on 2021-04-01 (UTC, the program zone): the last day to submit is 2021-05-31.
    t.clock.set('2021-04-01T09:00:00.000Z');
    const onTime = await makeVoucher(t);
    const late = await makeVoucher(t);
    expect(onTime.paymentDueBy).toBe('2021-05-31');

    t.clock.set('2021-05-31T23:59:59.999Z');
    const accepted = await submit([onTime.id]);
    expect(accepted.status).toBe(201);

    t.clock.set('2021-06-01T00:00:00.000Z');
    const refusal = await expectRefusal(() => submit([late.id]), 422, 'deadline-passed');
    expect(refusal.detail).toContain(late.code);
    expect(refusal.detail).toContain('2021-05-31');
  });
});

describe('denial', () => {
  it('denies with a reason, frees the vouchers, and a new request may take them within their windows', async () => {
    t.clock.set('2021-04-05T09:00:00.000Z');
    const voucher = await makeVoucher(t, { days: 10 });
    const first = await submit([voucher.id]);
    expect(first.status).toBe(201);

    await expectRefusal(() => deny(first.body.id, { reason: 'too_late', detail: 'x' }), 400, 'validation-failed');
    await expectRefusal(() => deny(first.body.id, { reason: 'other', detail: '' }), 400, 'validation-failed');

    const denied = await deny(first.body.id, {
      reason: 'missing_deliverable',
      detail: 'the deliverable is a blank page',
    });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ status: 'denied', denialReason: 'missing_deliverable', availableActions: [] });
    expect(denied.body.voucherIds).toEqual([voucher.id]);

    const second = await submit([voucher.id]);
    expect(second.status).toBe(201);
    expect(second.body.reference).not.toBe(first.body.reference);
    expect(second.body.total).toEqual({ amountMinor: 1_000_000, currency: 'USD' });
    // ... and then that one holds them.
    await expectRefusal(() => submit([voucher.id]), 409, 'invalid-transition', new RegExp(second.body.reference));
  });
});

describe('finance decisions', () => {
  let request: PaymentRequestJson;

  beforeAll(async () => {
    t.clock.set('2021-04-06T09:00:00.000Z');
    const voucher = await makeVoucher(t);
    request = (await submit([voucher.id])).body;
  });

  it('only finance decides: 403 for the partner and the operator admin, and nothing changes', async () => {
    await expectRefusal(() => approve(request.id, demoEmails.partner), 403, 'forbidden');
    await expectRefusal(() => approve(request.id, demoEmails.operator), 403, 'forbidden');
    await expectRefusal(
      () => deny(request.id, { reason: 'other', detail: 'no' }, demoEmails.operator),
      403,
      'forbidden',
    );
    await expectRefusal(
      () => pay(request.id, { paymentReference: 'X', paidOn: '2021-04-06' }, demoEmails.partner),
      403,
      'forbidden',
    );
  });

  it('refuses to pay a submitted request with invalid-transition (pay only from approved)', async () => {
    await expectRefusal(
      () => pay(request.id, { paymentReference: 'X', paidOn: '2021-04-06' }),
      409,
      'invalid-transition',
      /it is submitted; it must be approved/,
    );
  });

  it('refuses a payment date in the future or before the approval day with validation-failed', async () => {
    expect((await approve(request.id)).status).toBe(200);
    await expectRefusal(
      () => pay(request.id, { paymentReference: 'X', paidOn: '2021-04-07' }),
      400,
      'validation-failed',
    );
    await expectRefusal(
      () => pay(request.id, { paymentReference: 'X', paidOn: '2021-04-05' }),
      400,
      'validation-failed',
    );
  });

  it('refuses to approve or deny an approved request and to pay a paid one with invalid-transition', async () => {
    await expectRefusal(() => approve(request.id), 409, 'invalid-transition');
    await expectRefusal(() => deny(request.id, { reason: 'other', detail: 'late' }), 409, 'invalid-transition');
    expect((await pay(request.id, { paymentReference: 'ACH-1', paidOn: '2021-04-06' })).status).toBe(200);
    await expectRefusal(
      () => pay(request.id, { paymentReference: 'ACH-2', paidOn: '2021-04-06' }),
      409,
      'invalid-transition',
    );
    await expectRefusal(() => deny(request.id, { reason: 'other', detail: 'late' }), 409, 'invalid-transition');
  });
});

describe('overdue: approved and not paid within 30 days', () => {
  let request: PaymentRequestJson;

  beforeAll(async () => {
    t.clock.set('2021-04-10T09:00:00.000Z');
    const voucher = await makeVoucher(t);
    request = (await submit([voucher.id])).body;
    expect((await approve(request.id)).body.payBy).toBe('2021-05-10');
  });

  const overdueIds = async (query: string) =>
    (
      await api<{ items: PaymentRequestJson[] }>(demoEmails.finance, 'GET', `/payment-requests?${query}`)
    ).body.items.map((r) => r.id);

  it.each([
    ['29 days after approval', '2021-05-09T09:00:00.000Z', false],
    ['the last instant of the 30th day', '2021-05-10T23:59:59.999Z', false],
    ['just after the 30th day', '2021-05-11T00:00:00.000Z', true],
  ])('%s: overdue is %s, in the answer and in ?overdue=', async (_label, now, overdue) => {
    t.clock.set(now);
    const read = await api(demoEmails.finance, 'GET', `/payment-requests/${request.id}`);
    expect(read.body).toMatchObject({ overdue, payBy: '2021-05-10' });
    expect((await overdueIds('overdue=true')).includes(request.id)).toBe(overdue);
    expect((await overdueIds('overdue=false')).includes(request.id)).toBe(!overdue);
  });

  it('is no longer overdue once paid', async () => {
    t.clock.set('2021-05-12T09:00:00.000Z');
    const paid = await pay(request.id, { paymentReference: 'ACH-9', paidOn: '2021-05-12' });
    expect(paid.body).toMatchObject({ status: 'paid', overdue: false });
    expect(await overdueIds('overdue=true')).not.toContain(request.id);
  });
});

describe('GET /payment-requests', () => {
  it('lists newest first with a cursor, filters by status, and scopes to the partner', async () => {
    const all = await api<{ items: PaymentRequestJson[]; nextCursor: string | null }>(
      demoEmails.finance,
      'GET',
      '/payment-requests?limit=200',
    );
    expect(all.status).toBe(200);
    const created = all.body.items.map((r) => r.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const first = await api<{ items: PaymentRequestJson[]; nextCursor: string }>(
      demoEmails.finance,
      'GET',
      '/payment-requests?limit=2',
    );
    expect(first.body.items.map((r) => r.id)).toEqual(all.body.items.slice(0, 2).map((r) => r.id));
    const second = await api<{ items: PaymentRequestJson[] }>(
      demoEmails.finance,
      'GET',
      `/payment-requests?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((r) => r.id)).toEqual(all.body.items.slice(2, 4).map((r) => r.id));

    const denied = await api<{ items: PaymentRequestJson[] }>(
      demoEmails.finance,
      'GET',
      '/payment-requests?status=denied',
    );
    expect(denied.body.items.length).toBeGreaterThan(0);
    expect(denied.body.items.every((r) => r.status === 'denied')).toBe(true);

    const mine = await api<{ items: PaymentRequestJson[] }>(demoEmails.partner, 'GET', '/payment-requests?limit=200');
    expect(mine.body.items.map((r) => r.id)).toEqual(all.body.items.map((r) => r.id));
    const theirs = await api<{ items: PaymentRequestJson[] }>(demoEmails.otherPartner, 'GET', '/payment-requests');
    expect(theirs.body.items).toEqual([]);
  });

  it('shows customers and other partners no payment request: an empty list and 404', async () => {
    const any = (await api<{ items: PaymentRequestJson[] }>(demoEmails.finance, 'GET', '/payment-requests')).body
      .items[0]!;
    const customerList = await api<{ items: unknown[] }>(demoEmails.benefitAdmin, 'GET', '/payment-requests');
    expect(customerList).toEqual({ status: 200, body: { items: [], nextCursor: null } });
    for (const email of [demoEmails.benefitAdmin, demoEmails.projectManager, demoEmails.otherPartner]) {
      const read = await api<ProblemJson>(email, 'GET', `/payment-requests/${any.id}`);
      expect(read.status).toBe(404);
      expect(read.body.type).toBe('/problems/not-found');
    }
  });
});
