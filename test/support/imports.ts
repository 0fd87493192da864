import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import {
  agreements,
  auditEvents,
  importRuns,
  ledgerEntries,
  organizations,
  partnerCompetencies,
} from '../../src/db/schema/index.js';
import { bearer, type TestApp } from './app.js';

/** What an import may write: everything but its own run row. */
export const writtenTables = { organizations, agreements, ledgerEntries, auditEvents, partnerCompetencies };

export async function countWritten(t: TestApp): Promise<Record<keyof typeof writtenTables, number>> {
  const counts = {} as Record<keyof typeof writtenTables, number>;
  for (const [name, table] of Object.entries(writtenTables)) {
    const [row] = await t.handle.db.select({ n: count() }).from(table);
    counts[name as keyof typeof writtenTables] = row!.n;
  }
  return counts;
}

export async function countRuns(t: TestApp): Promise<number> {
  const [row] = await t.handle.db.select({ n: count() }).from(importRuns);
  return row!.n;
}

/** A multipart body with one file part, as a browser sends it; the bytes as given (any encoding). */
export function csvUpload(
  content: string | Buffer,
  name = 'import.csv',
): { payload: Buffer; headers: Record<string, string> } {
  const head = Buffer.from(
    `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    payload: Buffer.concat([head, body, Buffer.from('\r\n--XyZ--\r\n')]),
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
  };
}

export async function postImport(
  t: TestApp,
  token: string,
  query: string,
  content: string | Buffer,
  name = 'import.csv',
) {
  const upload = csvUpload(content, name);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?${query}`,
    headers: { ...bearer(token), ...upload.headers },
    payload: upload.payload,
  });
}

export interface ImportRunAnswer {
  id: string;
  kind: string;
  dryRun: boolean;
  atomic: boolean;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  fileName: string;
  rowsTotal: number;
  rowsDone: number;
  created: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; field: string | null; message: string }[];
  detail: string | null;
}

/** Polls `GET /imports/{id}` as the web page does, until the run has ended. */
export async function waitForImport(t: TestApp, token: string, id: string): Promise<ImportRunAnswer> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json<ImportRunAnswer>();
    if (run.status === 'succeeded' || run.status === 'failed') {
      return run;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not end`);
}

/** Starts an import and waits for its end: the run's final report. */
export async function runImportOverHttp(
  t: TestApp,
  token: string,
  query: string,
  content: string | Buffer,
): Promise<ImportRunAnswer> {
  const response = await postImport(t, token, query, content);
  expect(response.statusCode, response.body).toBe(202);
  expect(response.json()).toEqual({ id: expect.any(String), status: 'queued' });
  return waitForImport(t, token, response.json<{ id: string }>().id);
}

export const agreementHeader = 'customerExternalId,customerName,country,programName,licensingId,endsOn,days';
export const programName = 'Software Assurance Planning Services';
