import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/context.js';
import { startImport } from '../../src/app/imports/start-import.js';
import { agreements, organizations } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { agreementHeader, programName } from '../support/imports.js';

/**
 * Two imports of one file at once against PostgreSQL (decision 025): their batches race for the
 * same new customers and licensing IDs. The unique indexes let one batch win; the loser is
 * judged again and finds the rows there (unchanged). Each customer and agreement exists once,
 * and both runs succeed. PGlite has one connection, so nothing can race there.
 */
describe.skipIf(!process.env.DATABASE_URL)('imports racing on one file (PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await buildTestApp({ handle: await createTestDatabase({ poolSize: 8 }), at: '2020-12-01T09:00:00.000Z' });
    dir = mkdtempSync(join(tmpdir(), 'saps-import-race-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates each customer and agreement once; the two runs split created and unchanged between them', async () => {
    const rows = 600;
    const lines = Array.from(
      { length: rows },
      (_, i) =>
        `RACE-C-${Math.floor(i / 3)},Race Customer ${Math.floor(i / 3)},US,${programName},RACE-L-${i},2023-06-30,2`,
    );
    const path = join(dir, 'race.csv');
    writeFileSync(path, [agreementHeader, ...lines].join('\n'));
    const actor = systemActor(t.demo.organizationIds['SAPS Program Operations']!);
    const input = { kind: 'agreements' as const, dryRun: false, atomic: false, fileName: 'race.csv', path };
    const runs = await Promise.all(
      [1, 2].map(async () => (await startImport(t.ctx, actor, input, { batchSize: 50 })).finished),
    );
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((r) => r.rejected)).toEqual([0, 0]);
    expect(runs[0]!.created + runs[1]!.created).toBe(rows);
    expect(runs[0]!.unchanged + runs[1]!.unchanged).toBe(rows);
    const [agreementCount] = await t.handle.db
      .select({ n: count() })
      .from(agreements)
      .where(like(agreements.licensingId, 'RACE-L-%'));
    expect(agreementCount!.n).toBe(rows);
    const [customerCount] = await t.handle.db
      .select({ n: count() })
      .from(organizations)
      .where(like(organizations.externalId, 'RACE-C-%'));
    expect(customerCount!.n).toBe(rows / 3);
    const [one] = await t.handle.db.select().from(agreements).where(eq(agreements.licensingId, 'RACE-L-0'));
    expect(one!.balance).toBe(2);
  });
});
