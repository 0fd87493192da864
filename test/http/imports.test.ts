import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startImport } from '../../src/app/imports/start-import.js';
import type { Actor } from '../../src/app/context.js';
import { agreements, auditEvents, importRuns, ledgerEntries, organizations } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import {
  agreementHeader,
  countRuns,
  countWritten,
  postImport,
  programName,
  runImportOverHttp,
  waitForImport,
} from '../support/imports.js';
import { createPartner } from '../support/partners.js';

/**
 * Bulk imports (issue 11, item 4; api.md "Imports"; decision 025) through the API, as the web
 * page drives them: POST the file (202), poll GET /imports/{id} until the run ends.
 */
let t: TestApp;
let operator: string;
/** Before the accrual end date (2021-02-01): a new agreement may get its opening accrual. */
const accruing = '2020-12-01T09:00:00.000Z';

/** The actor the API builds for a signed-in demo user (operator admin). */
async function actorOf(email: string): Promise<Actor> {
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(await t.login(email)) });
  const { id, organizationId, roles } = me.json<{ id: string; organizationId: string; roles: Actor['roles'] }>();
  return { userId: id, organizationId, organizationKind: 'operator', roles, sessionId: 'test' };
}

beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  t.clock.set(accruing);
  t.ctx.importLimits = undefined;
});

const csv = (...rows: string[]) => [agreementHeader, ...rows].join('\r\n');
const good = csv(
  `C-100,Contoso Pharmaceuticals,de,${programName},LIC-100,2023-06-30,12`,
  `C-100,Contoso Pharmaceuticals,DE,${programName},LIC-101,2023-12-31,0`,
  `C-200,"Woodgrove Bank, Ltd.",US,${programName},LIC-200,2024-01-31,30`,
);

describe('agreements', () => {
  it('a dry run reports what would happen and writes nothing', async () => {
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements&dryRun=true', good);
    expect(run).toMatchObject({
      kind: 'agreements',
      dryRun: true,
      atomic: false,
      status: 'succeeded',
      fileName: 'import.csv',
      rowsTotal: 3,
      rowsDone: 3,
      created: 3,
      unchanged: 0,
      rejected: 0,
      errors: [],
    });
    expect(await countWritten(t)).toEqual(before);
  });

  it('creates the customers, the agreements and their opening accruals, with the audit records of the use cases', async () => {
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements', good);
    expect(run).toMatchObject({ status: 'succeeded', rowsDone: 3, created: 3, unchanged: 0, rejected: 0 });

    const contoso = await t.handle.db.select().from(organizations).where(eq(organizations.externalId, 'C-100'));
    expect(contoso).toEqual([
      expect.objectContaining({ kind: 'customer', name: 'Contoso Pharmaceuticals', country: 'DE' }),
    ]);
    const [woodgrove] = await t.handle.db.select().from(organizations).where(eq(organizations.externalId, 'C-200'));
    expect(woodgrove!.name).toBe('Woodgrove Bank, Ltd.');
    const rows = await t.handle.db.select().from(agreements).where(eq(agreements.organizationId, contoso[0]!.id));
    expect(rows.map((a) => [a.licensingId, a.endsOn, a.balance]).sort()).toEqual([
      ['LIC-100', '2023-06-30', 12],
      ['LIC-101', '2023-12-31', 0],
    ]);
    const lic100 = rows.find((a) => a.licensingId === 'LIC-100')!;
    const entries = await t.handle.db.select().from(ledgerEntries).where(eq(ledgerEntries.agreementId, lic100.id));
    expect(entries).toEqual([expect.objectContaining({ kind: 'accrual', days: 12, at: new Date(accruing) })]);
    // No entry for 0 days: balance = Σ entries holds for every agreement (invariant 1).
    const lic101 = rows.find((a) => a.licensingId === 'LIC-101')!;
    expect(await t.handle.db.select().from(ledgerEntries).where(eq(ledgerEntries.agreementId, lic101.id))).toEqual([]);

    const after = await countWritten(t);
    expect(after.organizations - before.organizations).toBe(2);
    expect(after.agreements - before.agreements).toBe(3);
    expect(after.ledgerEntries - before.ledgerEntries).toBe(2);
    // 2 organization.created + 3 agreement.created + 2 agreement.accrual: one record per change.
    expect(after.auditEvents - before.auditEvents).toBe(7);
    const audit = await t.handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, lic100.id));
    expect(audit.map((a) => a.action)).toEqual(['agreement.created', 'agreement.accrual']);
    expect(audit[1]).toMatchObject({
      actorId: t.demo.userIds['operator@saps.example'],
      organizationIds: [contoso[0]!.id],
      before: expect.objectContaining({ balance: 0 }),
      after: expect.objectContaining({ balance: 12, entry: expect.objectContaining({ days: 12 }) }),
    });
  });

  it('importing the same file again changes nothing: every row is unchanged', async () => {
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements', good);
    expect(run).toMatchObject({ status: 'succeeded', rowsDone: 3, created: 0, unchanged: 3, rejected: 0 });
    expect(await countWritten(t)).toEqual(before);
  });

  it('rejects bad rows with their row number, column and reason, and imports the good ones', async () => {
    await runImportOverHttp(
      t,
      operator,
      'kind=agreements',
      csv(`C-700,Northwind Imports,US,${programName},LIC-700,2023-06-30,12`),
    );
    const file = [
      agreementHeader,
      `C-300,Fourth Coffee,US,${programName},LIC-300,2023-06-30,5`, // row 2: good
      '', // row 3: a blank line is no row
      `C-301,Fourth Coffee,USA,${programName},LIC-301,2023-02-30,-4`, // row 4: three bad cells
      `C-302,"Litware,`, // rows 5-6: a quoted name over two lines…
      `Inc.",FR,${programName},LIC-302,2023-06-30,1`, // …good
      `C-303,Tailwind,US,No Such Program,LIC-303,2023-06-30,1`, // row 7
      `C-304,Too Few,US,${programName},LIC-304`, // row 8
      `C-999,Someone Else,US,${programName},LIC-700,2023-06-30,12`, // row 9: another customer's licensing ID
      `C-700,Northwind Imports,US,${programName},LIC-700,2030-01-01,12`, // row 10: another end date
      `C-300,Fourth Coffee,US,${programName},LIC-300,2023-06-30,5`, // row 11: the same as row 2
      `C-305,Proseware,US,${programName},LIC-300,2023-06-30,5`, // row 12: row 2's licensing ID
      `C-306,Nul\u0000Corp,US,${programName},LIC-306,2023-06-30,1`, // row 13
    ].join('\n');
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements', file);
    expect(run).toMatchObject({
      status: 'succeeded',
      rowsTotal: 10,
      rowsDone: 10,
      created: 2,
      unchanged: 1,
      rejected: 7,
    });
    expect(run.errors).toEqual([
      { row: 4, field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code, e.g. US' },
      { row: 4, field: 'endsOn', message: 'must be a calendar date, YYYY-MM-DD' },
      { row: 4, field: 'days', message: 'must be a whole number of days, 0 or more' },
      { row: 7, field: 'programName', message: 'no program is named No Such Program' },
      {
        row: 8,
        field: null,
        message: `expected 7 cells (${agreementHeader}), found 5`,
      },
      { row: 9, field: 'licensingId', message: 'the licensing ID LIC-700 is already registered for another customer' },
      {
        row: 10,
        field: 'endsOn',
        message:
          'the agreement LIC-700 is already registered with the end date 2023-06-30; an import does not change it',
      },
      {
        row: 12,
        field: 'licensingId',
        message: 'the licensing ID LIC-300 is registered by row 2 for another customer',
      },
      { row: 13, field: 'customerName', message: 'must not contain the NUL character (\\u0000)' },
    ]);
    const after = await countWritten(t);
    expect(after.agreements - before.agreements).toBe(2);
    const [litware] = await t.handle.db.select().from(organizations).where(eq(organizations.externalId, 'C-302'));
    expect(litware!.name).toBe('Litware,\nInc.');
  });

  it('atomic=true writes nothing when one row is bad, and names it', async () => {
    const file = csv(
      `C-400,Adventure Works,US,${programName},LIC-400,2023-06-30,3`,
      `C-401,Alpine Ski House,US,${programName},LIC-401,2023-06-31,3`,
    );
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements&atomic=true', file);
    expect(run).toMatchObject({ status: 'failed', atomic: true, rowsDone: 2, rejected: 1 });
    expect(run.detail).toBe('nothing was imported: 1 row(s) are not valid (atomic import)');
    expect(run.errors).toEqual([{ row: 3, field: 'endsOn', message: 'must be a calendar date, YYYY-MM-DD' }]);
    expect(await countWritten(t)).toEqual(before);
  });

  it('atomic=true with every row good writes them all', async () => {
    const file = csv(
      `C-400,Adventure Works,US,${programName},LIC-400,2023-06-30,3`,
      `C-401,Alpine Ski House,US,${programName},LIC-401,2023-06-30,3`,
    );
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=agreements&atomic=true', file);
    expect(run).toMatchObject({ status: 'succeeded', rowsDone: 2, created: 2, rejected: 0, errors: [] });
    expect((await countWritten(t)).agreements - before.agreements).toBe(2);
  });

  it('gives an opening accrual until the day before the accrual end date; from it, only agreements without days', async () => {
    const file = (n: number) =>
      csv(
        `C-50${n},Late Customer ${n},US,${programName},LIC-50${n}-A,2023-06-30,4`,
        `C-50${n},Late Customer ${n},US,${programName},LIC-50${n}-B,2023-06-30,0`,
      );
    t.clock.set('2021-01-31T23:59:59.999Z');
    const before = await runImportOverHttp(t, operator, 'kind=agreements', file(1));
    expect(before).toMatchObject({ created: 2, rejected: 0 });
    t.clock.set('2021-02-01T00:00:00.000Z');
    const at = await runImportOverHttp(t, operator, 'kind=agreements', file(2));
    expect(at).toMatchObject({ created: 1, rejected: 1 });
    expect(at.errors).toEqual([
      { row: 2, field: 'days', message: expect.stringContaining('days can no longer be accrued from 2021-02-01') },
    ]);
    const [late] = await t.handle.db
      .select()
      .from(agreements)
      .where(and(eq(agreements.licensingId, 'LIC-502-B')));
    expect(late!.balance).toBe(0);
  });
});

describe('bad input: a 400 before any row is written', () => {
  const refusals: [string, () => string | Buffer, RegExp, (() => void)?][] = [
    ['a wrong header', () => 'customer,name\nC-1,X', /the first row must be the header customerExternalId,/],
    ['an empty file', () => '', /the file is empty: the first row must be the header/],
    [
      'bytes that are not UTF-8 (Latin-1)',
      () =>
        Buffer.concat([
          Buffer.from(`${agreementHeader}\nC-600,Soci`),
          Buffer.from([0xe9]), // é in Latin-1
          Buffer.from(`t\u00e9 G\u00e9n\u00e9rale,FR,${programName},LIC-600,2023-06-30,1\n`),
        ]),
      /not UTF-8 text \(the first invalid byte is on line 2\)/,
    ],
    [
      'malformed CSV (an unclosed quote)',
      () => csv(`C-601,"Unclosed,US,${programName},LIC-601,2023-06-30,1`),
      /not readable CSV/,
    ],
    [
      'a file over the size limit',
      () => csv(`C-602,Big,US,${programName},LIC-602,2023-06-30,1`),
      /the file is larger than/,
      () => {
        t.ctx.importLimits = { maxBytes: 64 };
      },
    ],
    [
      'more rows than the limit',
      () => csv(...[1, 2, 3, 4].map((n) => `C-61${n},Many,US,${programName},LIC-61${n},2023-06-30,1`)),
      /the file has more than 3 rows/,
      () => {
        t.ctx.importLimits = { maxRows: 3 };
      },
    ],
  ];

  it.each(refusals)('refuses %s with validation-failed, naming the problem', async (_name, content, detail, setup) => {
    setup?.();
    const before = { written: await countWritten(t), runs: await countRuns(t) };
    const response = await postImport(t, operator, 'kind=agreements', content());
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ type: '/problems/validation-failed', errors: [{ path: 'body.file' }] });
    expect(response.json().detail).toMatch(detail);
    expect({ written: await countWritten(t), runs: await countRuns(t) }).toEqual(before);
  });

  it('takes a file of exactly the row and byte limits', async () => {
    const file = csv(...[1, 2, 3].map((n) => `C-62${n},Enough,US,${programName},LIC-62${n},2023-06-30,1`));
    t.ctx.importLimits = { maxRows: 3, maxBytes: Buffer.byteLength(file) };
    const run = await runImportOverHttp(t, operator, 'kind=agreements&dryRun=true', file);
    expect(run).toMatchObject({ status: 'succeeded', rowsTotal: 3, created: 3 });
  });

  it('keeps the file name for the report, without its control characters', async () => {
    const response = await postImport(t, operator, 'kind=agreements&dryRun=true', good, 'tab\there\u0000.csv');
    expect(response.statusCode, response.body).toBe(202);
    const run = await waitForImport(t, operator, response.json<{ id: string }>().id);
    expect(run.fileName).toBe('tabhere.csv');
  });

  it('refuses a request that is not multipart, and an unknown kind', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=agreements',
      headers: bearer(operator),
      payload: { csv: good },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().detail).toBe('send the CSV file as multipart/form-data');
    const unknown = await postImport(t, operator, 'kind=vouchers', good);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'query.kind' })]);
  });
});

describe('competencies', () => {
  it('gives each named partner its competencies; a re-run is unchanged; unknown partners and bad cells are rejected', async () => {
    const partner = await createPartner(t, 'Imported Competence Ltd');
    const file = [
      'partnerName,name,level,validFrom,validUntil',
      'imported competence ltd,Datacenter,Gold,2020-01-01,2021-12-31',
      'Imported Competence Ltd,Messaging,platinum,2020-01-01,2019-12-31',
      'Nobody Consulting,Datacenter,gold,2020-01-01,2021-12-31',
      'Imported Competence Ltd, Datacenter ,gold,2020-01-01,2021-12-31',
    ].join('\n');
    const dry = await runImportOverHttp(t, operator, 'kind=competencies&dryRun=true', file);
    expect(dry).toMatchObject({ status: 'succeeded', created: 1, unchanged: 1, rejected: 2 });
    const before = await countWritten(t);
    const run = await runImportOverHttp(t, operator, 'kind=competencies', file);
    expect(run).toMatchObject({ status: 'succeeded', rowsDone: 4, created: 1, unchanged: 1, rejected: 2 });
    expect(run.errors).toEqual([
      { row: 3, field: 'level', message: 'must be silver or gold' },
      { row: 4, field: 'partnerName', message: 'no partner organisation is named Nobody Consulting' },
    ]);
    const after = await countWritten(t);
    expect(after.partnerCompetencies - before.partnerCompetencies).toBe(1);
    expect(after.auditEvents - before.auditEvents).toBe(1);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/partners/${partner.id}/competencies`,
      headers: bearer(operator),
    });
    expect(listed.json().items).toEqual([expect.objectContaining({ name: 'Datacenter', level: 'gold' })]);
    const again = await runImportOverHttp(t, operator, 'kind=competencies', file);
    expect(again).toMatchObject({ created: 0, unchanged: 2, rejected: 2 });
    expect(await countWritten(t)).toEqual(after);
  });
});

describe('interrupted runs', () => {
  it('a run stopped by a shutdown ends failed, interrupted, having written nothing after the stop', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'saps-import-')), 'a.csv');
    writeFileSync(path, csv(`C-800,Stopped Ltd,US,${programName},LIC-800,2023-06-30,1`));
    const stopping = new AbortController();
    stopping.abort(); // as the route's onClose hook does
    // Signed in first: a sign-in writes its own audit record.
    const actor = await actorOf('operator@saps.example');
    const before = await countWritten(t);
    const { finished } = await startImport(
      t.ctx,
      actor,
      { kind: 'agreements', dryRun: false, atomic: false, fileName: 'a.csv', path },
      { signal: stopping.signal },
    );
    const run = await finished;
    expect(run).toMatchObject({ status: 'failed', rowsDone: 0, created: 0 });
    expect(run.detail).toMatch(/^interrupted after 0 rows \(the server is stopping\); the rows written stay/);
    expect(await countWritten(t)).toEqual(before);
  });

  it('a run that stopped moving for ten minutes reads as failed, interrupted (its process died)', async () => {
    const run = await runImportOverHttp(t, operator, 'kind=agreements&dryRun=true', good);
    const get = () =>
      t.app
        .inject({ method: 'GET', url: `/api/v1/imports/${run.id}`, headers: bearer(operator) })
        .then((r) => r.json());
    await t.handle.db.update(importRuns).set({ status: 'running' }).where(eq(importRuns.id, run.id));
    expect(await get()).toMatchObject({ status: 'running', detail: null });
    t.clock.advance(10 * 60_000 + 1);
    expect(await get()).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^interrupted after 3 rows/) });
  });
});

describe('GET /imports/{id}', () => {
  it('answers 404 for an id nobody issued, and 403 to finance', async () => {
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000',
      headers: bearer(operator),
    });
    expect(unknown.statusCode).toBe(404);
    const finance = await t.login('finance@saps.example');
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000',
      headers: bearer(finance),
    });
    expect(refused.statusCode).toBe(403);
  });
});
