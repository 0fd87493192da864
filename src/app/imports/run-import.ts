import type { Executor } from '../../db/connection.js';
import { runInTransactionScope } from '../../db/transaction-hooks.js';
import { isDomainError } from '../../domain/errors.js';
import { msg, render, type Message } from '../../domain/messages.js';
import type { Actor, AppContext } from '../context.js';
import { isUniqueViolation } from '../payments/payment-store.js';
import { readCsv, type CsvRecord, type CsvSource } from './csv-reader.js';
import { agreementImport } from './import-agreements.js';
import {
  cellError,
  cellErrors,
  type ApplyBatch,
  type BatchResult,
  type CellError,
  type ImportKind,
  type ParsedRow,
  type RowOutcome,
} from './import-kind.js';
import { partnerCompetencyImport } from './import-partner-competencies.js';
import {
  addBatchProgress,
  loadImportRun,
  storedRowError,
  maxReportedErrors,
  presentImportRun,
  setRunState,
  type BatchTally,
  type ImportKindName,
  type ImportRowError,
  type ImportRunRow,
  type ImportRunView,
} from './import-runs.js';

/** Every kind of bulk import, by the `kind` of `POST /imports`. */
export const importKinds: Record<ImportKindName, ImportKind<unknown>> = {
  agreements: agreementImport as ImportKind<unknown>,
  competencies: partnerCompetencyImport as ImportKind<unknown>,
};

/**
 * Rows per batch (decision 025): each batch is a handful of statements (two or three reads, one
 * multi-row insert per table, the audit records, the progress) in one short transaction. Measured
 * with `bench/import.ts`; at most 5,000 so that no insert passes PostgreSQL's 65,535 parameters.
 */
export const defaultBatchSize = 1000;

export interface RunOptions {
  /** Aborted: the run stops after the batch in progress and fails as interrupted (a server shutdown). */
  signal?: AbortSignal | undefined;
  /** After each batch (the command line's progress bar). */
  onProgress?: ((progress: { rowsDone: number; rowsTotal: number }) => void) | undefined;
  batchSize?: number | undefined;
}

class Interrupted extends Error {}

/** An atomic run found a bad row while writing (the data changed since its check): roll everything back. */
class AtomicRefusal extends Error {
  constructor(
    readonly errors: ImportRowError[],
    readonly rejected: number,
  ) {
    super('atomic import refused');
  }
}

interface Totals {
  rows: number;
  created: number;
  unchanged: number;
  rejected: number;
  errors: ImportRowError[];
}

const noTotals = (): Totals => ({ rows: 0, created: 0, unchanged: 0, rejected: 0, errors: [] });

/** A batch with the shared checks and the row schema done: what is left needs the database. */
interface ParsedBatch {
  valid: ParsedRow<unknown>[];
  /** Rows refused by the checks or the schema, with their outcome. */
  refused: { row: number; outcome: RowOutcome }[];
}

function parseBatch(kind: ImportKind<unknown>, records: readonly CsvRecord[]): ParsedBatch {
  const batch: ParsedBatch = { valid: [], refused: [] };
  for (const record of records) {
    const parsed = parseRecord(kind, record);
    if ('errors' in parsed) {
      batch.refused.push({ row: record.row, outcome: { result: 'rejected', errors: parsed.errors } });
    } else {
      batch.valid.push({ row: record.row, value: parsed.value });
    }
  }
  return batch;
}

async function* parsedBatches(
  kind: ImportKind<unknown>,
  records: AsyncIterable<CsvRecord>,
  size: number,
): AsyncGenerator<ParsedBatch> {
  let batch: CsvRecord[] = [];
  for await (const record of records) {
    batch.push(record);
    if (batch.length >= size) {
      yield parseBatch(kind, batch);
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield parseBatch(kind, batch);
  }
}

/**
 * The file's batches, read one ahead: the next batch is parsed and validated (CSV, Zod) while
 * the database writes the current one, so the two processes work at once instead of in turn.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) {
        return;
      }
      next = iterator.next();
      // Awaited on the next turn; until then its failure must not count as unhandled.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.(undefined);
  }
}

/**
 * One pass over the file: its batches, parsed and read one ahead, ending with `Interrupted`
 * between two batches once the run is asked to stop (a shutdown).
 */
async function* passBatches(
  kind: ImportKind<unknown>,
  source: CsvSource,
  options: RunOptions,
): AsyncGenerator<ParsedBatch> {
  const records = readCsv(source, { columns: kind.columns, path: 'body.file' });
  for await (const batch of readAhead(parsedBatches(kind, records, options.batchSize ?? defaultBatchSize))) {
    if (options.signal?.aborted) {
      throw new Interrupted();
    }
    yield batch;
  }
}

/**
 * The checks every kind shares, before its own rules: the number of cells, no NUL character
 * (PostgreSQL stores none), then the kind's Zod schema of a row, cell by cell.
 */
function parseRecord(kind: ImportKind<unknown>, record: CsvRecord): { value: unknown } | { errors: CellError[] } {
  const { columns } = kind;
  if (record.cells.length !== columns.length) {
    return {
      errors: [
        cellError(null, 'import.cellCount', {
          expected: columns.length,
          columns: columns.join(','),
          found: record.cells.length,
        }),
      ],
    };
  }
  const values: Record<string, string> = {};
  const errors: CellError[] = [];
  columns.forEach((column, i) => {
    const cell = record.cells[i]!;
    values[column] = cell;
    if (cell.includes('\u0000')) {
      errors.push(cellError(column, 'request.nul'));
    }
  });
  if (errors.length > 0) {
    return { errors };
  }
  const parsed = kind.row.safeParse(values);
  if (!parsed.success) {
    return { errors: cellErrors(parsed.error) };
  }
  return { value: parsed.data };
}

/** Judges (and, when `write`, writes) one batch in `tx`; the outcomes are in file order. */
async function applyBatch(
  tx: Executor,
  apply: ApplyBatch<unknown>,
  batch: ParsedBatch,
  context: { actor: Actor; now: Date; runId: string; write: boolean },
): Promise<{ result: BatchResult; outcomes: { row: number; outcome: RowOutcome }[] }> {
  const { valid } = batch;
  const result = valid.length > 0 ? await apply(tx, valid, context) : { outcomes: [], accept: () => undefined };
  const outcomes = [...batch.refused];
  valid.forEach((row, i) => outcomes.push({ row: row.row, outcome: result.outcomes[i]! }));
  outcomes.sort((a, b) => a.row - b.row);
  return { result, outcomes };
}

function tallyOf(outcomes: readonly { row: number; outcome: RowOutcome }[], roomForErrors: number): BatchTally {
  const tally: BatchTally = { rows: outcomes.length, created: 0, unchanged: 0, rejected: 0, errors: [] };
  for (const { row, outcome } of outcomes) {
    tally[outcome.result] += 1;
    if (outcome.result === 'rejected') {
      for (const error of outcome.errors) {
        if (tally.errors.length < roomForErrors) {
          tally.errors.push(storedRowError(row, error));
        }
      }
    }
  }
  return tally;
}

function addTally(totals: Totals, tally: BatchTally): void {
  totals.rows += tally.rows;
  totals.created += tally.created;
  totals.unchanged += tally.unchanged;
  totals.rejected += tally.rejected;
  totals.errors.push(...tally.errors);
}

/** A batch that lost a race for a new customer or licensing ID (another import, the API) is judged again. */
const lostRace = (error: unknown): boolean =>
  isUniqueViolation(error, 'agreements_program_licensing_key') ||
  isUniqueViolation(error, 'organizations_kind_external_id_key');

/**
 * One pass over the file, a transaction per batch, each with its progress (so a poll sees what
 * committed, and a crash keeps every batch written before). `write: false` is a dry run.
 */
async function passInBatches(
  ctx: AppContext,
  actor: Actor,
  run: ImportRunRow,
  source: CsvSource,
  write: boolean,
  options: RunOptions,
): Promise<Totals> {
  const kind = importKinds[run.kind];
  const apply = kind.startPass();
  const totals = noTotals();
  for await (const batch of passBatches(kind, source, options)) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { result, tally } = await ctx.db.transaction(async (tx) => {
          const { result, outcomes } = await applyBatch(tx, apply, batch, {
            actor,
            now: ctx.clock.now(),
            runId: run.id,
            write,
          });
          const tally = tallyOf(outcomes, maxReportedErrors - totals.errors.length);
          await addBatchProgress(tx, run.id, tally, ctx.realClock.now());
          return { result, tally };
        });
        result.accept();
        addTally(totals, tally);
        break;
      } catch (error) {
        if (attempt >= 3 || !lostRace(error)) {
          throw error;
        }
      }
    }
    options.onProgress?.({ rowsDone: totals.rows, rowsTotal: run.rowsTotal });
  }
  return totals;
}

/**
 * The write of an atomic run, after its check found no bad row: every batch in ONE transaction
 * with the run's final state, so the file is written whole or not at all. A row found bad now
 * (the data changed since the check) rolls it all back. Progress is not visible meanwhile: it
 * would need a second connection, which the embedded engine does not have.
 */
async function writeAtomically(
  ctx: AppContext,
  actor: Actor,
  run: ImportRunRow,
  source: CsvSource,
  options: RunOptions,
): Promise<void> {
  const kind = importKinds[run.kind];
  await ctx.db.transaction(async (tx) => {
    const apply = kind.startPass();
    const totals = noTotals();
    for await (const batch of passBatches(kind, source, options)) {
      const { result, outcomes } = await applyBatch(tx, apply, batch, {
        actor,
        now: ctx.clock.now(),
        runId: run.id,
        write: true,
      });
      const tally = tallyOf(outcomes, maxReportedErrors);
      if (tally.rejected > 0) {
        throw new AtomicRefusal(tally.errors, tally.rejected);
      }
      result.accept();
      addTally(totals, tally);
    }
    await setRunState(
      tx,
      run.id,
      {
        status: 'succeeded',
        rowsDone: totals.rows,
        created: totals.created,
        unchanged: totals.unchanged,
        rejected: 0,
        errors: [],
        finishedAt: ctx.clock.now(),
      },
      ctx.realClock.now(),
    );
  });
}

/** A failed run's state: why, in English and as the catalogue message the report is read in (decision 028). */
const failed = (text: Message) => ({ status: 'failed' as const, detail: render(text, 'en'), detailMessage: text });

/**
 * Runs an import that `startImport` created (decision 025), to its end: `succeeded` (with its
 * rejected rows, unless atomic) or `failed` with the reason in `detail`. Never throws for the
 * import's own failures: they are the run's state.
 */
export async function runImport(
  ctx: AppContext,
  actor: Actor,
  run: ImportRunRow,
  source: CsvSource,
  options: RunOptions = {},
): Promise<ImportRunView> {
  // Not part of the request that started it: no Idempotency-Key hook may reach its transactions.
  return runInTransactionScope(async () => {
    const finish = (state: Parameters<typeof setRunState>[2]) =>
      setRunState(ctx.db, run.id, { finishedAt: ctx.clock.now(), ...state }, ctx.realClock.now());
    await setRunState(ctx.db, run.id, { status: 'running' }, ctx.realClock.now());
    try {
      if (!run.atomic || run.dryRun) {
        await passInBatches(ctx, actor, run, source, !run.dryRun, options);
        await finish({ status: 'succeeded' });
      } else {
        const check = await passInBatches(ctx, actor, run, source, false, options);
        if (check.rejected > 0) {
          await finish(failed(msg('import.atomicRefused', { count: check.rejected })));
        } else {
          await writeAtomically(ctx, actor, run, source, options);
        }
      }
    } catch (error) {
      const done = (await loadImportRun(ctx.db, run.id))?.rowsDone ?? 0;
      if (error instanceof AtomicRefusal) {
        await finish({ ...failed(msg('import.atomicChanged')), errors: error.errors, rejected: error.rejected });
      } else if (error instanceof Interrupted) {
        const key = run.dryRun || run.atomic ? 'import.interruptedNothingWritten' : 'import.interruptedKept';
        await finish(failed(msg(key, { rows: done })));
      } else if (isDomainError(error)) {
        // The file changed under the run since its check (its header, its encoding).
        const reason: Message = error.text ?? { key: 'word.translated', params: { text: [error.detail] } };
        await finish(
          failed({ key: 'import.stopped', params: { rows: done, reason: error.detail }, parts: { reason: [reason] } }),
        );
      } else {
        ctx.log.error({ err: error, importId: run.id }, 'import failed');
        await finish(failed(msg(run.dryRun ? 'import.failedDry' : 'import.failed', { rows: done })));
      }
    }
    const final = await loadImportRun(ctx.db, run.id);
    options.onProgress?.({ rowsDone: final!.rowsDone, rowsTotal: final!.rowsTotal });
    return presentImportRun(final!, ctx.realClock.now());
  });
}
