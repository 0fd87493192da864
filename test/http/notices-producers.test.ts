import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, engagementTypes, notifications, users } from '../../src/db/schema/index.js';
import { eventConsumers } from '../../src/jobs/event-consumers.js';
import { fanOutEvents } from '../../src/jobs/event-fan-out.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails, ensureAgreement, ensurePartnerLocation } from '../support/voucher-factory.js';

/**
 * End to end through the real producers: a voucher created and reserved over HTTP, the fan-out
 * run, the notices there (the voucher use cases record their domain events: decision 011).
 */
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function notified(email: string, kind: string): Promise<number> {
  const [row] = await t.ctx.db
    .select({ n: count() })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(users.email, email))
    .groupBy(notifications.kind)
    .having(eq(notifications.kind, kind));
  return row?.n ?? 0;
}

describe('notices from the real producers', () => {
  it('a voucher created and reserved over HTTP tells the PM, then the benefit admin and the PM', async () => {
    const agreementId = await ensureAgreement(t);
    const [type] = await t.ctx.db.select().from(engagementTypes).where(eq(engagementTypes.code, 'DDPS-WOD'));
    const benefits = await t.login(demoEmails.benefitAdmin);
    const [pm] = await t.ctx.db.select().from(users).where(eq(users.email, demoEmails.projectManager));
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vouchers',
      headers: bearer(benefits),
      payload: { agreementId, engagementTypeId: type!.id, days: 5, projectManagerId: pm!.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const voucher = created.json<{ id: string; code: string }>();
    const reserved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/vouchers/${voucher.id}/reservation`,
      headers: bearer(await t.login(demoEmails.partner)),
      payload: {
        code: voucher.code,
        locationId: await ensurePartnerLocation(t, 'US'),
        plannedStart: '2021-03-01',
        plannedEnd: '2021-03-02',
        acceptTerms: true,
      },
    });
    expect(reserved.statusCode, reserved.body).toBe(200);
    const [events] = await t.ctx.db.select({ n: count() }).from(domainEvents);
    expect(events!.n).toBeGreaterThanOrEqual(2);
    await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
    expect(await notified(demoEmails.projectManager, 'voucher.assigned')).toBe(1);
    expect(await notified(demoEmails.projectManager, 'voucher.reserved')).toBe(1);
    expect(await notified(demoEmails.benefitAdmin, 'voucher.reserved')).toBe(1);
    expect(await notified(demoEmails.partner, 'voucher.reserved')).toBe(0);
  });
});
