import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows, type DatabaseHandle } from '../../src/db/connection.js';
import { runPreparedQuery, runPreparedSql } from '../../src/db/prepared.js';
import { organizations } from '../../src/db/schema/index.js';
import { createTestDatabase, engine } from '../support/database.js';

/**
 * The hot-path statements are built once and run on whichever executor is given (decision 012).
 * What would break if the borrowed driver client were wrong: a statement in a transaction that
 * does not see the transaction's own writes, or that writes outside it.
 */
let handle: DatabaseHandle;
const at = new Date('2021-03-01T09:00:00.000Z');

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const countNamed = (name: string) =>
  runPreparedQuery(
    handle.db,
    'test:countNamed',
    (db, p) =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(organizations)
        .where(eq(organizations.name, p('name'))),
    { name },
  );

describe(`prepared statements on ${engine}`, () => {
  it('runs inside the transaction it is given: sees its writes, and they roll back with it', async () => {
    const name = 'Prepared Rollback Ltd';
    // Built on the database (the pool) first: the run in the transaction must borrow the
    // transaction's connection, not the one it was built with.
    expect(await countNamed(name)).toEqual([{ n: 0 }]);
    await expect(
      handle.db.transaction(async (tx) => {
        await runPreparedSql(
          tx,
          'test:insertOrganization',
          (p) => sql`insert into organizations (kind, name, country, created_at)
            values ('customer', ${p('name')}, 'US', ${p('at')}::timestamptz)`,
          { name, at },
        );
        const inside = await runPreparedQuery(
          tx,
          'test:countNamed',
          (db, p) =>
            db
              .select({ n: sql<number>`count(*)::int` })
              .from(organizations)
              .where(eq(organizations.name, p('name'))),
          { name },
        );
        expect(inside).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countNamed(name)).toEqual([{ n: 0 }]);
  });

  it('fills each call with its own values, built once', async () => {
    await handle.db.insert(organizations).values([
      { kind: 'customer', name: 'Prepared A', country: 'US', createdAt: at },
      { kind: 'customer', name: 'Prepared B', country: 'FR', createdAt: at },
      { kind: 'customer', name: 'Prepared B', country: 'DE', createdAt: at },
    ]);
    let built = 0;
    const count = (name: string) =>
      runPreparedSql(
        handle.db,
        'test:countByName',
        (p) => {
          built += 1;
          return sql`select count(*)::int as n from organizations where name = ${p('name')}`;
        },
        { name },
      );
    const answers = await Promise.all(['Prepared A', 'Prepared B', 'Nobody'].map(count));
    expect(answers.map((r) => resultRows<{ n: number }>(r)[0]!.n)).toEqual([1, 2, 0]);
    expect(built).toBe(1);
  });
});
