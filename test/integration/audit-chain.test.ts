import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAuditEvents } from '../../src/app/operations/seal-audit.js';
import { verifyAuditChain } from '../../src/app/operations/verify-audit.js';
import { auditEvents, auditSeals } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails, makeVoucher } from '../support/voucher-factory.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await makeVoucher(t, { until: 'reserved' });
});
afterAll(async () => {
  await t.close();
});

async function auditCount(): Promise<number> {
  const [row] = await t.ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditEvents);
  return row!.n;
}

describe('tamper-evident audit chain', () => {
  it('seals every committed record once, in a gapless sequence, and reports later ones as unsealed', async () => {
    const total = await auditCount();
    expect(total).toBeGreaterThan(3);
    // Two sealers at once (two processes): the advisory lock serialises them.
    const [a, b] = await Promise.all([sealAuditEvents(t.ctx, { batchSize: 2 }), sealAuditEvents(t.ctx)]);
    expect(a.sealed + b.sealed).toBe(total);
    const seqs = (await t.ctx.db.select({ seq: auditSeals.seq }).from(auditSeals))
      .map((r) => r.seq)
      .sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await sealAuditEvents(t.ctx)).toEqual({ sealed: 0 });
    expect(await verifyAuditChain(t.ctx)).toMatchObject({
      status: 'intact',
      sealed: total,
      unsealed: 0,
      firstBreak: null,
    });

    await makeVoucher(t, { until: 'assigned' });
    const later = (await auditCount()) - total;
    expect(later).toBeGreaterThan(0);
    expect(await verifyAuditChain(t.ctx)).toMatchObject({ status: 'intact', sealed: total, unsealed: later });
    await sealAuditEvents(t.ctx);
    expect(await verifyAuditChain(t.ctx)).toMatchObject({ status: 'intact', sealed: total + later, unsealed: 0 });
  });

  it('names the first record that was edited with SQL after sealing, and trusts nothing after it', async () => {
    const seals = await t.ctx.db.select().from(auditSeals).orderBy(auditSeals.seq);
    const victim = seals[2]!;
    const [original] = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.id, victim.auditEventId));
    await t.ctx.db.execute(
      sql`update audit_events set after = jsonb_build_object('days', 999) where id = ${victim.auditEventId}`,
    );
    const broken = await verifyAuditChain(t.ctx);
    expect(broken).toMatchObject({
      status: 'broken',
      sealed: 2,
      firstBreak: { seq: victim.seq, auditEventId: victim.auditEventId, reason: 'record-changed' },
    });
    expect(broken.firstBreak!.detail).toContain(`audit record ${victim.auditEventId}`);

    // Put the record back exactly: the chain verifies again (the hash depends only on content).
    await t.ctx.db.update(auditEvents).set({ after: original!.after }).where(eq(auditEvents.id, victim.auditEventId));
    expect((await verifyAuditChain(t.ctx)).status).toBe('intact');

    // A changed actor, or a forged seal hash, breaks it too.
    await t.ctx.db.execute(sql`update audit_seals set hash = repeat('a', 64) where seq = ${seals[4]!.seq}`);
    expect((await verifyAuditChain(t.ctx)).firstBreak).toMatchObject({ seq: seals[4]!.seq, reason: 'record-changed' });
    await t.ctx.db.update(auditSeals).set({ hash: seals[4]!.hash }).where(eq(auditSeals.seq, seals[4]!.seq));

    // A removed seal is a gap in the sequence.
    await t.ctx.db.delete(auditSeals).where(eq(auditSeals.seq, seals[1]!.seq));
    expect((await verifyAuditChain(t.ctx)).firstBreak).toMatchObject({ seq: seals[1]!.seq, reason: 'seal-missing' });
    await t.ctx.db.insert(auditSeals).values(seals[1]!);
    expect((await verifyAuditChain(t.ctx)).status).toBe('intact');
  });

  it('shows the chain state to operators over HTTP, and to nobody else', async () => {
    const operator = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit-chain',
      headers: bearer(await t.login(demoEmails.operator)),
    });
    expect(operator.statusCode).toBe(200);
    expect(operator.json()).toMatchObject({ status: 'intact', unsealed: expect.any(Number) as number });
    const customer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit-chain',
      headers: bearer(await t.login(demoEmails.benefitAdmin)),
    });
    expect(customer.statusCode).toBe(403);
  });
});
