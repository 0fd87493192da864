import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { importRuns } from '../../db/schema/index.js';
import { fieldError, refusal, type DomainError } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import { systemUserId, type Actor, type AppContext } from '../context.js';
import { checkCsv } from './csv-reader.js';
import { presentImportRun, type ImportKindName, type ImportRunView } from './import-runs.js';
import { importKinds, runImport, type RunOptions } from './run-import.js';

/** The bounds of one import file (issue 11, "bad input"); `AppContext.importLimits` lowers them in tests. */
export const defaultImportLimits = {
  /** 1,000,000 agreement rows of about 100 bytes fit. */
  maxBytes: 128 * 1024 * 1024,
  maxRows: 1_000_000,
};

export function importLimitsOf(ctx: AppContext): typeof defaultImportLimits {
  return { ...defaultImportLimits, ...ctx.importLimits };
}

/** Operators import (api.md): the operator admin, who alone creates agreements and records competencies. */
export function authoriseImport(actor: Actor): void {
  requireRole(actor, 'operator_admin');
}

export const tooLarge = (maxBytes: number): DomainError =>
  refusal(
    'validation-failed',
    'import.tooLarge',
    { maxMiB: maxBytes / 1024 / 1024 },
    { errors: [fieldError('body.file', 'field.fileTooLarge')] },
  );

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export interface StartImportInput {
  kind: ImportKindName;
  dryRun: boolean;
  atomic: boolean;
  /** As the person named it (shown in the report). */
  fileName: string;
  /** The file on disk: the route's spooled upload, or the command line's file. Kept until `finished` settles. */
  path: string;
}

/**
 * `POST /imports` and `saps import` (api.md, "Imports"; decision 025). Everything that can make
 * the whole file wrong is checked first, reading it once, before any row is written: the size,
 * the header, the encoding (UTF-8), the CSV syntax and the number of rows; each is a 400
 * `validation-failed` naming the problem. Then the run is recorded (`queued`, with its number of
 * rows) and starts on the next turn of the event loop; `finished` settles with its final state.
 */
export async function startImport(
  ctx: AppContext,
  actor: Actor,
  input: StartImportInput,
  options: RunOptions = {},
): Promise<{ run: ImportRunView; finished: Promise<ImportRunView> }> {
  authoriseImport(actor);
  const limits = importLimitsOf(ctx);
  if ((await stat(input.path)).size > limits.maxBytes) {
    throw tooLarge(limits.maxBytes);
  }
  const kind = importKinds[input.kind];
  const source = { path: input.path };
  const rowsTotal = await checkCsv(source, { columns: kind.columns, path: 'body.file', maxRows: limits.maxRows });
  const fileSha256 = await sha256Of(input.path);
  const now = ctx.clock.now();
  // A transaction of its own: with an Idempotency-Key, the 202 answer ({id, status}) is stored with it.
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(importRuns)
      .values({
        kind: input.kind,
        dryRun: input.dryRun,
        atomic: input.atomic,
        status: 'queued',
        // Shown in the report only: control characters (a NUL would not even store) are dropped.
        fileName: input.fileName.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'import.csv',
        fileSha256,
        rowsTotal,
        // The command line is the system, as in the audit log.
        actorId: actor.userId === systemUserId ? null : actor.userId,
        createdAt: now,
        updatedAt: ctx.realClock.now(),
      })
      .returning();
    return inserted!;
  });
  const finished = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
    runImport(ctx, actor, row, source, options),
  );
  return { run: presentImportRun(row, ctx.realClock.now()), finished };
}
