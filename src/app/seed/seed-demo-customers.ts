import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { agreements } from '../../db/schema/index.js';
import { postLedgerEntry } from '../agreements/ledger.js';
import type { DemoSeedResult } from './seed-demo.js';

export const demoLicensingId = 'NW-EA-4471';

/**
 * Northwind's Enterprise Agreement with planning days accrued in 2020 (before the accrual end
 * date of 2021-02-01) and the benefit activated, so the demo can create vouchers at once.
 */
export async function seedDemoCustomers(tx: Executor, seeded: DemoSeedResult, now: Date): Promise<void> {
  const organizationId = seeded.organizationIds['Northwind Traders']!;
  const [existing] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.programId, seeded.programId), eq(agreements.licensingId, demoLicensingId)));
  if (existing) {
    return;
  }
  const accruedAt = new Date('2020-07-01T00:00:00Z');
  const [agreement] = await tx
    .insert(agreements)
    .values({
      organizationId,
      programId: seeded.programId,
      licensingId: demoLicensingId,
      endsOn: '2023-06-30',
      activatedAt: accruedAt < now ? accruedAt : now,
      createdAt: accruedAt < now ? accruedAt : now,
    })
    .returning({ id: agreements.id });
  await postLedgerEntry(tx, {
    agreementId: agreement!.id,
    kind: 'accrual',
    days: 40,
    at: accruedAt < now ? accruedAt : now,
    note: 'Software Assurance benefit accrual (demo data)',
  });
}
