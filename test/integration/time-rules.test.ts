import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollments, offerings, programAgreements } from '../../src/db/schema/index.js';
import { localDate } from '../../src/domain/calendar-dates.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { ApiClient, demo, expectRefusedWithoutChange, expectStatus, type ApiResponse } from '../support/api-client.js';

/**
 * Every dated rule of domain.md ("Time rules") through the HTTP API, at the instant just
 * before (−1 ms), at, and just after (+1 ms) each boundary, for the seeded UTC program and for
 * a program in Pacific/Auckland with the same calendar. Boundaries are written by hand:
 * Auckland is +13 (NZDT) until 2021-04-04 and from 2021-09-26, +12 (NZST) in between.
 */

interface Zone {
  name: string;
  /** First refused instants. */
  conversionEnd: string;
  cloudRetirement: string;
  accrualEnd: string;
  lastVoucherDayEnd: string;
  lastRedemptionDayEnd: string;
  /** A creation instant whose expiry (+180 × 24 h) falls at program-local midnight. */
  expiryCreatedAt: string;
  expiry: string;
  /** A redemption at an instant whose program-local date differs between the zones. */
  lateRedemptionAt: string;
  lateRedemptionDueBy: string;
  // Filled in by beforeAll.
  programId: string;
  agreementId: string;
  types: Record<string, string>;
}

const zones: Zone[] = [
  {
    name: 'UTC',
    conversionEnd: '2020-02-01T00:00:00.000Z',
    cloudRetirement: '2020-02-01T00:00:00.000Z',
    accrualEnd: '2021-02-01T00:00:00.000Z',
    lastVoucherDayEnd: '2021-07-01T00:00:00.000Z',
    lastRedemptionDayEnd: '2022-01-02T00:00:00.000Z',
    expiryCreatedAt: '2021-03-01T00:00:00.000Z',
    expiry: '2021-08-28T00:00:00.000Z',
    lateRedemptionAt: '2021-12-15T11:00:00.000Z',
    lateRedemptionDueBy: '2022-02-13',
    programId: '',
    agreementId: '',
    types: {},
  },
  {
    name: 'Pacific/Auckland',
    conversionEnd: '2020-01-31T11:00:00.000Z',
    cloudRetirement: '2020-01-31T11:00:00.000Z',
    accrualEnd: '2021-01-31T11:00:00.000Z',
    lastVoucherDayEnd: '2021-06-30T12:00:00.000Z',
    lastRedemptionDayEnd: '2022-01-01T11:00:00.000Z',
    expiryCreatedAt: '2021-02-28T12:00:00.000Z',
    expiry: '2021-08-27T12:00:00.000Z',
    // 00:00 on 2021-12-16 in Auckland, still 2021-12-15 in UTC.
    lateRedemptionAt: '2021-12-15T11:00:00.000Z',
    lateRedemptionDueBy: '2022-02-14',
    programId: '',
    agreementId: '',
    types: {},
  },
];

const calendar = {
  cloudRetirementDate: '2020-02-01',
  trainingConversionEndDate: '2020-02-01',
  accrualEndDate: '2021-02-01',
  lastVoucherDate: '2021-06-30',
  daysRemovalDate: '2021-07-01',
  lastRedemptionDate: '2022-01-01',
};

let t: TestApp;
let api: ApiClient;
let fabrikamId: string;
let usLocationId: string;
let pmId: string;

const setClock = (iso: string, deltaMs = 0) => t.clock.set(new Date(new Date(iso).getTime() + deltaMs));
const today = (zone: Zone) => localDate(t.clock.now(), zone.name);

async function createVoucher(zone: Zone, typeCode: string, days = 1): Promise<ApiResponse> {
  return api.post(demo.benefits, '/vouchers', {
    agreementId: zone.agreementId,
    engagementTypeId: zone.types[typeCode],
    days,
    projectManagerId: pmId,
  });
}

async function created(zone: Zone, typeCode: string): Promise<{ id: string; code: string }> {
  const response = await createVoucher(zone, typeCode);
  expectStatus(response, 201);
  return response.body;
}

function reserve(voucher: { id: string; code: string }, plannedStart: string, plannedEnd: string) {
  return api.post(demo.partner, `/vouchers/${voucher.id}/reservation`, {
    code: voucher.code,
    locationId: usLocationId,
    plannedStart,
    plannedEnd,
    acceptTerms: true,
  });
}

async function complete(voucher: { id: string }, from: string, to: string) {
  const fileId = await api.upload(demo.consultant, 'plan.pdf', `%PDF-1.4 plan for ${voucher.id}`);
  const consultantId = t.demo.userIds[demo.consultant];
  return api.post(demo.consultant, `/vouchers/${voucher.id}/completion-report`, {
    deliveredFrom: from,
    deliveredTo: to,
    consultantIds: [consultantId],
    summary: 'Assessed the estate.',
    nextSteps: 'Pilot.',
    deliverableFileIds: [fileId],
  });
}

const redeem = (voucher: { id: string }) => api.post(demo.partner, `/vouchers/${voucher.id}/redemption`);

/** Enrolment lasts a year: the partner renews it before reserving at a later date. */
async function renewEnrolment(zone: Zone) {
  const response = await api.post(demo.partner, `/partners/${fabrikamId}/enrollments`, {
    programId: zone.programId,
    offeringCode: 'DDPS',
  });
  expect([200, 201]).toContain(response.status);
}

beforeAll(async () => {
  t = await buildTestApp({ at: '2020-01-10T00:00:00.000Z' });
  api = new ApiClient(t);
  fabrikamId = t.demo.organizationIds['Fabrikam Consulting']!;
  pmId = t.demo.userIds[demo.pm]!;
  const northwindId = t.demo.organizationIds['Northwind Traders']!;
  const now = t.clock.now();

  // Competencies valid over the whole calendar (the demo ones start on 2020-07-01).
  for (const name of ['Cloud Platform', 'Windows and Devices']) {
    expectStatus(
      await api.post(demo.operator, `/partners/${fabrikamId}/competencies`, {
        name,
        level: 'gold',
        validFrom: '2019-01-01',
        validUntil: '2023-12-31',
      }),
      201,
    );
  }
  const locations = await api.get(demo.partner, `/partners/${fabrikamId}/locations`);
  usLocationId = locations.body.items.find((l: { country: string }) => l.country === 'US').id;

  zones[0]!.programId = t.demo.programId;
  const nz = await api.post(demo.operator, '/programs', {
    name: 'Planning Services (Auckland)',
    timeZone: 'Pacific/Auckland',
    voucherLifetimeDays: 180,
    paymentWindowDays: 60,
    calendar,
  });
  expectStatus(nz, 201);
  zones[1]!.programId = nz.body.id;
  // The API has no endpoint for offerings nor program agreement texts: test fixtures.
  await t.ctx.db.insert(offerings).values([
    {
      programId: nz.body.id,
      code: 'DDPS',
      name: 'Desktop Deployment Planning Services',
      competencies: ['Windows and Devices'],
    },
    {
      programId: nz.body.id,
      code: 'AZDPS',
      name: 'Azure Deployment Planning Services',
      competencies: ['Cloud Platform'],
      retired: true,
    },
  ]);
  await t.ctx.db
    .insert(programAgreements)
    .values({ programId: nz.body.id, version: 'nz-1', text: 'Terms.', publishedAt: now });
  for (const type of [
    {
      code: 'DDPS-WOD',
      offeringCode: 'DDPS',
      name: 'Windows and Office Deployment Planning',
      cloud: false,
      competencies: ['Windows and Devices'],
      exams: ['MD-100 Windows 10'],
    },
    {
      code: 'AZDPS-ADP',
      offeringCode: 'AZDPS',
      name: 'Azure Deployment Planning',
      cloud: true,
      competencies: ['Cloud Platform'],
      exams: ['AZ-104 Microsoft Azure Administrator'],
    },
  ]) {
    expectStatus(
      await api.post(demo.operator, `/programs/${nz.body.id}/engagement-types`, {
        ...type,
        allowedLengths: [1, 3, 5, 10, 15],
      }),
      201,
    );
  }
  expectStatus(
    await api.call(demo.operator, 'PUT', `/programs/${nz.body.id}/rates/US`, { amountMinor: 125000, currency: 'USD' }),
    200,
  );
  expectStatus(
    await api.post(demo.partner, `/partners/${fabrikamId}/program-agreement`, {
      programId: nz.body.id,
      version: 'nz-1',
    }),
    201,
  );

  for (const zone of zones) {
    const types = await api.get(demo.benefits, `/programs/${zone.programId}/engagement-types`);
    for (const type of types.body.items) {
      zone.types[type.code] = type.id;
    }
    const agreement = await api.post(demo.operator, `/organizations/${northwindId}/agreements`, {
      programId: zone.programId,
      licensingId: `NW-TIME-${zone.name}`,
      endsOn: '2023-06-30',
    });
    expectStatus(agreement, 201);
    zone.agreementId = agreement.body.id;
    expectStatus(await api.post(demo.operator, `/agreements/${zone.agreementId}/accruals`, { days: 100 }), 201);
    expectStatus(await api.post(demo.benefits, `/agreements/${zone.agreementId}/activation`), 200);
    await renewEnrolment(zone);
    // AZDPS is retired, so enrolment through the API is refused: an enrolment from before.
    await t.ctx.db
      .insert(enrollments)
      .values({
        partnerId: fabrikamId,
        programId: zone.programId,
        offeringCode: 'AZDPS',
        enrolledAt: now,
        validUntil: new Date('2023-01-01T00:00:00Z'),
      })
      .onConflictDoNothing();
  }
});

afterAll(async () => {
  await t.close();
});

describe.each(zones)('the calendar of a program in $name', (zone) => {
  const ids = () => ({ agreementId: zone.agreementId });

  it('converts training days 1 ms before 2020-02-01 and refuses at and after it with deadline-passed', async () => {
    setClock(zone.conversionEnd, -1);
    const converted = await api.post(demo.benefits, `/agreements/${zone.agreementId}/training-conversions`, {
      days: 2,
    });
    expectStatus(converted, 201);
    expect(converted.body).toMatchObject({ kind: 'training_conversion', days: 2 });
    for (const delta of [0, 1]) {
      setClock(zone.conversionEnd, delta);
      await expectRefusedWithoutChange(
        api,
        ids(),
        () => api.post(demo.benefits, `/agreements/${zone.agreementId}/training-conversions`, { days: 2 }),
        422,
        'deadline-passed',
        `training days can no longer be converted from 2020-02-01 (program time zone ${zone.name})`,
      );
    }
  });

  it('creates and reserves cloud (AZDPS) vouchers 1 ms before 2020-02-01 and refuses both at and after it with deadline-passed', async () => {
    setClock(zone.cloudRetirement, -1);
    const first = await created(zone, 'AZDPS-ADP');
    const second = await created(zone, 'AZDPS-ADP');
    const reserved = await reserve(first, '2020-02-03', '2020-02-05');
    expectStatus(reserved, 200);
    expect(reserved.body.status).toBe('reserved');
    for (const delta of [0, 1]) {
      setClock(zone.cloudRetirement, delta);
      await expectRefusedWithoutChange(
        api,
        ids(),
        () => createVoucher(zone, 'AZDPS-ADP'),
        422,
        'deadline-passed',
        'cannot create a voucher: Azure Deployment Planning is a cloud engagement, retired from 2020-02-01',
        `(program time zone ${zone.name})`,
      );
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: second.id },
        () => reserve(second, '2020-02-03', '2020-02-05'),
        422,
        'deadline-passed',
        'cannot reserve the voucher: Azure Deployment Planning is a cloud engagement, retired from 2020-02-01',
      );
    }
    // Non-cloud types are not retired.
    expectStatus(await createVoucher(zone, 'DDPS-WOD'), 201);
  });

  it('accrues days 1 ms before 2021-02-01 and refuses at and after it with deadline-passed', async () => {
    setClock(zone.accrualEnd, -1);
    expectStatus(await api.post(demo.operator, `/agreements/${zone.agreementId}/accruals`, { days: 1 }), 201);
    for (const delta of [0, 1]) {
      setClock(zone.accrualEnd, delta);
      await expectRefusedWithoutChange(
        api,
        ids(),
        () => api.post(demo.operator, `/agreements/${zone.agreementId}/accruals`, { days: 1 }),
        422,
        'deadline-passed',
        `days can no longer be accrued from 2021-02-01 (program time zone ${zone.name})`,
      );
    }
  });

  it('refuses to reserve, complete or redeem at and after the expiry instant, before any sweep, and allows each 1 ms before', async () => {
    setClock(zone.expiryCreatedAt);
    const kept = await created(zone, 'DDPS-WOD');
    const left = await created(zone, 'DDPS-WOD');
    const vouchers = await api.get(demo.benefits, `/vouchers/${kept.id}`);
    expect(vouchers.body.expiresAt).toBe(zone.expiry);

    setClock(zone.expiry, -1);
    await renewEnrolment(zone);
    const lastDay = today(zone);
    expect(lastDay).toBe('2021-08-27');
    const expired = `the voucher expired at ${zone.expiry} (voucher expiry)`;
    for (const delta of [0, 1]) {
      setClock(zone.expiry, delta);
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: left.id },
        () => reserve(left, lastDay, lastDay),
        422,
        'deadline-passed',
        'cannot reserve the voucher',
        expired,
      );
    }
    setClock(zone.expiry, -1);
    expectStatus(await reserve(kept, lastDay, lastDay), 200);

    for (const delta of [0, 1]) {
      setClock(zone.expiry, delta);
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: kept.id },
        () => complete(kept, lastDay, lastDay),
        422,
        'deadline-passed',
        'cannot file the completion report',
        expired,
      );
    }
    setClock(zone.expiry, -1);
    expectStatus(await complete(kept, lastDay, lastDay), 200);

    for (const delta of [0, 1]) {
      setClock(zone.expiry, delta);
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: kept.id },
        () => redeem(kept),
        422,
        'deadline-passed',
        'cannot redeem the voucher',
        expired,
      );
    }
    setClock(zone.expiry, -1);
    const redeemed = await redeem(kept);
    expectStatus(redeemed, 200);
    // 2021-08-27 + 60 days.
    expect(redeemed.body).toMatchObject({ status: 'redeemed', paymentDueBy: '2021-10-26' });

    // No sweep ran: the refused voucher still reads as assigned, past its expiry.
    setClock(zone.expiry, 1);
    expect((await api.get(demo.benefits, `/vouchers/${left.id}`)).body.status).toBe('assigned');
  });

  it('refuses to validate, cancel or change the PM of an assigned voucher at and after its expiry instant, before any sweep', async () => {
    setClock(zone.expiryCreatedAt, 60_000);
    const cancelled = await created(zone, 'DDPS-WOD');
    const changed = await created(zone, 'DDPS-WOD');
    const expiry = new Date(new Date(zone.expiry).getTime() + 60_000).toISOString();
    const expired = `the voucher expired at ${expiry} (voucher expiry)`;
    const changePm = (v: { id: string }) =>
      api.call(demo.benefits, 'PUT', `/vouchers/${v.id}/project-manager`, { projectManagerId: pmId });
    for (const delta of [0, 1]) {
      setClock(expiry, delta);
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: cancelled.id },
        () => api.post(demo.partner, '/voucher-validations', { code: cancelled.code, customerEmail: demo.benefits }),
        422,
        'deadline-passed',
        expired,
      );
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: cancelled.id },
        () => api.post(demo.benefits, `/vouchers/${cancelled.id}/cancel`),
        422,
        'deadline-passed',
        'cannot cancel',
        expired,
      );
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: changed.id },
        () => changePm(changed),
        422,
        'deadline-passed',
        'cannot change the project manager',
        expired,
      );
    }
    setClock(expiry, -1);
    expectStatus(
      await api.post(demo.partner, '/voucher-validations', { code: cancelled.code, customerEmail: demo.benefits }),
      200,
    );
    expectStatus(await changePm(changed), 200);
    expect((await api.post(demo.benefits, `/vouchers/${cancelled.id}/cancel`)).body).toMatchObject({
      status: 'cancelled',
      // After the removal date (2021-07-01) a cancellation forfeits the days.
      forfeitedDays: 1,
    });
  });

  it('creates vouchers until the end of 2021-06-30 (program-local) and refuses at and after 00:00 on 2021-07-01 with deadline-passed', async () => {
    setClock(zone.lastVoucherDayEnd, -1);
    const last = await createVoucher(zone, 'DDPS-WOD');
    expectStatus(last, 201);
    expect(localDate(new Date(last.body.createdAt), zone.name)).toBe('2021-06-30');
    for (const delta of [0, 1]) {
      setClock(zone.lastVoucherDayEnd, delta);
      await expectRefusedWithoutChange(
        api,
        ids(),
        () => createVoucher(zone, 'DDPS-WOD'),
        422,
        'deadline-passed',
        `vouchers can be created and assigned until 2021-06-30 (program time zone ${zone.name})`,
      );
    }
  });

  it('redeems until the end of 2022-01-01 (program-local), refuses just after, and sets paymentDueBy to the redemption date + 60', async () => {
    // Two vouchers created on the last voucher day, delivered in July.
    setClock(zone.lastVoucherDayEnd, -60_000);
    const first = await created(zone, 'DDPS-WOD');
    const second = await created(zone, 'DDPS-WOD');
    setClock('2021-07-01T09:00:00.000Z');
    await renewEnrolment(zone);
    for (const voucher of [first, second]) {
      expectStatus(await reserve(voucher, '2021-07-05', '2021-07-09'), 200);
    }
    setClock('2021-07-12T09:00:00.000Z');
    for (const voucher of [first, second]) {
      expectStatus(await complete(voucher, '2021-07-05', '2021-07-09'), 200);
    }
    // 180 days end on 2021-12-27: the operator extends them past the last redemption day.
    setClock('2021-12-01T00:00:00.000Z');
    const extension = await api.post(demo.operator, '/admin/extensions', {
      programId: zone.programId,
      createdBefore: '2021-07-01',
      days: 30,
      reason: 'delivery backlog',
    });
    expectStatus(extension, 200);
    // Only these two and the voucher of the last-voucher-day test are live and created before.
    expect(extension.body).toEqual({ extended: 3 });
    const extended = await api.get(demo.benefits, `/vouchers/${first.id}`);
    expect(extended.body.deadlines.redeemBy).toMatchObject({
      before: zone.lastRedemptionDayEnd,
      lastDay: '2022-01-01',
      rule: 'last_redemption_day',
      label: '2022-01-01, last redemption day',
    });

    // The payment window runs from the program-local redemption date.
    setClock(zone.lateRedemptionAt);
    const early = await redeem(second);
    expectStatus(early, 200);
    expect(early.body.paymentDueBy).toBe(zone.lateRedemptionDueBy);
    expect(early.body.deadlines.paymentBy).toMatchObject({ lastDay: zone.lateRedemptionDueBy, rule: 'payment_window' });

    for (const delta of [0, 1]) {
      setClock(zone.lastRedemptionDayEnd, delta);
      await expectRefusedWithoutChange(
        api,
        { ...ids(), voucherId: first.id },
        () => redeem(first),
        422,
        'deadline-passed',
        `vouchers can be redeemed until 2022-01-01, the last redemption day (program time zone ${zone.name})`,
      );
    }
    setClock(zone.lastRedemptionDayEnd, -1);
    const redeemed = await redeem(first);
    expectStatus(redeemed, 200);
    // 2022-01-01 + 60 days = 2022-03-02.
    expect(redeemed.body).toMatchObject({ status: 'redeemed', paymentDueBy: '2022-03-02' });
    expect(redeemed.body.deadlines.paymentBy).toMatchObject({
      lastDay: '2022-03-02',
      rule: 'payment_window',
      label: '2022-03-02, payment window after redemption',
    });
  });
});
