import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AppContext } from '../../src/app/context.js';
import { extendVouchers } from '../../src/app/operations/extend-vouchers.js';
import { expireVouchersBatch } from '../../src/app/operations/sweep.js';
import { loadProgramPolicy } from '../../src/app/programs/read-programs.js';
import { seedDemo, type DemoSeedResult } from '../../src/app/seed/seed-demo.js';
import type { DatabaseHandle, Executor } from '../../src/db/connection.js';
import {
  agreements,
  domainEvents,
  engagementTypes,
  ledgerEntries,
  programs,
  vouchers,
} from '../../src/db/schema/index.js';
import { startOfLocalDay } from '../../src/domain/calendar-dates.js';
import type { VoucherState } from '../../src/domain/voucher-decision.js';
import { decideExpire, decideExtension } from '../../src/domain/voucher-decisions.js';
import { voucherStatuses } from '../../src/domain/voucher-lifecycle.js';
import { createTestDatabase, engine } from '../support/database.js';
import { TestClock } from '../support/test-clock.js';

/**
 * The sweep's expiry and the bulk extension run as set-based SQL; the rules are the domain's
 * `decideExpire` and `decideExtension` (issue 8: one source of truth). On generated cases —
 * program time zones, removal dates, agreements ending or emptied around the expiry, statuses,
 * session time zones across DST changes — the SQL must do exactly what the decisions say:
 * status, forfeited days, returned days (ledger) and the domain event's data.
 * Reproduce with FC_SEED=<seed>.
 */

const seed = Number(process.env.FC_SEED ?? 20_210_701);
const numRuns = Number(process.env.FC_RUNS ?? 25);
const day = 86_400_000;
const base = new Date('2021-06-01T00:00:00.000Z').getTime();

let handle: DatabaseHandle;
let demo: DemoSeedResult;
let ctx: AppContext;
let operator: Actor;
let engagementTypeId: string;

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back: each generated case starts clean. */
async function inRolledBackTransaction(work: (tx: Executor) => Promise<void>): Promise<void> {
  try {
    await handle.db.transaction(async (tx) => {
      await work(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) {
      throw error;
    }
  }
}

const timeZones = ['UTC', 'Europe/Paris', 'Pacific/Auckland', 'America/Los_Angeles'] as const;
const instant = (fromDays: number, toDays: number) =>
  fc.integer({ min: fromDays * 24 * 60, max: toDays * 24 * 60 }).map((minutes) => new Date(base + minutes * 60_000));
const calendarDate = (fromDays: number, toDays: number) =>
  fc.integer({ min: fromDays, max: toDays }).map((d) => new Date(base + d * day).toISOString().slice(0, 10));

/**
 * An instant either anywhere in a range, or on a program-local midnight of that range (or 1 ms
 * before it), resolved in the generated program zone: the boundaries of every "on D" rule.
 */
type InstantSpec = { at: Date } | { midnightOf: number; early: boolean };
const instantSpec = (fromDays: number, toDays: number): fc.Arbitrary<InstantSpec> =>
  fc.oneof(
    instant(fromDays, toDays).map((at) => ({ at })),
    fc.record({ midnightOf: fc.integer({ min: fromDays, max: toDays }), early: fc.boolean() }),
  );
function resolve(spec: InstantSpec, timeZone: string): Date {
  if ('at' in spec) {
    return spec.at;
  }
  const midnight = startOfLocalDay(new Date(base + spec.midnightOf * day).toISOString().slice(0, 10), timeZone);
  return new Date(midnight.getTime() - (spec.early ? 1 : 0));
}

// Dense ranges (a fortnight) so that agreement ends, removals and expiries often meet.
const agreementArbitrary = fc.record({
  endsOn: calendarDate(-2, 12),
  daysRemovedAt: fc.option(instantSpec(0, 12), { nil: null }),
});
const voucherArbitrary = fc.record({
  status: fc.constantFrom(...voucherStatuses),
  expiresAt: instantSpec(-2, 12),
  agreement: fc.nat({ max: 2 }),
  days: fc.integer({ min: 1, max: 15 }),
  partner: fc.boolean(),
});

async function insertVoucher(
  tx: Executor,
  input: {
    status: VoucherState['status'];
    expiresAt: Date;
    createdAt?: Date;
    agreementId: string;
    days: number;
    partner: boolean;
  },
): Promise<VoucherState> {
  const [row] = await tx
    .insert(vouchers)
    .values({
      code: `P-${randomUUID()}`,
      programId: demo.programId,
      agreementId: input.agreementId,
      organizationId: demo.organizationIds['Northwind Traders']!,
      engagementTypeId,
      days: input.days,
      projectManagerId: demo.userIds['pm@northwind.example']!,
      createdBy: demo.userIds['benefits@northwind.example']!,
      createdAt: input.createdAt ?? new Date(input.expiresAt.getTime() - 180 * day),
      expiresAt: input.expiresAt,
      status: input.status,
      partnerId: input.partner ? demo.organizationIds['Fabrikam Consulting']! : null,
    })
    .returning();
  return row!;
}

async function insertAgreement(tx: Executor, input: { endsOn: string; daysRemovedAt: Date | null }) {
  const [row] = await tx
    .insert(agreements)
    .values({
      organizationId: demo.organizationIds['Northwind Traders']!,
      programId: demo.programId,
      licensingId: `P-${randomUUID()}`,
      endsOn: input.endsOn,
      activatedAt: new Date(base - 400 * day),
      createdAt: new Date(base - 400 * day),
      daysRemovedAt: input.daysRemovedAt,
    })
    .returning();
  return row!;
}

async function eventsOf(tx: Executor, ids: string[], type: string) {
  const rows = await tx.select().from(domainEvents).where(inArray(domainEvents.entityId, ids));
  return new Map(rows.filter((r) => r.type === type).map((r) => [r.entityId, r]));
}

describe(`the sweep's and the extension's SQL agree with the domain decisions (${engine})`, () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    const clock = new TestClock('2021-06-01T00:00:00.000Z');
    ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '/tmp/saps-test-data' };
    demo = await seedDemo(handle.db, clock.now());
    const [type] = await handle.db.select().from(engagementTypes).where(eq(engagementTypes.code, 'DDPS-WOD'));
    engagementTypeId = type!.id;
    operator = {
      userId: demo.userIds['operator@saps.example']!,
      organizationId: demo.organizationIds['SAPS Program Operations']!,
      organizationKind: 'operator',
      roles: ['operator_admin'],
      sessionId: randomUUID(),
    };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('expiry: status, forfeited and returned days, and the voucher.expired event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...timeZones),
        calendarDate(0, 12),
        instant(0, 16),
        fc.array(agreementArbitrary, { minLength: 3, maxLength: 3 }),
        fc.array(voucherArbitrary, { minLength: 1, maxLength: 8 }),
        async (timeZone, daysRemovalDate, now, agreementInputs, voucherInputs) => {
          await inRolledBackTransaction(async (tx) => {
            await tx.update(programs).set({ timeZone, daysRemovalDate }).where(eq(programs.id, demo.programId));
            const policy = await loadProgramPolicy(tx, demo.programId);
            const agreementRows = [];
            for (const input of agreementInputs) {
              agreementRows.push(
                await insertAgreement(tx, {
                  endsOn: input.endsOn,
                  daysRemovedAt: input.daysRemovedAt && resolve(input.daysRemovedAt, timeZone),
                }),
              );
            }
            const before: VoucherState[] = [];
            for (const input of voucherInputs) {
              before.push(
                await insertVoucher(tx, {
                  ...input,
                  expiresAt: resolve(input.expiresAt, timeZone),
                  agreementId: agreementRows[input.agreement]!.id,
                }),
              );
            }
            await expireVouchersBatch(tx, now, 10_000);
            const ids = before.map((v) => v.id);
            const after = new Map(
              (await tx.select().from(vouchers).where(inArray(vouchers.id, ids))).map((v) => [v.id, v]),
            );
            const returns = await tx.select().from(ledgerEntries).where(inArray(ledgerEntries.voucherId, ids));
            const events = await eventsOf(tx, ids, 'voucher.expired');
            for (const voucher of before) {
              const agreement = agreementRows.find((a) => a.id === voucher.agreementId)!;
              const decision = decideExpire(voucher, { policy, agreement, now });
              const row = after.get(voucher.id)!;
              const where = `${voucher.status} voucher expiring ${voucher.expiresAt.toISOString()} at ${now.toISOString()} (${timeZone}, removal ${daysRemovalDate}, agreement ${agreement.endsOn}/${agreement.daysRemovedAt?.toISOString() ?? 'not emptied'})`;
              expect(row.status, where).toBe(decision?.status ?? voucher.status);
              expect(row.forfeitedDays, where).toBe(decision?.after.forfeitedDays ?? 0);
              expect(row.endedAt, where).toEqual(decision?.after.endedAt ?? null);
              expect(
                returns.filter((e) => e.voucherId === voucher.id).map((e) => [e.kind, e.days, e.at.toISOString()]),
                where,
              ).toEqual(decision?.ledger.map((e) => [e.kind, e.days, e.at.toISOString()]) ?? []);
              expect(events.get(voucher.id)?.data ?? null, where).toEqual(
                decision ? JSON.parse(JSON.stringify(decision.events[0]!.data)) : null,
              );
            }
          });
        },
      ),
      { seed, numRuns, endOnFailure: process.env.FC_SHRINK !== '1' },
    );
  }, 120_000);

  it('extension: N × 24 h on live, unexpired vouchers created before the date, whatever the session time zone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...timeZones),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York'),
        fc.integer({ min: 1, max: 120 }),
        calendarDate(-100, 30),
        instant(-100, 30),
        fc.array(
          fc.record({
            status: fc.constantFrom(...voucherStatuses),
            created: instant(-200, 0),
            lifetime: fc.integer({ min: 1, max: 300 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (timeZone, sessionTimeZone, days, createdBefore, now, voucherInputs) => {
          await inRolledBackTransaction(async (tx) => {
            await tx.update(programs).set({ timeZone }).where(eq(programs.id, demo.programId));
            // The session's zone must not matter (the pool pins UTC; this session does not).
            await tx.execute(sql.raw(`set local time zone '${sessionTimeZone}'`));
            const agreement = await insertAgreement(tx, { endsOn: '2023-06-30', daysRemovedAt: null });
            const before: VoucherState[] = [];
            for (const input of voucherInputs) {
              before.push(
                await insertVoucher(tx, {
                  status: input.status,
                  createdAt: input.created,
                  expiresAt: new Date(input.created.getTime() + input.lifetime * day),
                  agreementId: agreement.id,
                  days: 1,
                  partner: false,
                }),
              );
            }
            const clock = { now: () => now };
            await extendVouchers({ ...ctx, db: tx, clock }, operator, {
              programId: demo.programId,
              createdBefore,
              days,
              reason: 'generated',
            });
            const ids = before.map((v) => v.id);
            const after = new Map(
              (await tx.select().from(vouchers).where(inArray(vouchers.id, ids))).map((v) => [v.id, v]),
            );
            const events = await eventsOf(tx, ids, 'voucher.extended');
            const cutoff = startOfLocalDay(createdBefore, timeZone);
            for (const voucher of before) {
              const decision = decideExtension(
                voucher,
                { days, reason: 'generated', createdBefore: cutoff },
                { actorId: operator.userId, now },
              );
              const row = after.get(voucher.id)!;
              const where = `${voucher.status} voucher created ${voucher.createdAt.toISOString()} expiring ${voucher.expiresAt.toISOString()}, +${days} days, session ${sessionTimeZone}`;
              expect(row.expiresAt, where).toEqual(decision?.after.expiresAt ?? voucher.expiresAt);
              expect(row.extensionDays, where).toBe(decision?.after.extensionDays ?? 0);
              expect(events.get(voucher.id)?.data ?? null, where).toEqual(
                decision ? JSON.parse(JSON.stringify(decision.events[0]!.data)) : null,
              );
            }
          });
        },
      ),
      { seed, numRuns, endOnFailure: process.env.FC_SHRINK !== '1' },
    );
  }, 120_000);

  it('extends by exactly 10 × 24 h across the DST change of 2021-03-28 in a Europe/Paris session', async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.execute(sql.raw(`set local time zone 'Europe/Paris'`));
      const agreement = await insertAgreement(tx, { endsOn: '2023-06-30', daysRemovedAt: null });
      const expiresAt = new Date('2021-03-25T12:00:00.000Z');
      const voucher = await insertVoucher(tx, {
        status: 'assigned',
        createdAt: new Date('2020-09-26T12:00:00.000Z'),
        expiresAt,
        agreementId: agreement.id,
        days: 1,
        partner: false,
      });
      await extendVouchers({ ...ctx, db: tx, clock: { now: () => new Date('2021-03-20T00:00:00.000Z') } }, operator, {
        programId: demo.programId,
        createdBefore: '2020-10-01',
        days: 10,
        reason: 'DST',
      });
      const [row] = await tx.select().from(vouchers).where(eq(vouchers.id, voucher.id));
      expect(row!.expiresAt.getTime() - expiresAt.getTime()).toBe(240 * 60 * 60 * 1000);
    });
  });
});
