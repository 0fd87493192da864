import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import { importRuns, type ImportRowError, type StoredMessage } from '../../db/schema/index.js';
import { isMessageKey, msg, render, type Message } from '../../domain/messages.js';
import type { Language } from '../../domain/notice-format.js';
import type { importRun } from '../../http/schemas/imports.js';
import type { CellError } from './import-kind.js';

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

/** A cell error as the run's report stores it: the English text, and the key and params to render it again. */
export function storedRowError(row: number, error: CellError): ImportRowError {
  const { field, message, text } = error;
  // A message made of messages (`parts`) has no key alone: its English text is what is kept.
  return text && !text.parts
    ? { row, field, message, messageKey: text.key, params: text.params }
    : { row, field, message };
}

/** A stored row error in `language`: `{row, field, message}`, the answer's shape (api.md, "Imports"). */
export function presentRowError(error: ImportRowError, language: Language): ImportRowError {
  const { row, field, message, messageKey, params } = error;
  // A key this server no longer has (a run stored by another version) reads as it was stored.
  const text =
    messageKey && isMessageKey(messageKey) ? render({ key: messageKey, params: params ?? {} }, language) : message;
  return { row, field, message: text };
}

/** A stored message whose keys (its parts' too) this server still has: then it can be rendered. */
function knownMessage(stored: StoredMessage): stored is Message {
  return isMessageKey(stored.key) && Object.values(stored.parts ?? {}).every((parts) => parts.every(knownMessage));
}

/** Why a failed run failed, in `language`; a run stored without a message (or with keys gone) as stored. */
function runDetail(row: ImportRunRow, language: Language): string | null {
  return row.detailMessage && knownMessage(row.detailMessage) ? render(row.detailMessage, language) : row.detail;
}

/** The run as `GET /imports/{id}` answers it, its row errors in `language`. */
export function presentImportRun(row: ImportRunRow, realNow: Date, language: Language = 'en'): ImportRunView {
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
    errors: row.errors.map((error) => presentRowError(error, language)),
    detail: stale ? render(msg('import.stale', { rows: row.rowsDone }), language) : runDetail(row, language),
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
      | 'status'
      | 'detail'
      | 'detailMessage'
      | 'rowsDone'
      | 'created'
      | 'unchanged'
      | 'rejected'
      | 'errors'
      | 'finishedAt'
    >
  >,
  realNow: Date,
): Promise<void> {
  await db
    .update(importRuns)
    .set({ ...state, updatedAt: realNow })
    .where(eq(importRuns.id, id));
}
