import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRemainingDaysBatch, runSweepInBatches } from '../../src/app/operations/sweep.js';
import { agreements, ledgerEntries, vouchers } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { ensureAgreement, makeVoucher } from '../support/voucher-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ at: '2021-01-20T10:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe('removal of remaining days waits for vouchers that expired before it', () => {
  it('does not empty an agreement while a voucher that expired before the removal date is unswept', async () => {
    const agreementId = await ensureAgreement(t);
    const voucher = await makeVoucher(t, { days: 5, until: 'assigned' });
    // Expires 180 days after 2021-01-20T10:00Z: 2021-07-19, after the removal. Move it before.
    await t.ctx.db
      .update(vouchers)
      .set({ expiresAt: new Date('2021-06-30T12:00:00.000Z') })
      .where(eq(vouchers.id, voucher.id));
    const [before] = await t.ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
    const afterRemoval = new Date('2021-07-02T00:00:00.000Z');

    // As if the expiry batch had skipped the voucher (its row locked by a request in flight):
    const alone = await t.ctx.db.transaction((tx) => removeRemainingDaysBatch(tx, afterRemoval, 100));
    // Only the demo agreement (no live voucher) is emptied; ours waits.
    expect(alone.agreementsEmptied).toBe(1);
    const [untouched] = await t.ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
    expect(untouched).toMatchObject({ balance: before!.balance, daysRemovedAt: null });

    // The next full sweep returns the voucher's days first, then removes everything.
    const result = await runSweepInBatches((work) => t.ctx.db.transaction(work), afterRemoval);
    expect(result).toMatchObject({ expired: 1, daysReturned: 5, daysForfeited: 0, daysRemoved: before!.balance + 5 });
    const [emptied] = await t.ctx.db.select().from(agreements).where(eq(agreements.id, agreementId));
    expect(emptied!.balance).toBe(0);
    const entries = await t.ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.agreementId, agreementId));
    expect(entries.reduce((sum, e) => sum + e.days, 0)).toBe(0);
    expect(entries.filter((e) => e.kind === 'retirement_removal')).toEqual([
      expect.objectContaining({ days: -(before!.balance + 5), at: new Date('2021-07-01T00:00:00.000Z') }),
    ]);
  });
});
