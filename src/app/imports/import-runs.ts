import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import { importRuns, type ImportRowError } from '../../db/schema/index.js';
import type { importRun } from '../../http/schemas/imports.js';

export type ImportRunRow = typeof importRuns.$inferSelect;
export type ImportKindName = ImportRunRow['kind'];
export type { ImportRowError };

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type ImportRunView = z.output<typeof importRun>;

/** Row errors kept in a run's report; `rejected` counts every rejected row. */
export const maxReportedErrors = 1000;

/**
 * A run that is queued or running but has written nothing for this long (real time) was
 * interrupted: its process stopped (a crash, a kill) before it could say so.
 */
export const staleRunMs = 10 * 60_000;

export function presentImportRun(row: ImportRunRow, realNow: Date): ImportRunView {
  const stale =
    (row.status === 'queued' || row.status === 'running') && realNow.getTime() - row.updatedAt.getTime() > staleRunMs;
  return {
    id: row.id,
    kind: row.kind,
    dryRun: row.dryRun,
    atomic: row.atomic,
    status: stale ? 'failed' : row.status,
    fileName: row.fileName,
    rowsTotal: row.rowsTotal,
    rowsDone: row.rowsDone,
    created: row.created,
    unchanged: row.unchanged,
    rejected: row.rejected,
    errors: row.errors,
    detail: stale
      ? `interrupted after ${row.rowsDone} rows: the process running it stopped. Import the file again: the rows already imported count as unchanged`
      : row.detail,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export async function loadImportRun(db: Executor, id: string): Promise<ImportRunRow | undefined> {
  const [row] = await db.select().from(importRuns).where(eq(importRuns.id, id));
  return row;
}

export interface BatchTally {
  rows: number;
  created: number;
  unchanged: number;
  rejected: number;
  /** Already cut to what the report still has room for. */
  errors: ImportRowError[];
}

/** Adds a batch to the run's progress, in the batch's own transaction: what is counted is what committed. */
export async function addBatchProgress(tx: Executor, id: string, tally: BatchTally, realNow: Date): Promise<void> {
  await tx
    .update(importRuns)
    .set({
      rowsDone: sql`${importRuns.rowsDone} + ${tally.rows}`,
      created: sql`${importRuns.created} + ${tally.created}`,
      unchanged: sql`${importRuns.unchanged} + ${tally.unchanged}`,
      rejected: sql`${importRuns.rejected} + ${tally.rejected}`,
      ...(tally.errors.length > 0
        ? { errors: sql`${importRuns.errors} || ${JSON.stringify(tally.errors)}::jsonb` }
        : {}),
      updatedAt: realNow,
    })
    .where(eq(importRuns.id, id));
}

export async function setRunState(
  db: Executor,
  id: string,
  state: Partial<
    Pick<
      ImportRunRow,
      'status' | 'detail' | 'rowsDone' | 'created' | 'unchanged' | 'rejected' | 'errors' | 'finishedAt'
    >
  >,
  realNow: Date,
): Promise<void> {
  await db
    .update(importRuns)
    .set({ ...state, updatedAt: realNow })
    .where(eq(importRuns.id, id));
}
