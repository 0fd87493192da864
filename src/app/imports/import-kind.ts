import type { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import { isMessageKey, msg, render, type Message, type MessageKey, type MessageParams } from '../../domain/messages.js';
import type { Actor } from '../context.js';

/** What is wrong with one cell of a row (`field` null: the row as a whole). */
export interface CellError {
  field: string | null;
  /** In English. */
  message: string;
  /** The message as a catalogue key with params (decision 028): the report is read in the reader's language. */
  text?: Message;
}

/** A cell error from the catalogue. */
export function cellError(field: string | null, key: MessageKey, params: MessageParams = {}): CellError {
  const text = msg(key, params);
  return { field, message: render(text, 'en'), text };
}

/** What a row did, or would do in a dry run. */
export type RowOutcome = { result: 'created' } | { result: 'unchanged' } | { result: 'rejected'; errors: CellError[] };

export interface ParsedRow<Row> {
  /** The line in the file (the header is row 1). */
  row: number;
  value: Row;
}

export interface BatchContext {
  actor: Actor;
  /** The program clock at this batch: the rules that depend on the date apply at import time. */
  now: Date;
  runId: string;
  /** False in a dry run (and in the check of an atomic run): decide everything, write nothing. */
  write: boolean;
}

export interface BatchResult {
  /** One per row, in order. */
  outcomes: RowOutcome[];
  /**
   * Called once the batch's transaction committed (or, in a dry run, ended): the pass then
   * remembers the rows the batch accepted. A batch that is retried is judged afresh.
   */
  accept(): void;
}

/** Decides (and, when `write`, writes) one batch, in the caller's transaction. */
export type ApplyBatch<Row> = (
  tx: Executor,
  rows: readonly ParsedRow<Row>[],
  context: BatchContext,
) => Promise<BatchResult>;

/**
 * One kind of bulk import (decision 025): its header, the Zod schema of one row (the cells by
 * column, untrimmed), and its batches. `startPass` gives a fresh writer for one pass over the
 * file, which remembers the rows it accepted, so that a duplicate later in the file is judged as
 * the real run would judge it, in a dry run too.
 */
export interface ImportKind<Row> {
  columns: readonly string[];
  row: z.ZodType<Row>;
  startPass(): ApplyBatch<Row>;
}

/**
 * The cell errors of a failed Zod parse, by column. A row schema gives catalogue keys as its
 * messages (`fieldKey`); a bound the key names (`{max}`) is read from the issue, so that one key
 * serves every column's limit.
 */
export function cellErrors(error: z.ZodError): CellError[] {
  return error.issues.map((issue) => {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    if (!isMessageKey(issue.message)) {
      return { field, message: issue.message };
    }
    const params: Record<string, number> = issue.code === 'too_big' ? { max: Number(issue.maximum) } : {};
    return cellError(field, issue.message, params);
  });
}
