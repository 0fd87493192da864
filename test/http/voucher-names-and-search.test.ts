import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demo, expectProblem, expectStatus } from '../support/api-client.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { ensureAgreement, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

/**
 * Issue 12, M6 and item 4: voucher answers name the parties people know (the customer, the
 * partner holding it, the project manager, the report's consultants) to the callers who may
 * read them, and the lists find vouchers and payment requests by what people type.
 */
let t: TestApp;
let api: ApiClient;
let redeemed: { id: string; code: string };
let assigned: { id: string; code: string };

beforeAll(async () => {
  t = await buildTestApp();
  api = new ApiClient(t);
  redeemed = await makeVoucher(t, { until: 'redeemed' });
  assigned = await makeVoucher(t, { until: 'assigned' });
});

afterAll(async () => {
  await t?.close();
});

interface Named {
  id: string;
  code: string;
  customerName: string;
  projectManagerName: string | null;
  reservation: { partnerName: string } | null;
  completionReport: { consultantIds: string[]; consultants: { id: string; name: string }[] } | null;
}

const codes = (items: Named[]) => items.map((v) => v.code);

async function listVouchers(as: string, q: string): Promise<Named[]> {
  const response = await api.get(as, `/vouchers?q=${encodeURIComponent(q)}&limit=200`);
  expectStatus(response, 200);
  return response.body.items as Named[];
}

describe('voucher answers carry the names of the parties (M6)', () => {
  it('gives the customer the partner’s, the project manager’s and the consultants’ names', async () => {
    const response = await api.get(demo.benefits, `/vouchers/${redeemed.id}`);
    expectStatus(response, 200);
    const voucher = response.body as Named;
    expect(voucher.customerName).toBe('Northwind Traders');
    expect(voucher.projectManagerName).toBe('Paul Manager');
    expect(voucher.reservation?.partnerName).toBe('Fabrikam Consulting');
    expect(voucher.completionReport?.consultants).toEqual([
      { id: voucher.completionReport!.consultantIds[0], name: 'Carlos Consultant' },
    ]);
  });

  it('gives the holding partner the customer’s and the project manager’s names, in the list too', async () => {
    const items = await listVouchers(demo.partner, redeemed.code);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      customerName: 'Northwind Traders',
      projectManagerName: 'Paul Manager',
      reservation: { partnerName: 'Fabrikam Consulting' },
    });
  });

  it('gives an unheld voucher no partner name, and the validating partner the customer’s name', async () => {
    const own = await api.get(demo.benefits, `/vouchers/${assigned.id}`);
    expect(own.body).toMatchObject({ customerName: 'Northwind Traders', reservation: null });
    const validated = await api.post(demo.otherPartner, '/voucher-validations', {
      code: assigned.code,
      customerEmail: demo.benefits,
    });
    expectStatus(validated, 200);
    expect(validated.body.customerName).toBe('Northwind Traders');
  });

  it('names the partner in the reservation answer and the new project manager in the change answer', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const organizationId = t.demo.organizationIds['Northwind Traders']!;
    const created = await api.post(demo.benefits, `/organizations/${organizationId}/users`, {
      email: 'second.pm@northwind.example',
      name: 'Petra Second',
      roles: ['project_manager'],
      password: 'a long enough passphrase 42',
    });
    expectStatus(created, 201);
    const changed = await api.call(demo.benefits, 'PUT', `/vouchers/${voucher.id}/project-manager`, {
      projectManagerId: created.body.id,
    });
    expectStatus(changed, 200);
    expect(changed.body.projectManagerName).toBe('Petra Second');
    const reserved = await makeVoucher(t, { until: 'reserved' });
    expect(reserved.reservation?.partnerName).toBe('Fabrikam Consulting');
    expect(reserved.customerName).toBe('Northwind Traders');
  });
});

describe('GET /vouchers?q= (item 4)', () => {
  it('finds a voucher by its code with or without dashes, in any case', async () => {
    expect(codes(await listVouchers(demo.benefits, redeemed.code))).toEqual([redeemed.code]);
    expect(codes(await listVouchers(demo.benefits, redeemed.code.replace(/-/g, '').toLowerCase()))).toEqual([
      redeemed.code,
    ]);
    expect(codes(await listVouchers(demo.benefits, ` ${redeemed.code.slice(3, 9).toLowerCase()} `))).toContain(
      redeemed.code,
    );
  });

  it('finds by the partner’s name for the customer and by the customer’s name for the partner', async () => {
    expect(codes(await listVouchers(demo.benefits, 'fabrikam'))).toContain(redeemed.code);
    expect(codes(await listVouchers(demo.benefits, 'fabrikam'))).not.toContain(assigned.code);
    expect(codes(await listVouchers(demo.partner, 'NORTHWIND'))).toContain(redeemed.code);
    // A partner finds only what it holds: the unreserved voucher is not its to see.
    expect(codes(await listVouchers(demo.partner, 'northwind'))).not.toContain(assigned.code);
    expect(await listVouchers(demo.otherPartner, 'northwind')).toEqual([]);
  });

  it('takes LIKE wildcards literally', async () => {
    expect(await listVouchers(demo.benefits, '%')).toEqual([]);
    expect(await listVouchers(demo.benefits, '_')).toEqual([]);
    expect(await listVouchers(demo.benefits, 'North%Traders')).toEqual([]);
    expect(await listVouchers(demo.benefits, '\\')).toEqual([]);
  });

  it('treats a blank q as no filter and refuses one over 200 characters', async () => {
    const all = await api.get(demo.benefits, '/vouchers?limit=200');
    expect(codes(await listVouchers(demo.benefits, '   '))).toEqual(codes(all.body.items as Named[]));
    expect((await api.get(demo.benefits, `/vouchers?q=${'x'.repeat(200)}`)).status).toBe(200);
    const tooLong = await api.get(demo.benefits, `/vouchers?q=${'x'.repeat(201)}`);
    expectProblem(tooLong, 400, 'validation-failed');
    expect(tooLong.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.q']);
  });
});

describe('GET /payment-requests?q= (item 4)', () => {
  it('finds by the reference (dashes optional) and the invoice number, only in the caller’s scope', async () => {
    await ensureAgreement(t);
    await registerFabrikamForPayments(t);
    const submitted = await api.post(demo.partner, '/payment-requests', {
      voucherIds: [redeemed.id],
      invoiceNumber: 'FAB_INV-77',
      invoiceDate: t.clock.now().toISOString().slice(0, 10),
    });
    expectStatus(submitted, 201);
    const reference = submitted.body.reference as string;
    const find = async (as: string, q: string) => {
      const response = await api.get(as, `/payment-requests?q=${encodeURIComponent(q)}`);
      expectStatus(response, 200);
      return (response.body.items as { reference: string }[]).map((r) => r.reference);
    };
    expect(await find(demo.partner, reference.toLowerCase())).toEqual([reference]);
    expect(await find(demo.partner, reference.replace(/-/g, ''))).toEqual([reference]);
    expect(await find(demo.finance, 'fab_inv')).toEqual([reference]);
    expect(await find(demo.finance, 'fab_inv-7')).toEqual([reference]);
    // `_` is no wildcard: "FABXINV" does not match "FAB_INV".
    expect(await find(demo.finance, 'fab%inv')).toEqual([]);
    expect(await find(demo.otherPartner, 'fab_inv')).toEqual([]);
    const tooLong = await api.get(demo.partner, `/payment-requests?q=${'x'.repeat(201)}`);
    expectProblem(tooLong, 400, 'validation-failed');
  });
});

describe('GET /audit-events?q= takes wildcards literally', () => {
  it('finds nothing for a lone % or _', async () => {
    for (const q of ['%', '_', '%%']) {
      const response = await api.get(demo.operator, `/audit-events?q=${encodeURIComponent(q)}`);
      expectStatus(response, 200);
      expect(response.body.items).toEqual([]);
    }
  });
});
