import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreements, auditEvents, ledgerEntries, vouchers } from '../../src/db/schema/index.js';
import { localDate } from '../../src/domain/calendar-dates.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { ApiClient, demo, expectProblem, expectStatus } from '../support/api-client.js';
import { ledgerViolations, voucherAuditViolations } from '../support/invariants.js';
import { countRows } from '../support/partners.js';

/**
 * The sweep (domain.md "Cancel and expiry", "Time rules"; api.md "Operations") through the HTTP
 * API. The tests are one chronological story on one database, so that every count the sweep
 * returns is known exactly: each test leaves no voucher due that a later test does not expect.
 */

const seededAt = '2020-12-01T09:00:00.000Z';
const removal = '2021-07-01T00:00:00.000Z';
const nzRemoval = '2021-06-30T12:00:00.000Z';
const nothing = { expired: 0, daysReturned: 0, daysForfeited: 0, agreementsEmptied: 0, daysRemoved: 0 };

let t: TestApp;
let api: ApiClient;
let programId: string;
let northwindId: string;
let fabrikamUs: string;
let pmId: string;
let typeId: string;
/** Active until 2023; B1 ends on 2021-06-10, B2 on 2021-06-09. */
let agreementA: string;
let agreementB1: string;
let agreementB2: string;
let agreementNz: string;

interface Voucher {
  id: string;
  code: string;
  expiresAt: string;
}

const setClock = (iso: string, deltaMs = 0) => t.clock.set(new Date(new Date(iso).getTime() + deltaMs));

async function create(agreementId: string, days: number): Promise<Voucher> {
  const response = await api.post(demo.benefits, '/vouchers', {
    agreementId,
    engagementTypeId: typeId,
    days,
    projectManagerId: pmId,
  });
  expectStatus(response, 201);
  return response.body;
}

async function reserve(voucher: Voucher, from: string, to: string) {
  const response = await api.post(demo.partner, `/vouchers/${voucher.id}/reservation`, {
    code: voucher.code,
    locationId: fabrikamUs,
    plannedStart: from,
    plannedEnd: to,
    acceptTerms: true,
  });
  expectStatus(response, 200);
}

async function complete(voucher: Voucher, from: string, to: string) {
  const fileId = await api.upload(demo.consultant, 'plan.pdf', `%PDF-1.4 ${voucher.code}`);
  const response = await api.post(demo.consultant, `/vouchers/${voucher.id}/completion-report`, {
    deliveredFrom: from,
    deliveredTo: to,
    consultantIds: [t.demo.userIds[demo.consultant]],
    summary: 'Assessed.',
    nextSteps: 'Pilot.',
    deliverableFileIds: [fileId],
  });
  expectStatus(response, 200);
}

/** The sweep's own figures; `remindersSent` (issue 10) is tested in reminder-emails.test.ts. */
async function sweep() {
  const response = await api.post(demo.operator, '/admin/sweeps');
  expectStatus(response, 200);
  const { remindersSent, ...swept } = response.body as { remindersSent: number } & Record<string, unknown>;
  expect(remindersSent).toEqual(expect.any(Number));
  return swept;
}

const voucher = async (id: string) => (await api.get(demo.operator, `/vouchers/${id}`)).body;
const balance = async (id: string): Promise<number> => (await api.get(demo.operator, `/agreements/${id}`)).body.balance;
const ledger = async (id: string) => (await api.get(demo.operator, `/agreements/${id}/ledger?limit=200`)).body.items;
const auditActions = async (id: string): Promise<string[]> =>
  (await api.get(demo.operator, `/audit-events?entityId=${id}&limit=200`)).body.items
    .map((e: { action: string }) => e.action)
    .reverse();
const allRows = () => countRows(t, [vouchers, ledgerEntries, auditEvents, agreements]);

async function newAgreement(program: string, licensingId: string, endsOn: string, days: number): Promise<string> {
  const created = await api.post(demo.operator, `/organizations/${northwindId}/agreements`, {
    programId: program,
    licensingId,
    endsOn,
  });
  expectStatus(created, 201);
  expectStatus(
    await api.post(demo.operator, `/agreements/${created.body.id}/adjustments`, { days, reason: 'sweep test' }),
    201,
  );
  expectStatus(await api.post(demo.benefits, `/agreements/${created.body.id}/activation`), 200);
  return created.body.id;
}

beforeAll(async () => {
  t = await buildTestApp({ at: seededAt });
  api = new ApiClient(t);
  programId = t.demo.programId;
  northwindId = t.demo.organizationIds['Northwind Traders']!;
  pmId = t.demo.userIds[demo.pm]!;
  const fabrikamId = t.demo.organizationIds['Fabrikam Consulting']!;
  fabrikamUs = (await api.get(demo.partner, `/partners/${fabrikamId}/locations`)).body.items[0].id;
  const types = await api.get(demo.benefits, `/programs/${programId}/engagement-types`);
  typeId = types.body.items.find((x: { code: string }) => x.code === 'DDPS-WOD').id;
  agreementA = await newAgreement(programId, 'NW-SWEEP-A', '2023-06-30', 200);
  agreementB1 = await newAgreement(programId, 'NW-SWEEP-B1', '2021-06-10', 20);
  agreementB2 = await newAgreement(programId, 'NW-SWEEP-B2', '2021-06-09', 20);
  const nz = await api.post(demo.operator, '/programs', {
    name: 'Planning Services (Auckland)',
    timeZone: 'Pacific/Auckland',
    voucherLifetimeDays: 180,
    paymentWindowDays: 60,
    calendar: {
      cloudRetirementDate: '2020-02-01',
      trainingConversionEndDate: '2020-02-01',
      accrualEndDate: '2021-02-01',
      lastVoucherDate: '2021-06-30',
      daysRemovalDate: '2021-07-01',
      lastRedemptionDate: '2022-01-01',
    },
  });
  expectStatus(nz, 201);
  agreementNz = await newAgreement(nz.body.id, 'NW-SWEEP-NZ', '2023-06-30', 7);
});

afterAll(async () => {
  await t.close();
});

describe('operator endpoints', () => {
  it.each([
    ['a partner admin', demo.partner],
    ['a benefit admin', demo.benefits],
  ])('refuses sweeps, extensions and simulations to %s with 403', async (_who, email) => {
    expectProblem(await api.post(email, '/admin/sweeps'), 403, 'forbidden');
    expectProblem(
      await api.post(email, '/admin/extensions', { programId, createdBefore: '2020-12-02', days: 1, reason: 'x' }),
      403,
      'forbidden',
    );
    expectProblem(await api.get(email, `/admin/simulation?at=${removal}`), 403, 'forbidden');
  });
});

describe('bulk extension', () => {
  it('extends only live vouchers created before 00:00 of the date, with one audit record each and one for the program', async () => {
    const boundary = '2020-12-02T00:00:00.000Z';
    // Created 2020-06-01: expired on 2020-11-28, not yet swept.
    setClock('2020-06-01T00:00:00.000Z');
    const past = await create(agreementA, 1);
    setClock(boundary, -2 * 3600_000);
    const redeemed = await create(agreementA, 1);
    const day = localDate(t.clock.now(), 'UTC');
    await reserve(redeemed, day, day);
    await complete(redeemed, day, day);
    expectStatus(await api.post(demo.partner, `/vouchers/${redeemed.id}/redemption`), 200);
    setClock(boundary, -3600_000);
    const cancelled = await create(agreementA, 1);
    expectStatus(await api.post(demo.benefits, `/vouchers/${cancelled.id}/cancel`), 200);
    setClock(boundary, -1);
    const inside = await create(agreementA, 1);
    setClock(boundary);
    const outside = await create(agreementA, 1);

    setClock(boundary, 3600_000);
    const untouched = await Promise.all([past, redeemed, cancelled, outside].map((v) => voucher(v.id)));
    const response = await api.post(demo.operator, '/admin/extensions', {
      programId,
      createdBefore: '2020-12-02',
      days: 90,
      reason: 'the 2020 precedent',
    });
    expectStatus(response, 200);
    expect(response.body).toEqual({ extended: 1 });

    // 2020-12-01T23:59:59.999Z + 270 × 24 h.
    expect(await voucher(inside.id)).toMatchObject({ expiresAt: '2021-08-28T23:59:59.999Z', extensionDays: 90 });
    expect(await Promise.all([past, redeemed, cancelled, outside].map((v) => voucher(v.id)))).toEqual(untouched);
    expect(await auditActions(inside.id)).toEqual(['voucher.created', 'voucher.extended']);
    const [extendedEvent] = (await api.get(demo.operator, `/audit-events?entityId=${inside.id}`)).body.items;
    expect(extendedEvent).toMatchObject({
      actorId: t.demo.userIds[demo.operator],
      after: { reason: 'the 2020 precedent', extensionDays: 90 },
    });
    expect(await auditActions(outside.id)).toEqual(['voucher.created']);
    const programEvents = (await api.get(demo.operator, `/audit-events?entityId=${programId}`)).body.items;
    expect(programEvents.filter((e: { action: string }) => e.action === 'program.vouchers-extended')).toHaveLength(1);

    // The expired voucher was not revived: the sweep expires it now, returning its day.
    expect(await sweep()).toEqual({ ...nothing, expired: 1, daysReturned: 1 });
    expect(await voucher(past.id)).toMatchObject({
      status: 'expired',
      endedAt: '2020-11-28T00:00:00.000Z',
      forfeitedDays: 0,
    });
    // Out of the later stories.
    for (const v of [inside, outside]) {
      expectStatus(await api.post(demo.benefits, `/vouchers/${v.id}/cancel`), 200);
    }
  });
});

describe('expiry', () => {
  it('dry-runs at an instant without changing anything, then expires assigned, reserved and completed vouchers at their expiry, returning their days', async () => {
    setClock('2020-12-02T09:00:00.000Z');
    const assigned = await create(agreementA, 1);
    const reserved = await create(agreementA, 3);
    const completed = await create(agreementA, 5);
    await reserve(reserved, '2020-12-07', '2020-12-09');
    await reserve(completed, '2020-12-07', '2020-12-09');
    setClock('2020-12-10T09:00:00.000Z');
    await complete(completed, '2020-12-07', '2020-12-09');
    const expiry = '2021-05-31T09:00:00.000Z';
    expect(assigned.expiresAt).toBe(expiry);

    setClock(expiry, -1);
    const rowsBefore = await allRows();
    const before = await Promise.all([assigned, reserved, completed].map((v) => voucher(v.id)));
    const balanceBefore = await balance(agreementA);
    expect(await sweep()).toEqual(nothing);

    const simulated = await api.get(demo.operator, `/admin/simulation?at=${expiry}`);
    expectStatus(simulated, 200);
    expect(simulated.body.sweep).toEqual({ ...nothing, expired: 3, daysReturned: 9 });
    const utc = simulated.body.programs.find((p: { timeZone: string }) => p.timeZone === 'UTC');
    expect(utc.rules.find((r: { date: string }) => r.date === '2021-07-01')).toMatchObject({
      from: removal,
      inForce: false,
    });
    const atRemoval = await api.get(demo.operator, `/admin/simulation?at=${removal}`);
    expect(atRemoval.body.sweep.agreementsEmptied).toBeGreaterThan(0);
    expect(
      atRemoval.body.programs
        .find((p: { timeZone: string }) => p.timeZone === 'UTC')
        .rules.find((r: { date: string }) => r.date === '2021-07-01').inForce,
    ).toBe(true);
    // Nothing changed.
    expect(await allRows()).toEqual(rowsBefore);
    expect(await Promise.all([assigned, reserved, completed].map((v) => voucher(v.id)))).toEqual(before);
    expect(await balance(agreementA)).toBe(balanceBefore);

    setClock(expiry);
    expect(await sweep()).toEqual(simulated.body.sweep);
    for (const v of [assigned, reserved, completed]) {
      expect(await voucher(v.id)).toMatchObject({ status: 'expired', endedAt: expiry, forfeitedDays: 0 });
    }
    expect(await balance(agreementA)).toBe(balanceBefore + 9);
    const returns = (await ledger(agreementA)).filter(
      (e: { kind: string; at: string }) => e.kind === 'voucher_return' && e.at === expiry,
    );
    expect(returns.map((e: { voucherId: string; days: number }) => [e.voucherId, e.days]).sort()).toEqual(
      [
        [assigned.id, 1],
        [reserved.id, 3],
        [completed.id, 5],
      ].sort(),
    );
    // One audit record per change, the sweep's without an actor.
    expect(await auditActions(assigned.id)).toEqual(['voucher.created', 'voucher.expired']);
    expect(await auditActions(reserved.id)).toEqual(['voucher.created', 'voucher.reserved', 'voucher.expired']);
    expect(await auditActions(completed.id)).toEqual([
      'voucher.created',
      'voucher.reserved',
      'voucher.completed',
      'voucher.expired',
    ]);
    const [expiredEvent] = (await api.get(demo.operator, `/audit-events?entityId=${completed.id}`)).body.items;
    expect(expiredEvent).toMatchObject({
      actorId: null,
      before: { status: 'completed' },
      after: { status: 'expired', daysReturned: 5 },
    });

    // Idempotent: running again, now or later, changes nothing.
    const rowsAfter = await allRows();
    expect(await sweep()).toEqual(nothing);
    setClock(expiry, 3600_000);
    expect(await sweep()).toEqual(nothing);
    expect(await allRows()).toEqual(rowsAfter);
  });

  it('returns the days when the agreement is active on the expiry day and forfeits them when it ended the day before, however late the sweep runs', async () => {
    setClock('2020-12-12T09:00:00.000Z');
    const onLastDay = await create(agreementB1, 3);
    const afterEnd = await create(agreementB2, 5);
    const expiry = '2021-06-10T09:00:00.000Z';
    expect(onLastDay.expiresAt).toBe(expiry);
    const [b1, b2] = [await balance(agreementB1), await balance(agreementB2)];

    setClock('2021-06-20T00:00:00.000Z');
    expect(await sweep()).toEqual({ ...nothing, expired: 2, daysReturned: 3, daysForfeited: 5 });
    expect(await voucher(onLastDay.id)).toMatchObject({ status: 'expired', endedAt: expiry, forfeitedDays: 0 });
    expect(await voucher(afterEnd.id)).toMatchObject({ status: 'expired', endedAt: expiry, forfeitedDays: 5 });
    expect(await balance(agreementB1)).toBe(b1 + 3);
    expect(await balance(agreementB2)).toBe(b2);
    expect((await ledger(agreementB1))[0]).toMatchObject({
      kind: 'voucher_return',
      days: 3,
      at: expiry,
      voucherId: onLastDay.id,
    });
    expect((await ledger(agreementB2)).filter((e: { kind: string }) => e.kind === 'voucher_return')).toEqual([]);
  });
});

describe('removal of the remaining days', () => {
  let lateVoucher: Voucher;

  it('removes the days of a Pacific/Auckland program from 00:00 local on 2021-07-01, not 1 ms before, and no other program’s', async () => {
    const a = await balance(agreementA);
    setClock(nzRemoval, -1);
    expect(await sweep()).toEqual(nothing);
    expect(await balance(agreementNz)).toBe(7);
    setClock(nzRemoval);
    expect(await sweep()).toEqual({ ...nothing, agreementsEmptied: 1, daysRemoved: 7 });
    expect((await api.get(demo.operator, `/agreements/${agreementNz}`)).body).toMatchObject({
      balance: 0,
      daysRemovedAt: nzRemoval,
    });
    expect((await ledger(agreementNz))[0]).toMatchObject({ kind: 'retirement_removal', days: -7, at: nzRemoval });
    expect(await balance(agreementA)).toBe(a);
  });

  it('returns a voucher expiring 1 ms before the removal date, forfeits one expiring at it, and removes all remaining days once per agreement', async () => {
    setClock('2021-01-01T23:59:59.999Z');
    const justBefore = await create(agreementA, 1);
    setClock('2021-01-02T00:00:00.000Z');
    const atRemoval = await create(agreementA, 3);
    setClock('2021-01-05T09:00:00.000Z');
    lateVoucher = await create(agreementA, 1);
    expect([justBefore.expiresAt, atRemoval.expiresAt]).toEqual(['2021-06-30T23:59:59.999Z', removal]);

    setClock(removal, -1);
    expect(await sweep()).toEqual({ ...nothing, expired: 1, daysReturned: 1 });
    expect(await voucher(justBefore.id)).toMatchObject({ status: 'expired', forfeitedDays: 0 });

    const utcAgreements = (await api.get(demo.operator, '/agreements?limit=200')).body.items.filter(
      (x: { programId: string }) => x.programId === programId,
    );
    expect(utcAgreements.length).toBe(4);
    const remaining = utcAgreements.reduce((sum: number, x: { balance: number }) => sum + x.balance, 0);
    expect(remaining).toBeGreaterThan(0);

    setClock(removal);
    expect(await sweep()).toEqual({
      ...nothing,
      expired: 1,
      daysForfeited: 3,
      agreementsEmptied: 4,
      daysRemoved: remaining,
    });
    expect(await voucher(atRemoval.id)).toMatchObject({ status: 'expired', forfeitedDays: 3 });
    for (const x of utcAgreements) {
      expect((await api.get(demo.operator, `/agreements/${x.id}`)).body).toMatchObject({
        balance: 0,
        daysRemovedAt: removal,
      });
      const removals = (await ledger(x.id)).filter((e: { kind: string }) => e.kind === 'retirement_removal');
      expect(removals).toEqual(x.balance > 0 ? [expect.objectContaining({ days: -x.balance, at: removal })] : []);
      expect((await auditActions(x.id)).filter((action) => action === 'agreement.days-removed')).toHaveLength(1);
    }
    setClock(removal, 24 * 3600_000);
    expect(await sweep()).toEqual(nothing);
  });

  it('forfeits the days of a voucher expiring after the removal date', async () => {
    setClock(lateVoucher.expiresAt);
    expect(lateVoucher.expiresAt).toBe('2021-07-04T09:00:00.000Z');
    expect(await sweep()).toEqual({ ...nothing, expired: 1, daysForfeited: 1 });
    expect(await voucher(lateVoucher.id)).toMatchObject({ status: 'expired', forfeitedDays: 1 });
    expect(await balance(agreementA)).toBe(0);
    expect(
      (await ledger(agreementA))
        .filter((e: { voucherId: string | null }) => e.voucherId === lateVoucher.id)
        .map((e: { kind: string }) => e.kind),
    ).toEqual(['voucher_allocation']);
  });

  it('leaves the ledger invariant and one audit record per voucher change intact after the whole story', async () => {
    expect(await ledgerViolations(t.ctx.db)).toEqual([]);
    expect(await voucherAuditViolations(t.ctx.db)).toEqual([]);
  });
});
