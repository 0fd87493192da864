import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { engagementTypes } from '../../src/db/schema/index.js';
import { ApiClient, demo, expectRefusedWithoutChange, expectStatus } from '../support/api-client.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  actorFor,
  demoEmails,
  ensureAgreement,
  ensurePartnerLocation,
  makeVoucher,
} from '../support/voucher-factory.js';

/**
 * The date rules at the action, through the API (issue 8 §6, issue 9 "the program's rules"):
 * each boundary just before, at and just after. Each of these bugs, put in on purpose, once
 * passed the whole suite: a planned start in the past, a planned end before the start, a
 * delivery in the future, a report dated before the reservation, a redeemed 15-day voucher not
 * counted by the second-15-day rule.
 */

// 2021-03-10 09:00 UTC: "today" is 2021-03-10 in the program zone (UTC).
const start = '2021-03-10T09:00:00.000Z';

let t: TestApp;
let api: ApiClient;
let agreementId: string;

beforeAll(async () => {
  t = await buildTestApp({ at: start });
  api = new ApiClient(t);
  agreementId = await ensureAgreement(t);
});
afterAll(async () => {
  await t.close();
});

async function reserveWith(voucher: VoucherView, plannedStart: string, plannedEnd: string) {
  return api.post(demo.partner, `/vouchers/${voucher.id}/reservation`, {
    code: voucher.code,
    locationId: await ensurePartnerLocation(t, 'US'),
    plannedStart,
    plannedEnd,
    acceptTerms: true,
  });
}

async function reportWith(voucher: VoucherView, deliveredFrom: string, deliveredTo: string) {
  const consultant = await actorFor(t, demoEmails.consultant);
  const fileId = await api.upload(demo.consultant, 'plan.pdf', `%PDF-1.4 plan ${voucher.code}`);
  return api.post(demo.consultant, `/vouchers/${voucher.id}/completion-report`, {
    deliveredFrom,
    deliveredTo,
    consultantIds: [consultant.userId],
    summary: 'Assessed the estate.',
    nextSteps: 'Pilot.',
    deliverableFileIds: [fileId],
  });
}

describe('planned dates at reservation', () => {
  it('refuses a planned start yesterday, accepts today', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserveWith(voucher, '2021-03-09', '2021-03-12'),
      422,
      'policy-violation',
      'the planned start 2021-03-09 is before today (2021-03-10)',
    );
    expectStatus(await reserveWith(voucher, '2021-03-10', '2021-03-12'), 200);
  });

  it('refuses a planned end the day before the start, accepts it on the start', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserveWith(voucher, '2021-03-15', '2021-03-14'),
      400,
      'validation-failed',
      'the planned end is before the planned start',
    );
    expectStatus(await reserveWith(voucher, '2021-03-15', '2021-03-15'), 200);
  });
});

describe('delivery dates of the completion report', () => {
  it('refuses a delivery ending tomorrow, accepts one ending today', async () => {
    const voucher = await makeVoucher(t, { until: 'reserved' });
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reportWith(voucher, '2021-03-10', '2021-03-11'),
      400,
      'validation-failed',
      'cannot be reported as delivered after today (2021-03-10)',
    );
    expectStatus(await reportWith(voucher, '2021-03-10', '2021-03-10'), 200);
  });

  it('refuses a delivery ending before it starts', async () => {
    t.clock.set('2021-03-12T09:00:00.000Z');
    try {
      const voucher = await makeVoucher(t, { until: 'reserved' });
      await expectRefusedWithoutChange(
        api,
        { agreementId, voucherId: voucher.id },
        () => reportWith(voucher, '2021-03-12', '2021-03-11'),
        400,
        'validation-failed',
        'the delivery ends before it starts',
      );
    } finally {
      t.clock.set(start);
    }
  });

  it('refuses deliveredFrom the day before the reservation date, accepts it on the day and the day after', async () => {
    // Reserved on 2021-03-10; reported on 2021-03-12.
    const early = await makeVoucher(t, { until: 'reserved' });
    const onTheDay = await makeVoucher(t, { until: 'reserved' });
    const after = await makeVoucher(t, { until: 'reserved' });
    t.clock.set('2021-03-12T09:00:00.000Z');
    try {
      await expectRefusedWithoutChange(
        api,
        { agreementId, voucherId: early.id },
        () => reportWith(early, '2021-03-09', '2021-03-11'),
        400,
        'validation-failed',
        'it was reserved on 2021-03-10',
      );
      expectStatus(await reportWith(onTheDay, '2021-03-10', '2021-03-11'), 200);
      expectStatus(await reportWith(after, '2021-03-11', '2021-03-11'), 200);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('the second-15-day rule counts used vouchers', () => {
  it('refuses a second 15-day voucher of the type after the first was redeemed', async () => {
    await makeVoucher(t, { days: 15 });
    const [type] = await t.ctx.db
      .select({ id: engagementTypes.id })
      .from(engagementTypes)
      .where(and(eq(engagementTypes.programId, t.demo.programId), eq(engagementTypes.code, 'DDPS-WOD')));
    const pm = await actorFor(t, demoEmails.projectManager);
    const response = await expectRefusedWithoutChange(
      api,
      { agreementId },
      () =>
        api.post(demo.benefits, '/vouchers', {
          agreementId,
          engagementTypeId: type!.id,
          days: 15,
          projectManagerId: pm.userId,
        }),
      422,
      'policy-violation',
      'already has a 15-day',
    );
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'body.exceptionReason' })]);
  });
});
