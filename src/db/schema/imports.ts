import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A catalogue message as stored: `key` a string, since a later version may no longer have it. */
export interface StoredMessage {
  key: string;
  params: Readonly<Record<string, string | number | readonly string[]>>;
  parts?: Readonly<Record<string, readonly StoredMessage[]>>;
}

export const importKinds = ['agreements', 'competencies'] as const;
export const importStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;

/**
 * One row error of an import report: the line in the file (the header is row 1). Stored with
 * its catalogue key and params (decision 028) so that the report is read in the reader's
 * language; `message` is the English text (all a run written before keys has).
 */
export interface ImportRowError {
  row: number;
  /** The column at fault; null when the row as a whole is (a wrong number of columns). */
  field: string | null;
  message: string;
  messageKey?: string;
  params?: Readonly<Record<string, string | number | readonly string[]>>;
}

/**
 * A bulk import run (issue 11, decision 025): its progress and report live here, so that any
 * app process can answer `GET /imports/{id}` while the one that runs it writes a batch at a time.
 */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: importKinds }).notNull(),
    dryRun: boolean('dry_run').notNull(),
    atomic: boolean('atomic').notNull(),
    status: text('status', { enum: importStatuses }).notNull(),
    fileName: text('file_name').notNull(),
    /** sha256 of the file's bytes: which file a run read (re-runs of one file share it). */
    fileSha256: text('file_sha256').notNull(),
    /** Data rows of the file (blank lines are not rows), counted before the run starts. */
    rowsTotal: integer('rows_total').notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    created: integer('created').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The first row errors (at most `maxReportedErrors`); `rejected` counts them all. */
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    /** Why a failed run failed, in English words; null otherwise. */
    detail: text('detail'),
    /**
     * The same as a catalogue message (decision 028), `{key, params, parts?}`, so that the
     * report reads in the reader's language; null for a run stored before it existed.
     */
    detailMessage: jsonb('detail_message').$type<StoredMessage>(),
    /** Who started it; null for the command line (the system), as in the audit log. */
    actorId: uuid('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Real time of the last batch written: a run that stops moving was interrupted. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_runs_created_idx').on(t.createdAt, t.id)],
);
