import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connection.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated template database to copy; PGlite: a dumped data directory. */
    pgTemplate: string | null;
    pgliteTemplatePath: string | null;
  }
}

function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `saps_tpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const handle = await openDatabase({ url: adminUrl(url, template), poolSize: 1 });
    await handle.migrate();
    await handle.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplatePath', null);
    return async () => {
      // Drop the per-file databases a crashed worker may have left, then the template. `_` is a
      // LIKE wildcard: unescaped, run 123 would also drop the live databases of run 1234.
      const leftovers = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`saps\\_t\\_${process.pid}\\_%`],
      );
      for (const row of leftovers.rows) {
        await admin.query(`drop database if exists ${row.datname} with (force)`);
      }
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'saps-test-'));
  const handle = await openDatabase({ memory: {} });
  await handle.migrate();
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const path = join(dir, 'template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgTemplate', null);
  project.provide('pgliteTemplatePath', path);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
