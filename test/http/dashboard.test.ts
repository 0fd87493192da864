import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, bearer, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ at: '2021-03-01T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

async function get(token: string, url: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
  return { status: response.statusCode, body: response.json() };
}

describe('GET /admin/dashboard', () => {
  it('counts days by outcome, vouchers by status and the expiries of the next 30 days', async () => {
    const finance = await t.login('finance@saps.example');
    const before = (await get(finance, '/admin/dashboard')).body;
    expect(before.days).toMatchObject({ accrued: 40, allocated: 0, available: 40 });

    const benefits = await t.login('benefits@northwind.example');
    const agreement = (await get(benefits, '/agreements')).body.items[0];
    const type = (await get(benefits, `/programs/${agreement.programId}/engagement-types`)).body.items.find(
      (x: any) => x.code === 'SDPS-SPD',
    );
    const pm = (await get(await t.login('pm@northwind.example'), '/me')).body;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vouchers',
      headers: bearer(benefits),
      payload: { agreementId: agreement.id, engagementTypeId: type.id, days: 10, projectManagerId: pm.id },
    });
    expect(created.statusCode).toBe(201);

    const after = (await get(finance, '/admin/dashboard')).body;
    expect(after.days).toMatchObject({ accrued: 40, allocated: 10, available: 30 });
    expect(after.vouchersByStatus).toEqual({ assigned: 1 });
    // Expires in 180 days: not within the next 30 …
    expect(after.upcomingDeadlines).toEqual([]);
    // … but it is 151 days later.
    t.clock.set('2021-07-30T09:00:00.000Z');
    const operator = await t.login('operator@saps.example');
    const later = (await get(operator, '/admin/dashboard')).body;
    expect(later.upcomingDeadlines).toEqual([
      expect.objectContaining({
        kind: 'voucher_expiry',
        code: created.json().code,
        due: '2021-08-28T09:00:00.000Z',
        lastDay: '2021-08-28',
      }),
    ]);
  });

  it('is for operators only', async () => {
    const partner = await t.login('admin@fabrikam.example');
    expect((await get(partner, '/admin/dashboard')).status).toBe(403);
  });
});
