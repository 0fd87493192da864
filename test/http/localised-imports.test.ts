import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importRuns } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { agreementHeader, postImport, programName, waitForImport, type ImportRunAnswer } from '../support/imports.js';
import { createPartner } from '../support/partners.js';

/**
 * Issue 12 (decision 028): an import's report reads in the reader's language. The row errors
 * are stored with their catalogue key and params, so the same run reads in French to a French
 * reader and in English, word for word as before, to everyone else; the file refusals and the
 * skipped rows of the one-partner competency import speak French too.
 */
let t: TestApp;
let operator: string;

beforeAll(async () => {
  t = await buildTestApp();
  operator = await t.login('operator@saps.example');
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  t.clock.set('2020-12-01T09:00:00.000Z');
});

async function readRun(id: string, language?: string): Promise<ImportRunAnswer> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/imports/${id}`,
    headers: { ...bearer(operator), ...(language ? { 'accept-language': language } : {}) },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ImportRunAnswer>();
}

async function importFile(query: string, file: string): Promise<string> {
  const started = await postImport(t, operator, query, file);
  expect(started.statusCode, started.body).toBe(202);
  const { id } = started.json<{ id: string }>();
  await waitForImport(t, operator, id);
  return id;
}

describe('the report of a bulk import', () => {
  it('gives the row errors of agreements in French to a French reader, and the same run in English to others', async () => {
    await importFile('kind=agreements', `${agreementHeader}\nC-800,Northwind,US,${programName},LIC-800,2023-06-30,12`);
    const file = [
      agreementHeader,
      `C-801,Fourth Coffee,USA,${programName},LIC-801,2023-02-30,-4`, // row 2: three bad cells
      `C-802,Tailwind,US,No Such Program,LIC-802,2023-06-30,1`, // row 3
      `C-803,Too Few,US,${programName},LIC-803`, // row 4
      `C-999,Someone Else,US,${programName},LIC-800,2023-06-30,12`, // row 5: another customer's licensing ID
      `C-800,Northwind,US,${programName},LIC-800,2030-01-01,12`, // row 6: another end date
      `C-804,${'x'.repeat(201)},US,${programName},LIC-804,2023-06-30,1`, // row 7: a name too long
      `C-805,Nul\u0000Corp,US,${programName},LIC-805,2023-06-30,1`, // row 8
      `C-806,Proseware,US,${programName},LIC-806,2023-06-30,200000`, // row 9
    ].join('\n');
    const id = await importFile('kind=agreements&dryRun=true', file);

    const french = await readRun(id, 'fr');
    expect(french.errors).toEqual([
      { row: 2, field: 'country', message: 'doit être un code de pays à deux lettres (ISO 3166-1), par exemple FR' },
      { row: 2, field: 'endsOn', message: 'doit être une date du calendrier, AAAA-MM-JJ' },
      { row: 2, field: 'days', message: 'doit être un nombre entier de jours, 0 ou plus' },
      { row: 3, field: 'programName', message: 'aucun programme ne s\u2019appelle No Such Program' },
      { row: 4, field: null, message: `7 cellules attendues (${agreementHeader}), 5 trouvée(s)` },
      {
        row: 5,
        field: 'licensingId',
        message: 'l\u2019ID de licence LIC-800 est déjà enregistré pour un autre client',
      },
      {
        row: 6,
        field: 'endsOn',
        message:
          'le contrat LIC-800 est déjà enregistré avec la date de fin du 30 juin 2023 ; un import ne la modifie pas',
      },
      { row: 7, field: 'customerName', message: '200 caractères au plus' },
      { row: 8, field: 'customerName', message: 'ne doit pas contenir le caractère NUL (\\u0000)' },
      { row: 9, field: 'days', message: '100000 jours au plus' },
    ]);

    const english = await readRun(id);
    expect(english.errors).toEqual([
      { row: 2, field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code, e.g. US' },
      { row: 2, field: 'endsOn', message: 'must be a calendar date, YYYY-MM-DD' },
      { row: 2, field: 'days', message: 'must be a whole number of days, 0 or more' },
      { row: 3, field: 'programName', message: 'no program is named No Such Program' },
      { row: 4, field: null, message: `expected 7 cells (${agreementHeader}), found 5` },
      { row: 5, field: 'licensingId', message: 'the licensing ID LIC-800 is already registered for another customer' },
      {
        row: 6,
        field: 'endsOn',
        message:
          'the agreement LIC-800 is already registered with the end date 2023-06-30; an import does not change it',
      },
      { row: 7, field: 'customerName', message: 'at most 200 characters' },
      { row: 8, field: 'customerName', message: 'must not contain the NUL character (\\u0000)' },
      { row: 9, field: 'days', message: 'at most 100000 days' },
    ]);
    // The stored report keeps the key and params only for rendering: the answer has api.md's three fields.
    expect(Object.keys(english.errors[0]!).sort()).toEqual(['field', 'message', 'row']);
  });

  it('names a row of the same file, the accrual rule and the competency problems in French', async () => {
    const file = [
      agreementHeader,
      `C-810,Alpine,US,${programName},LIC-810,2023-06-30,0`,
      `C-811,Other,US,${programName},LIC-810,2023-06-30,0`, // row 3: row 2's licensing ID
      `C-810,Alpine,US,${programName},LIC-812,2023-06-30,4`, // row 4: days after the accrual end
    ].join('\n');
    t.clock.set('2021-02-01T00:00:00.000Z');
    const id = await importFile('kind=agreements&dryRun=true', file);
    expect((await readRun(id, 'fr')).errors).toEqual([
      {
        row: 3,
        field: 'licensingId',
        message: 'l\u2019ID de licence LIC-810 est enregistré par la ligne 2 pour un autre client',
      },
      { row: 4, field: 'days', message: expect.stringContaining('1er février 2021') },
    ]);
    expect((await readRun(id, 'en')).errors[1]!.message).toContain('days can no longer be accrued from 2021-02-01');

    await createPartner(t, 'Compétences Importées');
    const competencies = [
      'partnerName,name,level,validFrom,validUntil',
      'Compétences Importées,Messaging,platinum,2020-01-01,2021-12-31',
      'Compétences Importées,Messaging,gold,2020-01-01,2019-12-31',
      'Personne Conseil,Datacenter,gold,2020-01-01,2021-12-31',
    ].join('\n');
    const run = await importFile('kind=competencies&dryRun=true', competencies);
    expect((await readRun(run, 'fr')).errors).toEqual([
      { row: 2, field: 'level', message: 'doit être silver ou gold' },
      { row: 3, field: 'validUntil', message: 'ne doit pas être antérieure à validFrom' },
      { row: 4, field: 'partnerName', message: 'aucune organisation partenaire ne s\u2019appelle Personne Conseil' },
    ]);
    expect((await readRun(run, 'en')).errors.map((e) => e.message)).toEqual([
      'must be silver or gold',
      'must not be before validFrom',
      'no partner organisation is named Personne Conseil',
    ]);
  });

  it('says why a run failed in French: an atomic run with a bad row, a run whose process died', async () => {
    const file = [
      agreementHeader,
      `C-820,Alpine,US,${programName},LIC-820,2023-06-30,1`,
      `C-821,Alpine,US,${programName},LIC-821,2023-02-30,1`,
    ].join('\n');
    const id = await importFile('kind=agreements&atomic=true', file);
    expect(await readRun(id, 'fr')).toMatchObject({
      status: 'failed',
      detail: 'rien n\u2019a été importé : 1 ligne(s) non valide(s) (import atomique)',
      errors: [{ row: 3, field: 'endsOn', message: 'doit être une date du calendrier, AAAA-MM-JJ' }],
    });
    expect((await readRun(id)).detail).toBe('nothing was imported: 1 row(s) are not valid (atomic import)');

    await t.handle.db.update(importRuns).set({ status: 'running' }).where(eq(importRuns.id, id));
    t.clock.advance(10 * 60_000 + 1);
    expect((await readRun(id, 'fr')).detail).toMatch(
      /^interrompu après 2 lignes : le processus qui l\u2019exécutait s\u2019est arrêté/,
    );
  });

  it('reads a run stored before its messages had keys as it was stored', async () => {
    const id = await importFile(
      'kind=agreements&atomic=true',
      `${agreementHeader}\nC-830,Old,US,${programName},LIC-830,nope,1`,
    );
    await t.handle.db
      .update(importRuns)
      .set({ detailMessage: null, errors: [{ row: 2, field: 'endsOn', message: 'an old English text' }] })
      .where(eq(importRuns.id, id));
    expect(await readRun(id, 'fr')).toMatchObject({
      detail: 'nothing was imported: 1 row(s) are not valid (atomic import)',
      errors: [{ row: 2, field: 'endsOn', message: 'an old English text' }],
    });
  });

  it('refuses a wrong file in French: the header, and a request that is not multipart', async () => {
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=agreements',
      headers: { ...bearer(operator), 'accept-language': 'fr', 'content-type': 'multipart/form-data; boundary=XyZ' },
      payload: Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n--XyZ--\r\n',
      ),
    });
    expect(upload.statusCode).toBe(400);
    expect(upload.json()).toMatchObject({
      code: 'validation-failed',
      messageKey: 'csv.wrongHeader',
      detail: `la première ligne doit être l\u2019en-tête ${agreementHeader} (trouvé : a,b)`,
      errors: [{ path: 'body.file', message: `l\u2019en-tête doit être ${agreementHeader}` }],
    });
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=agreements',
      headers: { ...bearer(operator), 'accept-language': 'fr' },
      payload: { file: 'x' },
    });
    expect(json.json()).toMatchObject({
      detail: 'envoyez le fichier CSV en multipart/form-data',
      errors: [{ path: 'body', message: 'pas en multipart/form-data' }],
    });
  });
});

describe('the competency import of one partner', () => {
  const csv = [
    'name,level,validFrom,validUntil',
    'Datacenter,gold,2020-01-01,2021-12-31',
    'Messaging,platinum,2020-01-01,nope',
    'Datacenter,gold,2020-01-01,2021-12-31',
    'Security,gold',
  ].join('\n');

  const importAs = async (partnerId: string, mode: 'atomic' | 'partial', language?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/competencies/import`,
      headers: { ...bearer(operator), ...(language ? { 'accept-language': language } : {}) },
      payload: { csv, mode },
    });

  it('gives the skipped rows’ reasons and the atomic refusal in French, and in English unchanged', async () => {
    const partner = await createPartner(t, 'Lignes Ignorées');
    const atomic = await importAs(partner.id, 'atomic', 'fr');
    expect(atomic.statusCode).toBe(400);
    expect(atomic.json()).toMatchObject({
      messageKey: 'import.atomicRefused',
      detail: 'rien n\u2019a été importé : 3 ligne(s) non valide(s) (import atomique)',
      errors: [
        {
          path: 'body.csv.row3',
          message: 'level : doit être silver ou gold; validUntil : doit être une date du calendrier, AAAA-MM-JJ',
        },
        { path: 'body.csv.row4', message: 'doublon de la ligne 2' },
        { path: 'body.csv.row5', message: '4 colonnes attendues, 2 trouvée(s)' },
      ],
    });

    const french = await importAs(partner.id, 'partial', 'fr');
    expect(french.statusCode).toBe(200);
    expect(french.json().skipped).toEqual([
      { row: 3, reason: 'level : doit être silver ou gold; validUntil : doit être une date du calendrier, AAAA-MM-JJ' },
      { row: 4, reason: 'doublon de la ligne 2' },
      { row: 5, reason: '4 colonnes attendues, 2 trouvée(s)' },
    ]);
    const english = await importAs(partner.id, 'partial');
    expect(english.json().skipped).toEqual([
      { row: 2, reason: 'the partner already holds this competency with these dates' },
      { row: 3, reason: 'level: must be silver or gold; validUntil: must be a calendar date, YYYY-MM-DD' },
      { row: 4, reason: 'the partner already holds this competency with these dates' },
      { row: 5, reason: 'expected 4 columns, found 2' },
    ]);
  });
});
