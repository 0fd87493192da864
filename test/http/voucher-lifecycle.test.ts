import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';

let t: TestApp;
let tokens: Record<'benefits' | 'pm' | 'partner' | 'consultant' | 'finance' | 'operator', string>;

beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
  tokens = {
    benefits: await t.login('benefits@northwind.example'),
    pm: await t.login('pm@northwind.example'),
    partner: await t.login('admin@fabrikam.example'),
    consultant: await t.login('consultant@fabrikam.example'),
    finance: await t.login('finance@saps.example'),
    operator: await t.login('operator@saps.example'),
  };
});
afterAll(async () => {
  await t.close();
});

async function api(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() };
}

describe('the program flow through the API, as three organisations', () => {
  it('creates, reserves, completes and redeems a voucher, with the days ledger and deadlines right', async () => {
    const agreements = await api(tokens.benefits, 'GET', '/agreements');
    expect(agreements.status).toBe(200);
    const agreement = agreements.body.items[0];
    expect(agreement.balance).toBe(40);
    const types = await api(tokens.benefits, 'GET', `/programs/${agreement.programId}/engagement-types`);
    const windowsOffice = types.body.items.find((x: any) => x.name === 'Windows and Office Deployment Planning');
    const me = await api(tokens.pm, 'GET', '/me');

    const created = await api(tokens.benefits, 'POST', '/vouchers', {
      agreementId: agreement.id,
      engagementTypeId: windowsOffice.id,
      days: 5,
      projectManagerId: me.body.id,
    });
    expect(created.status).toBe(201);
    const voucher = created.body;
    expect(voucher).toMatchObject({ status: 'assigned', days: 5 });
    expect(voucher.code).toMatch(/^PS-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(voucher.expiresAt).toBe('2021-08-28T09:00:00.000Z');
    expect(voucher.deadlines.redeemBy).toMatchObject({ rule: 'voucher_expiry', lastDay: '2021-08-28' });
    expect((await api(tokens.benefits, 'GET', `/agreements/${agreement.id}`)).body.balance).toBe(35);

    // The partner cannot see the voucher before it proves the code.
    expect((await api(tokens.partner, 'GET', `/vouchers/${voucher.id}`)).status).toBe(404);
    const validated = await api(tokens.partner, 'POST', '/voucher-validations', {
      code: voucher.code.toLowerCase(),
      customerEmail: 'benefits@northwind.example',
    });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ id: voucher.id, customerName: 'Northwind Traders', days: 5 });

    const locations = await api(
      tokens.partner,
      'GET',
      `/partners/${(await api(tokens.partner, 'GET', '/me')).body.organizationId}/locations`,
    );
    const us = locations.body.items.find((l: any) => l.country === 'US');
    const reserved = await api(tokens.partner, 'POST', `/vouchers/${voucher.id}/reservation`, {
      code: voucher.code,
      locationId: us.id,
      plannedStart: '2021-03-15',
      plannedEnd: '2021-03-19',
      acceptTerms: true,
    });
    expect(reserved.status).toBe(200);
    expect(reserved.body.reservation).toMatchObject({ deliveryCountry: 'US', plannedStart: '2021-03-15' });
    expect(reserved.body.expiresAt).toBe(voucher.expiresAt);

    t.clock.set('2021-03-22T10:00:00.000Z');
    // Sessions last 12 hours: everyone signs in again three weeks later.
    for (const [who, email] of [
      ['partner', 'admin@fabrikam.example'],
      ['consultant', 'consultant@fabrikam.example'],
      ['pm', 'pm@northwind.example'],
      ['benefits', 'benefits@northwind.example'],
      ['operator', 'operator@saps.example'],
    ] as const) {
      tokens[who] = await t.login(email);
    }
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...bearer(tokens.consultant), 'content-type': 'multipart/form-data; boundary=XyZ' },
      payload:
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 deployment plan\r\n--XyZ--\r\n',
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json();
    expect(file).toMatchObject({ name: 'plan.pdf', size: 24 });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);

    const consultant = await api(tokens.consultant, 'GET', '/me');
    const completed = await api(tokens.consultant, 'POST', `/vouchers/${voucher.id}/completion-report`, {
      deliveredFrom: '2021-03-15',
      deliveredTo: '2021-03-19',
      consultantIds: [consultant.body.id],
      summary: 'Assessed the desktop estate.',
      nextSteps: 'Pilot Windows 10 in two sites.',
      deliverableFileIds: [file.id],
    });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');

    // The customer sees the report and may download the deliverable; another partner may not.
    const seen = await api(tokens.pm, 'GET', `/vouchers/${voucher.id}`);
    expect(seen.body.completionReport.deliverableFileIds).toEqual([file.id]);
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${file.id}/content`,
      headers: bearer(tokens.pm),
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('%PDF-1.4 deployment plan');
    const tailspin = await t.login('admin@tailspin.example');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/files/${file.id}/content`, headers: bearer(tailspin) }))
        .statusCode,
    ).toBe(404);

    const redeemed = await api(tokens.partner, 'POST', `/vouchers/${voucher.id}/redemption`);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({
      status: 'redeemed',
      redeemedAt: '2021-03-22T10:00:00.000Z',
      paymentDueBy: '2021-05-21',
    });
    expect(redeemed.body.deadlines.paymentBy).toMatchObject({ lastDay: '2021-05-21', rule: 'payment_window' });

    const audit = await api(tokens.operator, 'GET', `/audit-events?entityId=${voucher.id}`);
    expect(audit.body.items.map((e: any) => e.action).reverse()).toEqual([
      'voucher.created',
      'voucher.reserved',
      'voucher.completed',
      'voucher.redeemed',
    ]);
    const ledger = await api(tokens.benefits, 'GET', `/agreements/${agreement.id}/ledger`);
    expect(ledger.body.items.map((e: any) => [e.kind, e.days])).toEqual([
      ['voucher_allocation', -5],
      ['accrual', 40],
    ]);
  });
});
