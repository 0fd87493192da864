import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';

export const engine: 'postgres' | 'pglite' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated, empty PostgreSQL database (a copy of the template) by its URL, for code that
 * opens its own connections: a command line run in-process, a child process. PostgreSQL only.
 */
export async function createPostgresTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const template = inject('pgTemplate');
  if (!url || !template) {
    throw new Error('createPostgresTestDatabase needs DATABASE_URL and the template of global-setup.ts');
  }
  const name = `saps_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(url, name),
    async drop() {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * A fresh, migrated, empty database for one test file: a copy of the template database on
 * PostgreSQL (DATABASE_URL), or PGlite loaded from the dumped template (≈ 1.3 s).
 */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  if (process.env.DATABASE_URL && inject('pgTemplate')) {
    const database = await createPostgresTestDatabase();
    const handle = await openDatabase({ url: database.url, poolSize: options.poolSize ?? 10 });
    const close = handle.close.bind(handle);
    handle.close = async () => {
      await close();
      await database.drop();
    };
    return handle;
  }
  const path = inject('pgliteTemplatePath');
  if (!path) {
    throw new Error('no test database template: is test/support/global-setup.ts configured?');
  }
  return openDatabase({ memory: { loadDataDir: new Blob([readFileSync(path)]) } });
}
