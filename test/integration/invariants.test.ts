import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement } from '../../src/app/agreements/create-agreement.js';
import { accrueDays } from '../../src/app/agreements/accrue-days.js';
import { activateBenefit } from '../../src/app/agreements/activate-benefit.js';
import { adjustDays } from '../../src/app/agreements/adjust-days.js';
import { convertTrainingDays } from '../../src/app/agreements/convert-training-days.js';
import type { Actor, AppContext } from '../../src/app/context.js';
import { uploadFile } from '../../src/app/files/upload-file.js';
import { extendVouchers } from '../../src/app/operations/extend-vouchers.js';
import { runSweep } from '../../src/app/operations/run-sweep.js';
import { loadProgramPolicy } from '../../src/app/programs/read-programs.js';
import { seedDemo, type DemoSeedResult } from '../../src/app/seed/seed-demo.js';
import { cancelVoucher } from '../../src/app/vouchers/cancel-voucher.js';
import { changeProjectManager } from '../../src/app/vouchers/change-project-manager.js';
import { completeVoucher } from '../../src/app/vouchers/complete-voucher.js';
import { createVoucher } from '../../src/app/vouchers/create-voucher.js';
import { redeemVoucher } from '../../src/app/vouchers/redeem-voucher.js';
import { releaseReservation } from '../../src/app/vouchers/release-reservation.js';
import { reserveVoucher } from '../../src/app/vouchers/reserve-voucher.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import {
  agreements,
  auditEvents,
  engagementTypes,
  enrollments,
  ledgerEntries,
  organizations,
  partnerCompetencies,
  partnerLocations,
  users,
  vouchers,
} from '../../src/db/schema/index.js';
import { addDays, endOfLastDay, localDate, startOfLocalDay } from '../../src/domain/calendar-dates.js';
import { isDomainError } from '../../src/domain/errors.js';
import type { ProgramPolicy } from '../../src/domain/program-policy.js';
import type { Role } from '../../src/domain/roles.js';
import type { VoucherStatus } from '../../src/domain/voucher-lifecycle.js';
import { daysOutcomeAtEnd } from '../../src/domain/voucher-rules.js';
import { createTestDatabase, engine } from '../support/database.js';
import { ledgerViolations, voucherAuditViolations } from '../support/invariants.js';
import { TestClock } from '../support/test-clock.js';

/**
 * Domain invariants (domain.md, "Invariants") after random sequences of operations through the
 * use cases, with the clock jumping across the program calendar's boundaries. Refusals are
 * expected and ignored (they must change nothing); anything else thrown fails the run.
 * Reproduce a failure with the printed seed: FC_SEED=<seed> npm test -- test/integration/invariants.test.ts
 */

const seed = Number(process.env.FC_SEED ?? 20_210_630);
const day = 86_400_000;

type Op =
  | { kind: 'activate' }
  | { kind: 'accrue'; days: number }
  | { kind: 'convert'; days: number }
  | { kind: 'adjust'; days: number }
  | { kind: 'create'; type: number; days: number; exception: boolean }
  | { kind: 'changePm'; v: Target }
  | { kind: 'cancel'; v: Target }
  | { kind: 'reserve'; v: Target; partner: number; startIn: number; length: number }
  | { kind: 'release'; v: Target }
  | { kind: 'complete'; v: Target }
  | { kind: 'redeem'; v: Target }
  | { kind: 'advance'; ms: number }
  | { kind: 'boundary'; which: number; offset: number }
  | { kind: 'sweep' }
  | { kind: 'extend'; days: number; createdBeforeIn: number };

/** Which voucher of the run: `fit` picks among those in the state the action starts from. */
const v = fc.record({ index: fc.nat({ max: 20 }), fit: fc.constantFrom(true, true, true, false) });
type Target = { index: number; fit: boolean };
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'activate' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('accrue' as const), days: fc.integer({ min: 1, max: 30 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('convert' as const), days: fc.integer({ min: 1, max: 10 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      days: fc.integer({ min: -20, max: 25 }).filter((d) => d !== 0),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      type: fc.constantFrom(0, 0, 0, 0, 1, 2),
      days: fc.constantFrom(1, 1, 3, 5, 5, 10, 15, 2),
      exception: fc.boolean(),
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ kind: fc.constant('changePm' as const), v }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), v }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      v,
      partner: fc.constantFrom(0, 0, 0, 0, 1),
      startIn: fc.constantFrom(-1, 0, 0, 0, 1, 200),
      length: fc.nat({ max: 4 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('release' as const), v }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('complete' as const), v }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('redeem' as const), v }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.constantFrom(
        1,
        3_600_000,
        3_600_000,
        day,
        day,
        7 * day,
        7 * day,
        30 * day,
        90 * day,
        179 * day,
        181 * day,
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('boundary' as const),
      which: fc.nat({ max: 5 }),
      offset: fc.constantFrom(-1, 0, 1),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: 'sweep' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('extend' as const),
      days: fc.integer({ min: 1, max: 90 }),
      createdBeforeIn: fc.constantFrom(-30, 0, 1),
    }),
    weight: 1,
  },
);

const starts = [
  '2020-01-20T10:00:00.000Z',
  '2020-01-31T23:59:59.999Z',
  '2020-03-10T10:00:00.000Z',
  '2020-06-15T10:00:00.000Z',
  '2020-10-01T10:00:00.000Z',
  '2020-12-20T10:00:00.000Z',
  '2021-01-31T23:59:59.999Z',
  '2021-05-01T10:00:00.000Z',
  '2021-06-30T23:00:00.000Z',
  '2021-12-31T12:00:00.000Z',
];

let handle: DatabaseHandle;
let clock: TestClock;
let ctx: AppContext;
let demo: DemoSeedResult;
let policy: ProgramPolicy;
let dataDir: string;
let operator: Actor;
let partnerAdmins: { actor: Actor; locationId: string }[];
let consultant: Actor;
let deliverableId: string;
let typeIds: string[];
let cloudTypeIds: Set<string>;
let serial = 0;
/** What the runs did: `<op>` for a success, `<op>:<problem>` for a refusal; to see they mattered. */
const outcomes = new Map<string, number>();
const tally = (key: string, n = 1) => outcomes.set(key, (outcomes.get(key) ?? 0) + n);

function actorOf(
  userId: string,
  organizationId: string,
  organizationKind: Actor['organizationKind'],
  roles: Role[],
): Actor {
  return { userId, organizationId, organizationKind, roles, sessionId: 'property-test' };
}

async function auditCount(): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(auditEvents);
  return row!.n;
}

async function newCustomer(now: Date) {
  serial += 1;
  const [org] = await handle.db
    .insert(organizations)
    .values({ kind: 'customer', name: `Random Customer ${serial}`, country: 'US', createdAt: now })
    .returning();
  const user = async (role: Role, n: number) => {
    const [row] = await handle.db
      .insert(users)
      .values({
        organizationId: org!.id,
        email: `${role}-${n}-${serial}@customer.example`,
        name: `${role} ${n}`,
        roles: [role],
        createdAt: now,
      })
      .returning();
    return row!.id;
  };
  const admin = actorOf(await user('benefit_admin', 1), org!.id, 'customer', ['benefit_admin']);
  const pms = [await user('project_manager', 1), await user('project_manager', 2)];
  const endsOn = ['2020-12-31', '2021-03-31', '2023-06-30'][serial % 3]!;
  const agreement = await createAgreement(ctx, operator, org!.id, {
    programId: demo.programId,
    licensingId: `RND-${serial}`,
    endsOn,
  });
  // Three customers in four have activated the benefit; the fourth must do it in the sequence.
  const activated = serial % 4 !== 0;
  if (activated) {
    await activateBenefit(ctx, admin, agreement.id);
  }
  // Days to start with, whatever the date (an operator adjustment is never too late).
  await adjustDays(ctx, operator, agreement.id, { days: 20, reason: 'property test start' });
  return { admin, pms, agreementId: agreement.id, activated };
}

/**
 * Invariant 3: no state change outside the time rules, read back from the stored timestamps,
 * the ledger and the audit records (the `before` of each record is the voucher as the action
 * saw it, with its expiry at that moment).
 */
async function timeRuleViolations(): Promise<string[]> {
  const { calendar, timeZone } = policy;
  const lastVoucherEnd = endOfLastDay(calendar.lastVoucherDate, timeZone).getTime();
  const lastRedemptionEnd = endOfLastDay(calendar.lastRedemptionDate, timeZone).getTime();
  const cloudRetired = startOfLocalDay(calendar.cloudRetirementDate, timeZone).getTime();
  const violations: string[] = [];
  const rows = await handle.db.select().from(vouchers);
  const agreementsById = new Map((await handle.db.select().from(agreements)).map((a) => [a.id, a]));
  for (const row of rows) {
    if (row.createdAt.getTime() >= lastVoucherEnd) {
      violations.push(`voucher ${row.id} created at ${row.createdAt.toISOString()}, after the last voucher day`);
    }
    if (cloudTypeIds.has(row.engagementTypeId) && row.createdAt.getTime() >= cloudRetired) {
      violations.push(`cloud voucher ${row.id} created at ${row.createdAt.toISOString()}`);
    }
    if (row.status === 'expired' && row.endedAt?.getTime() !== row.expiresAt.getTime()) {
      violations.push(`voucher ${row.id} expired at ${row.endedAt?.toISOString()}, not at its expiry`);
    }
    // "Cancel and expiry": the days return if the agreement was active and its remaining days not
    // yet removed at the instant the voucher ended; otherwise they are forfeited.
    if ((row.status === 'expired' || row.status === 'cancelled') && row.endedAt) {
      const agreement = agreementsById.get(row.agreementId)!;
      const outcome = daysOutcomeAtEnd(policy, agreement, row.endedAt);
      const expected = outcome === 'forfeit' ? row.days : 0;
      if (row.forfeitedDays !== expected) {
        violations.push(
          `voucher ${row.id} ${row.status} at ${row.endedAt.toISOString()} forfeited ${row.forfeitedDays} days, the rule says ${expected} (${outcome})`,
        );
      }
    }
  }
  const events = await handle.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, 'voucher'),
        inArray(auditEvents.action, [
          'voucher.reserved',
          'voucher.released',
          'voucher.completed',
          'voucher.redeemed',
          'voucher.expired',
          'voucher.cancelled',
        ]),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const event of events) {
    const at = event.at.getTime();
    const before = event.before as { expiresAt?: string; engagementTypeId?: string };
    const where = `${event.action} of ${event.entityId} at ${event.at.toISOString()}`;
    if (event.action === 'voucher.expired') {
      if (at < byId.get(event.entityId)!.expiresAt.getTime()) {
        violations.push(`${where}: before its expiry`);
      }
      continue;
    }
    // "Actions need now < expiry": reserve, release, complete, redeem and cancel alike.
    if (at >= new Date(before.expiresAt!).getTime()) {
      violations.push(`${where}: not before the expiry ${before.expiresAt}`);
    }
    if (event.action === 'voucher.redeemed' && at >= lastRedemptionEnd) {
      violations.push(`${where}: after the last redemption day`);
    }
    if (event.action === 'voucher.reserved' && cloudTypeIds.has(before.engagementTypeId!) && at >= cloudRetired) {
      violations.push(`${where}: a cloud type after its retirement`);
    }
  }
  const limits: Partial<Record<string, number>> = {
    accrual: startOfLocalDay(calendar.accrualEndDate, timeZone).getTime(),
    training_conversion: startOfLocalDay(calendar.trainingConversionEndDate, timeZone).getTime(),
    voucher_allocation: lastVoucherEnd,
  };
  for (const entry of await handle.db.select().from(ledgerEntries)) {
    const limit = limits[entry.kind];
    if (limit !== undefined && entry.at.getTime() >= limit) {
      violations.push(
        `${entry.kind} of ${entry.days} on ${entry.agreementId} at ${entry.at.toISOString()}, after its cut-off`,
      );
    }
    if (
      entry.kind === 'retirement_removal' &&
      entry.at.getTime() !== startOfLocalDay(calendar.daysRemovalDate, timeZone).getTime()
    ) {
      violations.push(`removal on ${entry.agreementId} dated ${entry.at.toISOString()}`);
    }
  }
  return violations;
}

/** Runs one random sequence on a fresh customer and agreement; returns nothing, throws on a broken invariant. */
async function runSequence(start: string, ops: Op[]): Promise<void> {
  clock.set(start);
  const customer = await newCustomer(clock.now());
  const made: { id: string; code: string }[] = [];
  let activated = customer.activated;
  let expectedAudit = await auditCount();
  const pick = async (target: Target, from: VoucherStatus) => {
    if (made.length === 0) {
      return undefined;
    }
    if (target.fit) {
      const rows = await handle.db
        .select({ id: vouchers.id })
        .from(vouchers)
        .where(
          and(
            inArray(
              vouchers.id,
              made.map((m) => m.id),
            ),
            eq(vouchers.status, from),
          ),
        );
      const fitting = made.filter((m) => rows.some((r) => r.id === m.id));
      if (fitting.length > 0) {
        return fitting[target.index % fitting.length];
      }
    }
    return made[target.index % made.length];
  };
  const today = () => localDate(clock.now(), policy.timeZone);

  for (const [step, op] of ops.entries()) {
    // How many audit records the step must write if it succeeds.
    let writes = 1;
    try {
      switch (op.kind) {
        case 'activate':
          await activateBenefit(ctx, customer.admin, customer.agreementId);
          writes = activated ? 0 : 1;
          activated = true;
          break;
        case 'accrue':
          await accrueDays(ctx, operator, customer.agreementId, { days: op.days });
          break;
        case 'convert':
          await convertTrainingDays(ctx, customer.admin, customer.agreementId, { days: op.days });
          break;
        case 'adjust':
          await adjustDays(ctx, operator, customer.agreementId, { days: op.days, reason: 'property test' });
          break;
        case 'create': {
          const created = await createVoucher(ctx, customer.admin, {
            agreementId: customer.agreementId,
            engagementTypeId: typeIds[op.type]!,
            days: op.days,
            projectManagerId: customer.pms[0]!,
            exceptionReason: op.exception ? 'another division' : undefined,
          });
          made.push({ id: created.id, code: created.code });
          break;
        }
        case 'changePm': {
          const target = await pick(op.v, 'assigned');
          if (!target) {
            continue;
          }
          await changeProjectManager(ctx, customer.admin, target.id, {
            projectManagerId: customer.pms[op.v.index % 2]!,
          });
          break;
        }
        case 'cancel': {
          const target = await pick(op.v, 'assigned');
          if (!target) {
            continue;
          }
          await cancelVoucher(ctx, customer.admin, target.id);
          break;
        }
        case 'reserve': {
          const target = await pick(op.v, 'assigned');
          if (!target) {
            continue;
          }
          const partner = partnerAdmins[op.partner]!;
          const plannedStart = addDays(today(), op.startIn);
          await reserveVoucher(ctx, partner.actor, target.id, {
            code: target.code,
            locationId: partner.locationId,
            plannedStart,
            plannedEnd: addDays(plannedStart, op.length),
            acceptTerms: true,
          });
          break;
        }
        case 'release': {
          const target = await pick(op.v, 'reserved');
          if (!target) {
            continue;
          }
          await releaseReservation(ctx, partnerAdmins[0]!.actor, target.id);
          break;
        }
        case 'complete': {
          const target = await pick(op.v, 'reserved');
          if (!target) {
            continue;
          }
          await completeVoucher(ctx, consultant, target.id, {
            deliveredFrom: today(),
            deliveredTo: today(),
            consultantIds: [consultant.userId],
            summary: 'Planned.',
            nextSteps: 'Deploy.',
            deliverableFileIds: [deliverableId],
          });
          break;
        }
        case 'redeem': {
          const target = await pick(op.v, 'completed');
          if (!target) {
            continue;
          }
          await redeemVoucher(ctx, partnerAdmins[0]!.actor, target.id);
          break;
        }
        case 'advance':
          clock.advance(op.ms);
          continue;
        case 'boundary': {
          // Jump to a calendar boundary (00:00 program-local of the date), or just around it.
          const dates = Object.values(policy.calendar);
          const at = startOfLocalDay(dates[op.which % dates.length], policy.timeZone).getTime() + op.offset;
          if (at > clock.now().getTime()) {
            clock.set(new Date(at));
          }
          continue;
        }
        case 'sweep': {
          const result = await runSweep(ctx);
          writes = result.expired + result.agreementsEmptied;
          tally('expired', result.expired);
          tally('days-removed', result.agreementsEmptied);
          break;
        }
        case 'extend': {
          const result = await extendVouchers(ctx, operator, {
            programId: demo.programId,
            createdBefore: addDays(today(), op.createdBeforeIn),
            days: op.days,
            reason: 'property test',
          });
          writes = result.extended + 1;
          break;
        }
      }
      tally(op.kind);
    } catch (error) {
      // Sequential calls never race: a concurrent-update here would be a bug.
      if (!isDomainError(error) || error.code === 'concurrent-update') {
        throw new Error(
          `step ${step} ${JSON.stringify(op)} at ${clock.now().toISOString()} threw unexpectedly: ${String(error)}`,
          {
            cause: error,
          },
        );
      }
      writes = 0;
      tally(`${op.kind}:${error.code}`);
      if (process.env.FC_DEBUG) {
        console.info(op.kind, clock.now().toISOString(), error.message);
      }
    }
    expectedAudit += writes;
    // Invariant 5, and "a refusal changes nothing", after every step.
    const actual = await auditCount();
    if (actual !== expectedAudit) {
      throw new Error(`after step ${step} ${JSON.stringify(op)}: ${actual} audit records, expected ${expectedAudit}`);
    }
  }

  const violations = [
    ...(await ledgerViolations(handle.db)),
    ...(await voucherAuditViolations(handle.db)),
    ...(await timeRuleViolations()),
  ];
  if (violations.length > 0) {
    throw new Error(`invariants broken after ${JSON.stringify(ops)} from ${start}:\n${violations.join('\n')}`);
  }
}

describe(`domain invariants after random operation sequences (${engine})`, () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    clock = new TestClock('2020-01-02T00:00:00.000Z');
    dataDir = mkdtempSync(join(tmpdir(), 'saps-invariants-'));
    ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir };
    demo = await seedDemo(handle.db, clock.now());
    policy = await loadProgramPolicy(handle.db, demo.programId);
    const ids = (email: string) => demo.userIds[email]!;
    const org = (name: string) => demo.organizationIds[name]!;
    operator = actorOf(ids('operator@saps.example'), org('SAPS Program Operations'), 'operator', ['operator_admin']);
    consultant = actorOf(ids('consultant@fabrikam.example'), org('Fabrikam Consulting'), 'partner', ['consultant']);
    // Fabrikam stays enrolled and competent for the whole program, so that reservations and redemptions
    // succeed often enough to matter; Tailspin (GB only, not enrolled) is always refused.
    await handle.db
      .update(enrollments)
      .set({ validUntil: new Date('2023-01-01T00:00:00.000Z') })
      .where(eq(enrollments.partnerId, org('Fabrikam Consulting')));
    await handle.db
      .update(partnerCompetencies)
      .set({ validFrom: '2019-07-01' })
      .where(eq(partnerCompetencies.partnerId, org('Fabrikam Consulting')));
    partnerAdmins = [];
    for (const [email, name] of [
      ['admin@fabrikam.example', 'Fabrikam Consulting'],
      ['admin@tailspin.example', 'Tailspin Advisory'],
    ] as const) {
      const [location] = await handle.db
        .select()
        .from(partnerLocations)
        .where(eq(partnerLocations.partnerId, org(name)));
      partnerAdmins.push({
        actor: actorOf(ids(email), org(name), 'partner', ['global_admin', 'partner_admin']),
        locationId: location!.id,
      });
    }
    const file = await uploadFile(ctx, consultant, {
      name: 'plan.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF plan'),
    });
    deliverableId = file.id;
    const types = await handle.db.select().from(engagementTypes).where(eq(engagementTypes.programId, demo.programId));
    const byCode = (code: string) => types.find((t) => t.code === code)!;
    // Any length (1–15), long lengths only (5, 10, 15), and a cloud type retired on 2020-02-01.
    typeIds = [byCode('DDPS-WOD').id, byCode('DDPS-SEC').id, byCode('AZDPS-ADP').id];
    cloudTypeIds = new Set(types.filter((t) => t.cloud).map((t) => t.id));
  });

  afterAll(async () => {
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hold: ledger balanced and never negative, one holder, one redemption, time rules, one audit record per change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...starts),
        fc.array(opArbitrary, { minLength: 15, maxLength: 30, size: 'max' }),
        runSequence,
      ),
      { seed, numRuns: Number(process.env.FC_RUNS ?? 30), endOnFailure: process.env.FC_SHRINK !== '1' },
    );
    console.info(`fast-check seed ${seed}:`, Object.fromEntries([...outcomes].sort()));
    // The runs must have exercised the lifecycle, not only its refusals.
    for (const key of [
      'create',
      'reserve',
      'complete',
      'redeem',
      'cancel',
      'release',
      'expired',
      'sweep',
      'extend',
      'create:insufficient-days',
    ]) {
      expect(outcomes.get(key) ?? 0, key).toBeGreaterThan(0);
    }
  }, 120_000);
});
