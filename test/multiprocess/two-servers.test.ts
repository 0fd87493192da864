import { randomBytes } from 'node:crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogins } from '../../src/app/seed/seed-demo.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import {
  agreements,
  auditEvents,
  engagementTypes,
  ledgerEntries,
  organizations,
  partnerLocations,
  users,
} from '../../src/db/schema/index.js';
import { engine } from '../support/database.js';
import { ledgerViolations, voucherAuditViolations } from '../support/invariants.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

/**
 * Two real `saps serve` processes on one PostgreSQL database (issue 9, "Two processes on one
 * PostgreSQL"): started at the same moment on an empty database in demo mode, then raced against
 * each other. One pair of servers for the whole file.
 */
// Bodies are read loosely here; the HTTP tests pin their shapes.
type Json = any;

const url = process.env.DATABASE_URL;
const databaseName = `saps_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
let servers: [ServerProcess, ServerProcess];
let db: DatabaseHandle;
const tokens = new Map<string, string>();

function databaseUrl(name: string): string {
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function call(server: ServerProcess, email: string, method: string, path: string, body?: unknown) {
  let token = tokens.get(email);
  if (!token) {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { token: string }).token;
    tokens.set(email, token);
  }
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: Json = text ? JSON.parse(text) : null;
  return { status: response.status, body: parsed };
}

const operator = 'operator@saps.example';
const benefits = 'benefits@northwind.example';
const partner = 'admin@fabrikam.example';

const clockOf = async (server: ServerProcess): Promise<number> =>
  new Date(((await (await fetch(`${server.url}/api/v1/clock`)).json()) as { now: string }).now).getTime();

describe.runIf(engine === 'postgres')('two servers on one PostgreSQL database', () => {
  beforeAll(async () => {
    // An empty database: not even migrated. Both processes migrate and seed it at once.
    await admin(`create database ${databaseName}`);
    const env = { DATABASE_URL: databaseUrl(databaseName), SAPS_DEMO: '1' };
    const [a, b] = await Promise.all([
      startServer({ ...env, LOG_LEVEL: 'info' }),
      startServer({ ...env, LOG_LEVEL: 'info' }),
    ]);
    servers = [a, b];
    db = await openDatabase({ url: databaseUrl(databaseName), poolSize: 2 });
  }, 240_000);

  afterAll(async () => {
    const codes = await Promise.all((servers ?? []).map((server) => server.stop(10_000)));
    await db?.close();
    await admin(`drop database if exists ${databaseName} with (force)`);
    // Both drained and exited cleanly (SIGTERM).
    expect(codes).toEqual(servers ? [0, 0] : []);
  });

  it('seeds the demo data once although both started seeding at the same moment', async () => {
    for (const server of servers) {
      expect((await fetch(`${server.url}/api/v1/ready`)).status).toBe(200);
    }
    const names = await db.db
      .select({ name: organizations.name, n: count() })
      .from(organizations)
      .groupBy(organizations.name);
    expect(names.every((row) => row.n === 1)).toBe(true);
    expect(names.map((row) => row.name).sort()).toEqual(
      ['Fabrikam Consulting', 'Northwind Traders', 'SAPS Program Operations', 'Tailspin Advisory'].sort(),
    );
    const [people] = await db.db.select({ n: count() }).from(users);
    expect(people!.n).toBe(demoLogins.length);
  });

  it('shares one simulated clock: a move on one server is seen by the other on its next request', async () => {
    const [a, b] = servers;
    const before = await clockOf(b);
    const target = new Date(before + 3 * 24 * 60 * 60 * 1000);
    const moved = await call(a, operator, 'PUT', '/clock', { now: target.toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // At once, on the other process.
    const seen = (await clockOf(b)) - target.getTime();
    expect(seen).toBeGreaterThanOrEqual(0);
    expect(seen).toBeLessThan(5_000);
    expect(Math.abs((await clockOf(a)) - (await clockOf(b)))).toBeLessThan(1_000);
    // Moving back through the other server is refused there too, and changes nothing.
    const back = await call(b, operator, 'PUT', '/clock', { now: new Date(before).toISOString() });
    expect(back.status).toBe(422);
    expect(back.body.type).toBe('/problems/policy-violation');
    expect((await clockOf(a)) - target.getTime()).toBeGreaterThanOrEqual(0);
  });

  describe('vouchers raced across the two processes', () => {
    let agreementId: string;
    let engagementTypeId: string;
    let projectManagerId: string;
    let locationId: string;

    beforeAll(async () => {
      [{ id: agreementId }] = (await db.db.select({ id: agreements.id }).from(agreements)) as [{ id: string }];
      [{ id: engagementTypeId }] = (await db.db
        .select({ id: engagementTypes.id })
        .from(engagementTypes)
        .where(eq(engagementTypes.code, 'DDPS-WOD'))) as [{ id: string }];
      [{ id: projectManagerId }] = (await db.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, 'pm@northwind.example'))) as [{ id: string }];
      const [fabrikam] = await db.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.name, 'Fabrikam Consulting'));
      [{ id: locationId }] = (await db.db
        .select({ id: partnerLocations.id })
        .from(partnerLocations)
        .where(and(eq(partnerLocations.partnerId, fabrikam!.id), eq(partnerLocations.country, 'US')))) as [
        { id: string },
      ];
    });

    const createVoucher = async (server: ServerProcess) => {
      const created = await call(server, benefits, 'POST', '/vouchers', {
        agreementId,
        engagementTypeId,
        days: 1,
        projectManagerId,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body as { id: string; code: string };
    };

    it('lets exactly one of eight reservations sent to both servers at once win', async () => {
      const voucher = await createVoucher(servers[0]);
      const today = new Date(await clockOf(servers[0])).toISOString().slice(0, 10);
      // Sign in once before the race: concurrent sign-ins of one account count as attempts
      // while they are evaluated (decision 015), and the race is about the reservation.
      await call(servers[0], partner, 'GET', '/me');
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          call(servers[i % 2]!, partner, 'POST', `/vouchers/${voucher.id}/reservation`, {
            code: voucher.code,
            locationId,
            plannedStart: today,
            plannedEnd: today,
            acceptTerms: true,
          }),
        ),
      );
      const statuses = replies.map((reply) => reply.status);
      expect(
        statuses.filter((status) => status === 200),
        JSON.stringify(replies.map((r) => r.body?.type)),
      ).toHaveLength(1);
      for (const reply of replies.filter((r) => r.status !== 200)) {
        expect(reply.status).toBe(409);
        expect(['/problems/invalid-transition', '/problems/concurrent-update']).toContain(reply.body.type);
      }
      const actions = await db.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, voucher.id), eq(auditEvents.action, 'voucher.reserved')));
      expect(actions).toHaveLength(1);
    });

    it('expires each voucher exactly once when both servers sweep at the same moment', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        ids.push((await createVoucher(servers[i % 2]!)).id);
      }
      // 181 days on, every voucher created today has expired (180-day lifetime).
      const now = await clockOf(servers[0]);
      const later = new Date(now + 181 * 24 * 60 * 60 * 1000).toISOString();
      expect((await call(servers[0], operator, 'PUT', '/clock', { now: later })).status).toBe(200);
      const sweeps = await Promise.all([
        call(servers[0], operator, 'POST', '/admin/sweeps'),
        call(servers[1], operator, 'POST', '/admin/sweeps'),
        call(servers[0], operator, 'POST', '/admin/sweeps'),
        call(servers[1], operator, 'POST', '/admin/sweeps'),
      ]);
      for (const sweep of sweeps) {
        expect(sweep.status, JSON.stringify(sweep.body)).toBe(200);
      }
      // The background sweeps of both processes may have run as well: per voucher, still one
      // expiry and one ledger entry giving its day back (or forfeiting it).
      const expiries = await db.db
        .select({ id: auditEvents.entityId, n: count() })
        .from(auditEvents)
        .where(and(inArray(auditEvents.entityId, ids), eq(auditEvents.action, 'voucher.expired')))
        .groupBy(auditEvents.entityId);
      expect(expiries).toHaveLength(ids.length);
      expect(expiries.every((row) => row.n === 1)).toBe(true);
      const returns = await db.db
        .select({ n: count() })
        .from(ledgerEntries)
        .where(and(inArray(ledgerEntries.voucherId, ids), eq(ledgerEntries.kind, 'voucher_return')));
      expect(returns[0]!.n).toBeLessThanOrEqual(ids.length);
      expect(await ledgerViolations(db.db)).toEqual([]);
      expect(await voucherAuditViolations(db.db)).toEqual([]);
    });
  });
});
