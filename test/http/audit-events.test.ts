import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demo } from '../support/api-client.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { makeVoucher } from '../support/voucher-factory.js';

/**
 * The audit log names what people know (issue 12): the actor's name, the entity's label (a
 * voucher code) and the organisations, and finds records by voucher code (with or without
 * dashes), organisation name or user name.
 */
let t: TestApp;
let api: ApiClient;
let code: string;

beforeAll(async () => {
  t = await buildTestApp();
  api = new ApiClient(t);
  code = (await makeVoucher(t, { until: 'reserved' })).code;
});

afterAll(async () => {
  await t?.close();
});

interface Event {
  action: string;
  actorName: string | null;
  entityLabel: string | null;
  organizationNames: string[];
}

async function search(q: string, as: string = demo.operator): Promise<Event[]> {
  const response = await api.get(as, `/audit-events?q=${encodeURIComponent(q)}&limit=200`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Event[];
}

describe('GET /audit-events', () => {
  it('names the actor, the voucher by its code and the organisations', async () => {
    const events = await search(code);
    expect(events.map((e) => e.action).sort()).toEqual(['voucher.created', 'voucher.reserved']);
    const created = events.find((e) => e.action === 'voucher.created')!;
    expect(created).toMatchObject({ actorName: 'Nina Benefits', entityLabel: code });
    expect(created.organizationNames).toContain('Northwind Traders');
  });

  it('finds a voucher by its code without dashes, in any case', async () => {
    const events = await search(code.replace(/-/g, '').toLowerCase());
    expect(events.map((e) => e.entityLabel)).toEqual([code, code]);
  });

  it('finds by organisation name and by user name, and nothing for other text', async () => {
    expect((await search('fabrikam')).some((e) => e.action === 'voucher.reserved')).toBe(true);
    expect((await search('Nina Ben')).some((e) => e.action === 'voucher.created' && e.entityLabel === code)).toBe(true);
    expect(await search('no such thing anywhere')).toEqual([]);
  });

  it('keeps a customer to its own organisation’s records', async () => {
    const events = await search('Tailspin', demo.benefits);
    expect(events.every((e) => e.organizationNames.includes('Northwind Traders'))).toBe(true);
  });
});
