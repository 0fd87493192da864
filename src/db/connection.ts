import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { hookTransactions } from './transaction-hooks.js';

export type Schema = typeof schema;
/** The one Drizzle type both engines satisfy: code above this file never knows which runs. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A database or an open transaction: what data-access helpers accept. */
export type Executor = Database | Transaction;

/** Rows of a raw `db.execute(sql…)`: both drivers (node-postgres and PGlite) answer `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export { sqlList } from './sql-list.js';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface DatabaseHandle {
  db: Database;
  engine: 'pglite' | 'postgres';
  /** Applies the committed migrations; idempotent, and serialised between processes. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Only in embedded mode; used by tests to dump a migrated template. */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent the embedded engine is used. */
  url?: string;
  /** Embedded engine: the data directory (SAPS_DATA_DIR); PGlite keeps its files in `pgdata/`. */
  dataDir?: string;
  /** Embedded engine in memory, optionally loaded from a dumped data directory (tests). */
  memory?: { loadDataDir?: Blob };
  poolSize?: number;
  /**
   * PostgreSQL: errors of idle pooled connections (server restart, admin shutdown). Without a
   * listener node-postgres would crash the process; the pool replaces the connection.
   */
  onPoolError?: (error: Error) => void;
}

// Timestamps and dates come back as strings from both engines' raw drivers; Drizzle maps them.
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    return openPostgres(options.url, options.poolSize ?? 10, options.onPoolError);
  }
  return openPglite(options);
}

async function openPostgres(
  url: string,
  poolSize: number,
  onPoolError: ((error: Error) => void) | undefined,
): Promise<DatabaseHandle> {
  // Every pooled session runs in UTC, whatever the server's or the role's default: date and
  // interval arithmetic in SQL (extensions, program-local dates) must not depend on it (issue 8).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC' });
  pool.on('error', (error) => onPoolError?.(error));
  const db = hookTransactions(drizzlePg(pool, { schema }));
  return {
    db,
    engine: 'postgres',
    pool,
    async migrate() {
      // Several app processes may start at once against one server: one migrates at a time.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(727274)');
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (options.memory) {
    pglite = new PGlite({ loadDataDir: options.memory.loadDataDir });
  } else {
    const dataDir = options.dataDir ?? './data';
    lock = lockDataDir(dataDir);
    try {
      pglite = new PGlite(join(dataDir, 'pgdata'));
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  try {
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Drizzle's own PGlite driver: its transactions hold PGlite's lock, so a query from another
  // request waits. Never a node-postgres adapter over PGlite (silent rollbacks measured).
  const db = hookTransactions(drizzlePglite(pglite, { schema }));
  return {
    db,
    engine: 'pglite',
    pglite,
    async migrate() {
      await migratePglite(drizzlePglite(pglite, { schema }), { migrationsFolder });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
