import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder, resultRows, type Database } from './connection.js';

let newestCommitted: number | undefined;

/**
 * Whether the database has the newest committed migration: Drizzle's migrators record each one
 * they apply in `drizzle.__drizzle_migrations` with the migration's timestamp. One round trip;
 * throws when the database does not answer or was never migrated.
 */
export async function migrationsApplied(db: Database): Promise<boolean> {
  newestCommitted ??= Math.max(0, ...readMigrationFiles({ migrationsFolder }).map((file) => file.folderMillis));
  const rows = resultRows<{ applied: boolean }>(
    await db.execute(
      sql`select exists (select 1 from drizzle.__drizzle_migrations where created_at >= ${newestCommitted}) as applied`,
    ),
  );
  return rows[0]?.applied === true;
}
