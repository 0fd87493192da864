import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFromCommandLine } from '../../src/cli/import-commands.js';
import { auditEvents, organizations } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { agreementHeader, countRuns, countWritten, programName, runImportOverHttp } from '../support/imports.js';

/**
 * `saps import` (issue 11: "the CLI gives the same result") calls `startImport`, the use case
 * behind POST /imports, on the same database: the API's run and the command line's run of one
 * file give the same report, and each sees what the other wrote.
 */
let t: TestApp;
let operator: string;
let dir: string;

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set('2020-12-01T09:00:00.000Z');
  operator = await t.login('operator@saps.example');
  dir = mkdtempSync(join(tmpdir(), 'saps-cli-import-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = [
  agreementHeader,
  `CLI-C-1,Blue Yonder Airlines,US,${programName},CLI-L-1,2023-06-30,8`,
  `CLI-C-1,Blue Yonder Airlines,US,${programName},CLI-L-2,2023-06-30,0`,
  `CLI-C-2,Graphic Design Institute,GB,${programName},CLI-L-3,2023-13-01,8`,
  `CLI-C-3,Lucerne Publishing,CH,Unknown Program,CLI-L-4,2023-06-30,8`,
].join('\n');

function fileAt(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The parts of a report that do not depend on who ran it or when. */
const outcome = (run: {
  kind: string;
  dryRun: boolean;
  status: string;
  rowsTotal: number;
  rowsDone: number;
  created: number;
  unchanged: number;
  rejected: number;
  errors: unknown[];
}) => ({
  kind: run.kind,
  dryRun: run.dryRun,
  status: run.status,
  rowsTotal: run.rowsTotal,
  rowsDone: run.rowsDone,
  created: run.created,
  unchanged: run.unchanged,
  rejected: run.rejected,
  errors: run.errors,
});

describe('saps import', () => {
  it('a dry run gives the report the API gives, and writes nothing', async () => {
    const before = await countWritten(t);
    const api = await runImportOverHttp(t, operator, 'kind=agreements&dryRun=true', file);
    const progress: number[] = [];
    const cli = await importFromCommandLine(
      t.ctx,
      ['agreements', fileAt('agreements.csv', file)],
      { 'dry-run': true },
      { onProgress: ({ rowsDone }) => progress.push(rowsDone) },
    );
    expect(outcome(cli.run!)).toEqual(outcome(api));
    expect(outcome(api)).toMatchObject({ created: 2, rejected: 2 });
    expect(progress.at(-1)).toBe(4);
    expect(cli.code).toBe(1); // rows were rejected
    expect(cli.message).toContain('rows 4 of 4: 2 to create, 0 unchanged, 2 rejected');
    expect(cli.message).toContain('row 4, endsOn: must be a calendar date, YYYY-MM-DD');
    expect(cli.message).toContain('row 5, programName: no program is named Unknown Program');
    expect(await countWritten(t)).toEqual(before);
  });

  it('imports as the system; the same file through the API is then unchanged, with the same rejections', async () => {
    const cli = await importFromCommandLine(t.ctx, ['agreements', fileAt('agreements.csv', file)], {});
    expect(cli.run).toMatchObject({ status: 'succeeded', created: 2, unchanged: 0, rejected: 2 });
    const [customer] = await t.handle.db.select().from(organizations).where(eq(organizations.externalId, 'CLI-C-1'));
    const audit = await t.handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, customer!.id));
    // The command line is the system, as in `saps user create`.
    expect(audit).toEqual([expect.objectContaining({ action: 'organization.created', actorId: null })]);

    const before = await countWritten(t);
    const api = await runImportOverHttp(t, operator, 'kind=agreements', file);
    expect(api).toMatchObject({ status: 'succeeded', created: 0, unchanged: 2, rejected: 2 });
    expect(api.errors).toEqual(cli.run!.errors);
    expect(await countWritten(t)).toEqual(before);
    const again = await importFromCommandLine(t.ctx, ['agreements', fileAt('agreements.csv', file)], {});
    expect(outcome(again.run!)).toEqual(outcome(api));
  });

  it('--atomic writes nothing when a row is bad, as atomic=true does', async () => {
    const before = await countWritten(t);
    const cli = await importFromCommandLine(t.ctx, ['agreements', fileAt('atomic.csv', file)], { atomic: true });
    const api = await runImportOverHttp(t, operator, 'kind=agreements&atomic=true', file);
    expect(outcome(cli.run!)).toEqual(outcome(api));
    expect(cli.run).toMatchObject({ status: 'failed', detail: expect.stringContaining('nothing was imported') });
    expect(cli.code).toBe(1);
    expect(await countWritten(t)).toEqual(before);
  });

  it('refuses a bad file as the API does (exit 1), before writing anything or recording a run', async () => {
    const before = { written: await countWritten(t), runs: await countRuns(t) };
    const cli = await importFromCommandLine(t.ctx, ['agreements', fileAt('header.csv', 'a,b\n1,2\n')], {});
    expect(cli.code).toBe(1);
    expect(cli.message).toMatch(
      /^saps import: the file is refused: the first row must be the header customerExternalId,/,
    );
    const latin1 = Buffer.concat([Buffer.from(`${agreementHeader}\nX,Caf`), Buffer.from([0xe9]), Buffer.from(',FR\n')]);
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, latin1);
    expect((await importFromCommandLine(t.ctx, ['agreements', path], {})).message).toContain('not UTF-8');
    expect({ written: await countWritten(t), runs: await countRuns(t) }).toEqual(before);
  });

  it('answers bad arguments with exit 2 and the usage', async () => {
    const noKind = await importFromCommandLine(t.ctx, ['vouchers', fileAt('x.csv', file)], {});
    expect(noKind.code).toBe(2);
    expect(noKind.message).toContain('the first argument must be agreements or competencies');
    expect(noKind.message).toContain('Usage: saps import agreements|competencies FILE.csv');
    const noFile = await importFromCommandLine(t.ctx, ['agreements', join(dir, 'missing.csv')], {});
    expect(noFile).toMatchObject({ code: 2, message: expect.stringContaining('no file at') });
  });

  it('is wired into the saps command: --help prints the usage with both headers', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/saps.js', 'import', '--help'], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    expect(stdout).toContain('Usage: saps import agreements|competencies FILE.csv [--dry-run] [--atomic]');
    expect(stdout).toContain(`header ${agreementHeader}`);
    expect(stdout).toContain('header partnerName,name,level,validFrom,validUntil');
  });
});
