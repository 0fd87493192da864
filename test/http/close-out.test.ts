import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { approvePaymentRequest } from '../../src/app/payments/approve-payment-request.js';
import { denyPaymentRequest } from '../../src/app/payments/deny-payment-request.js';
import { payPaymentRequest } from '../../src/app/payments/pay-payment-request.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { demoLicensingId } from '../../src/app/seed/seed-demo-customers.js';
import { cancelVoucher } from '../../src/app/vouchers/cancel-voucher.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { agreements, engagementTypes } from '../../src/db/schema/index.js';
import type { closeOut } from '../../src/http/schemas/close-out.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import {
  actorFor,
  demoEmails,
  ensureAgreement,
  makeVoucher,
  registerFabrikamForPayments,
} from '../support/voucher-factory.js';

/**
 * The close-out report on the demo data after the program ran its course on the simulated
 * clock, moved by `PUT /clock` with `POST /admin/sweeps` each month from 2020-12 to 2022-03.
 * Hand-computed:
 * - the demo agreement (NW-EA-4471): 40 days accrued (2020-07-01), +3 adjusted, voucher X of 5
 *   days made on 2020-12-01 expires on 2021-05-30 and gives its days back; its 43 days are
 *   removed on 2021-07-01;
 * - the factory agreement: 2000 days accrued on 2021-01-15; on 2021-03-01 vouchers A (5, US,
 *   paid), B (3, US, submitted), C (1, US, denied), G (3, GB, approved), H (1, JP, no rate:
 *   unpriced) are redeemed, D (10) is cancelled, E (5, assigned) and F (1, reserved) expire on
 *   2021-08-28 after the removal, so they forfeit; 2000 − 29 + 10 = 1981 days are removed.
 */
let t: TestApp;
let demoAgreementId: string;
let factoryAgreementId: string;
let a: VoucherView;

/** Sessions follow the real clock (the test clock here): signed in again once it moved. */
const tokens = new Map<string, string>();

async function call(email: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) {
  const token = tokens.get(email) ?? (await t.login(email));
  tokens.set(email, token);
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload }),
  });
}

async function moveClock(now: string): Promise<void> {
  const moved = await call(demoEmails.operator, 'PUT', '/clock', { now });
  expect(moved.statusCode, moved.body).toBe(200);
}

async function sweep(): Promise<void> {
  const swept = await call(demoEmails.operator, 'POST', '/admin/sweeps');
  expect(swept.statusCode, swept.body).toBe(200);
}

const closeOutOf = (email: string = demoEmails.operator, programId = t.demo.programId) =>
  call(email, 'GET', `/admin/close-out?programId=${programId}`);

/** The report as the wire carries it. */
const reportOf = async (email?: string) => (await closeOutOf(email)).json<z.input<typeof closeOut>>();

function records(body: string): Record<string, string>[] {
  return parse<Record<string, string>>(body, { columns: true, record_delimiter: '\r\n' });
}

beforeAll(async () => {
  t = await buildTestApp({ at: '2020-12-01T10:00:00.000Z', simulated: true });
  const [demo] = await t.ctx.db.select().from(agreements).where(eq(agreements.licensingId, demoLicensingId));
  demoAgreementId = demo!.id;
  const [type] = await t.ctx.db
    .select({ id: engagementTypes.id })
    .from(engagementTypes)
    .where(and(eq(engagementTypes.programId, t.demo.programId), eq(engagementTypes.code, 'DDPS-WOD')));
  const x = await call(demoEmails.benefitAdmin, 'POST', '/vouchers', {
    agreementId: demoAgreementId,
    engagementTypeId: type!.id,
    days: 5,
    projectManagerId: t.demo.userIds[demoEmails.projectManager],
  });
  expect(x.statusCode, x.body).toBe(201);
  const adjusted = await call(demoEmails.operator, 'POST', `/agreements/${demoAgreementId}/adjustments`, {
    days: 3,
    reason: 'close-out test',
  });
  expect(adjusted.statusCode, adjusted.body).toBe(201);

  await moveClock('2021-01-15T12:00:00.000Z');
  factoryAgreementId = await ensureAgreement(t);

  await moveClock('2021-03-01T09:00:00.000Z');
  t.clock.set('2021-03-01T09:00:00.000Z');
  tokens.clear();
  const partner = await actorFor(t, demoEmails.partner);
  const finance = await actorFor(t, demoEmails.finance);
  a = await makeVoucher(t, { days: 5 });
  await registerFabrikamForPayments(t);
  const b = await makeVoucher(t, { days: 3 });
  const c = await makeVoucher(t, { days: 1 });
  const g = await makeVoucher(t, { days: 3, country: 'GB' });
  await makeVoucher(t, { days: 1, country: 'JP' });
  const d = await makeVoucher(t, { days: 10, until: 'assigned' });
  await cancelVoucher(t.ctx, await actorFor(t, demoEmails.benefitAdmin), d.id);
  await makeVoucher(t, { days: 5, until: 'assigned' });
  await makeVoucher(t, { days: 1, until: 'reserved' });
  const submit = (voucher: VoucherView, n: number) =>
    submitPaymentRequest(t.ctx, partner, {
      voucherIds: [voucher.id],
      invoiceNumber: `INV-CLOSE-${n}`,
      invoiceDate: '2021-03-01',
    });
  const paid = await submit(a, 1);
  await approvePaymentRequest(t.ctx, finance, paid.id);
  await payPaymentRequest(t.ctx, finance, paid.id, { paymentReference: 'PAY-CLOSE-1', paidOn: '2021-03-01' });
  await submit(b, 2);
  const denied = await submit(c, 3);
  await denyPaymentRequest(t.ctx, finance, denied.id, { reason: 'other', detail: 'close-out test' });
  const approved = await submit(g, 4);
  await approvePaymentRequest(t.ctx, finance, approved.id);

  // A full year and more, month by month, with the sweep each time.
  for (let month = 3; month <= 14; month += 1) {
    await moveClock(new Date(Date.UTC(2021, month, 1, 0, 0, 1)).toISOString());
    await sweep();
  }
  await moveClock('2022-03-15T12:00:00.000Z');
  await sweep();
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /admin/close-out after the program ran its course', () => {
  it('adds up the days of the ledger and the vouchers', async () => {
    const response = await closeOutOf();
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.program).toEqual({
      id: t.demo.programId,
      name: 'Software Assurance Planning Services',
      timeZone: 'UTC',
    });
    expect(report.agreements).toBe(2);
    expect(report.days).toEqual({
      accrued: 2040,
      converted: 0,
      adjusted: 3,
      allocated: 34,
      redeemed: 13,
      returned: 15,
      removed: 2024,
      forfeited: 6,
      balance: 0,
      onLiveVouchers: 0,
    });
  });

  it('balances every equation of invariant 1, with both sides', async () => {
    const report = await reportOf();
    expect(report.balanced).toBe(true);
    expect(report.unbalancedAgreementCount).toBe(0);
    expect(report.unbalancedAgreements).toEqual([]);
    const sides = Object.fromEntries(report.equations.map((e) => [e.id, [e.left.days, e.right.days, e.balanced]]));
    expect(sides).toEqual({ balance: [0, 0, true], conservation: [2043, 2043, true], notNegative: [0, 0, true] });
    const conservation = report.equations.find((e) => e.id === 'conservation')!;
    expect(conservation.right.terms).toEqual([
      { term: 'balance', days: 0 },
      { term: 'onVouchers', days: 13 },
      { term: 'removed', days: 2024 },
      { term: 'forfeited', days: 6 },
    ]);
  });

  it('gives the redeemed value and the payment requests by country and currency', async () => {
    const { money } = await reportOf(demoEmails.finance);
    const usd = (amountMinor: number, count: number) => ({ amountMinor, currency: 'USD', count });
    const gbp = (amountMinor: number, count: number) => ({ amountMinor, currency: 'GBP', count });
    const us = {
      redeemedVouchers: 3,
      redeemedDays: 9,
      redeemedValue: { amountMinor: 900_000, currency: 'USD' },
      requested: usd(800_000, 2),
      approved: usd(500_000, 1),
      paid: usd(500_000, 1),
      outstanding: usd(300_000, 1),
      denied: usd(100_000, 1),
    };
    const gb = {
      redeemedVouchers: 1,
      redeemedDays: 3,
      redeemedValue: { amountMinor: 240_000, currency: 'GBP' },
      requested: gbp(240_000, 1),
      approved: gbp(240_000, 1),
      paid: gbp(0, 0),
      outstanding: gbp(240_000, 1),
      denied: gbp(0, 0),
    };
    expect(money.byCountry).toEqual([
      { country: 'GB', currency: 'GBP', ...gb },
      { country: 'US', currency: 'USD', ...us },
    ]);
    expect(money.byCurrency).toEqual([
      { currency: 'GBP', ...gb },
      { currency: 'USD', ...us },
    ]);
    expect(money.unpriced).toEqual([{ country: 'JP', redeemedVouchers: 1, redeemedDays: 1 }]);
  });

  it('exports the same report as CSV: days, equations and money', async () => {
    const response = await call(demoEmails.operator, 'GET', `/exports/close-out.csv?programId=${t.demo.programId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = records(response.body);
    const days = Object.fromEntries(rows.filter((r) => r.section === 'days').map((r) => [r.item, Number(r.days)]));
    expect(days).toMatchObject({ accrued: 2040, allocated: 34, removed: 2024, forfeited: 6, balance: 0 });
    const equations = rows.filter((r) => r.section === 'equation');
    expect(equations.map((r) => [r.item, r.left, r.right, r.balanced])).toEqual([
      ['balance', '0', '0', 'true'],
      ['conservation', '2043', '2043', 'true'],
      ['notNegative', '0', '0', 'true'],
    ]);
    expect(equations[1]!.detail).toBe(
      'accrued 2040 + converted 0 + adjusted 3 = 2043; balance 0 + onVouchers 13 + removed 2024 + forfeited 6 = 2043',
    );
    expect(rows.find((r) => r.section === 'money' && r.country === 'US' && r.item === 'outstanding')).toMatchObject({
      currency: 'USD',
      amountMinor: '300000',
      count: '1',
    });
    expect(rows.find((r) => r.section === 'unpriced')).toMatchObject({ country: 'JP', days: '1', count: '1' });
    expect(rows.filter((r) => r.section === 'agreement' || r.section === 'voucher')).toEqual([]);
  });
});

describe('a deliberate unbalanced edit of the books', () => {
  beforeAll(async () => {
    // Voucher A's days grow by 2 behind the ledger's back, and the demo agreement loses its
    // adjustment entry (its stored balance stays as it was).
    await t.ctx.db.execute(sql`update vouchers set days = days + 2 where id = ${a.id}`);
    await t.ctx.db.execute(
      sql`delete from ledger_entries where agreement_id = ${demoAgreementId} and kind = 'adjustment'`,
    );
  });

  it('is named at the agreements that carry it, with both sides, and at the voucher', async () => {
    const report = await reportOf();
    expect(report.balanced).toBe(false);
    expect(report.unbalancedAgreementCount).toBe(2);
    const byId = new Map(report.unbalancedAgreements.map((u) => [u.agreementId, u]));
    const factory = byId.get(factoryAgreementId)!;
    expect(factory.equations.map((e) => [e.id, e.left.days, e.right.days, e.difference])).toEqual([
      ['conservation', 2000, 2002, -2],
    ]);
    expect(factory.vouchers).toHaveLength(1);
    expect(factory.vouchers[0]).toMatchObject({ voucherId: a.id, code: a.code });
    expect(factory.vouchers[0]!.equation).toMatchObject({ left: { days: 5 }, right: { days: 7 }, difference: -2 });
    const demo = byId.get(demoAgreementId)!;
    expect(demo.licensingId).toBe(demoLicensingId);
    expect(demo.equations.map((e) => [e.id, e.left.days, e.right.days, e.difference])).toEqual([
      ['balance', 0, -3, 3],
      ['conservation', 40, 43, -3],
      ['notNegative', 3, 0, 3],
    ]);
    expect(demo.vouchers).toEqual([]);
    const program = Object.fromEntries(
      report.equations.map((e) => [e.id, [e.difference, e.unbalancedAgreements, e.balanced]]),
    );
    expect(program).toEqual({ balance: [3, 1, false], conservation: [-5, 2, false], notNegative: [3, 1, false] });
  });

  it('lists them in the CSV too, voucher included', async () => {
    const response = await call(demoEmails.finance, 'GET', `/exports/close-out.csv?programId=${t.demo.programId}`);
    const rows = records(response.body);
    const named = rows
      .filter((r) => r.section === 'agreement' || r.section === 'voucher')
      .map((r) => [r.section, r.agreementId, r.item, r.voucherCode, r.difference]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['agreement', factoryAgreementId, 'conservation', '', '-2'],
        ['voucher', factoryAgreementId, 'voucher', a.code, '-2'],
        ['agreement', demoAgreementId, 'balance', '', '3'],
        ['agreement', demoAgreementId, 'conservation', '', '-3'],
        ['agreement', demoAgreementId, 'notNegative', '', '3'],
      ]),
    );
    expect(named).toHaveLength(5);
  });
});

describe('who may read it, and which program', () => {
  const routes = ['/admin/close-out', '/exports/close-out.csv'];

  it.each(routes)('%s refuses customers and partners with 403 forbidden', async (route) => {
    for (const email of [
      demoEmails.benefitAdmin,
      demoEmails.projectManager,
      demoEmails.partner,
      demoEmails.consultant,
      demoEmails.otherPartner,
    ]) {
      const response = await call(email, 'GET', `${route}?programId=${t.demo.programId}`);
      expect(response.statusCode, email).toBe(403);
      expect(response.json()).toMatchObject({ type: '/problems/forbidden' });
    }
  });

  it.each(routes)('%s answers the operator admin and finance', async (route) => {
    for (const email of [demoEmails.operator, demoEmails.finance]) {
      expect((await call(email, 'GET', `${route}?programId=${t.demo.programId}`)).statusCode, email).toBe(200);
    }
  });

  it.each(routes)('%s refuses a programId that is not a uuid, or missing, with 400 naming the field', async (route) => {
    for (const query of ['?programId=not-a-uuid', '', `?programId=${t.demo.programId}&extra=1`]) {
      const response = await call(demoEmails.operator, 'GET', `${route}${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ type: '/problems/validation-failed' });
    }
    const bad = (await call(demoEmails.operator, 'GET', `${route}?programId=not-a-uuid`)).json();
    expect(bad.errors.map((e: { path: string }) => e.path).join()).toContain('programId');
  });

  it.each(routes)('%s answers 404 not-found for a program nobody created', async (route) => {
    const response = await call(demoEmails.operator, 'GET', `${route}?programId=${randomUUID()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ type: '/problems/not-found' });
  });

  it('answers 403 before it looks the program up: the same for an unknown program', async () => {
    const response = await call(demoEmails.partner, 'GET', `/admin/close-out?programId=${randomUUID()}`);
    expect(response.statusCode).toBe(403);
  });
});
