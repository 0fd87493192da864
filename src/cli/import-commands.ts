import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { systemActor, type AppContext } from '../app/context.js';
import { agreementColumns } from '../app/imports/import-agreements.js';
import { partnerCompetencyColumns } from '../app/imports/import-partner-competencies.js';
import type { ImportRunView } from '../app/imports/import-runs.js';
import { defaultImportLimits, startImport } from '../app/imports/start-import.js';
import { ensureOperatorOrganization } from '../app/seed/seed-operator.js';
import { DomainError } from '../domain/errors.js';
import type { Command } from './commands.js';
import { openRuntime } from './runtime.js';
import type { CommandOutcome } from './user-commands.js';

type Values = Record<string, string | boolean | string[] | undefined>;

const kinds = ['agreements', 'competencies'] as const;
type Kind = (typeof kinds)[number];

const help = `Usage: saps import agreements|competencies FILE.csv [--dry-run] [--atomic]

Imports a CSV file (UTF-8, a header row, at most ${defaultImportLimits.maxRows.toLocaleString('en')} rows and
${defaultImportLimits.maxBytes / 1024 / 1024} MiB) with the use case behind POST /api/v1/imports, so the same rules
apply, the same audit records are written (actor: the system) and the run is listed in
GET /api/v1/imports/{id}. A progress bar shows the rows done on a terminal; the report (rows
created, unchanged and rejected, then each rejected row's number, column and reason) follows.

  agreements     header ${agreementColumns.join(',')}
                 Creates the customer (found by customerExternalId) and the agreement (found by
                 program and licensingId) when missing; a new agreement gets one opening accrual of
                 "days" if the program still accrues at the program's current date.
  competencies   header ${partnerCompetencyColumns.join(',')}
                 Gives the named partner the competency unless it holds it with these dates.

Importing a file again changes nothing: its rows count as unchanged.

Options:
  --dry-run      validate every row and report what would happen; write nothing
  --atomic       all or nothing: one bad row and nothing is written

Exit code: 0 when every row was imported or unchanged; 1 when the file was refused, rows were
rejected or the run failed; 2 for bad arguments. With the embedded database, stop the server first.`;

/** The arguments, or the exit-2 answer that says what is wrong with them. */
function importArguments(positionals: readonly string[]): { kind: Kind; file: string } | { problem: CommandOutcome } {
  const [kind, file, ...extra] = positionals;
  const problems: string[] = [];
  if (!kind || !(kinds as readonly string[]).includes(kind)) {
    problems.push(`the first argument must be ${kinds.join(' or ')}`);
  }
  if (!file) {
    problems.push('the CSV file is required');
  } else if (!existsSync(file) || !statSync(file).isFile()) {
    problems.push(`no file at ${file}`);
  }
  if (extra.length > 0) {
    problems.push(`one file per import (also given: ${extra.join(' ')})`);
  }
  if (problems.length > 0 || !file) {
    return { problem: { code: 2, message: `saps import: ${problems.join('; ')}\n\n${help}` } };
  }
  return { kind: kind as Kind, file };
}

export function formatImportReport(run: ImportRunView): string {
  const mode = [run.dryRun ? 'dry run: nothing written' : '', run.atomic ? 'atomic' : ''].filter(Boolean).join(', ');
  const lines = [
    `Import ${run.id} of ${run.kind} from ${run.fileName}${mode ? ` (${mode})` : ''}: ${run.status}.`,
    `  rows ${run.rowsDone} of ${run.rowsTotal}: ${run.created} ${run.dryRun ? 'to create' : 'created'}, ` +
      `${run.unchanged} unchanged, ${run.rejected} rejected`,
  ];
  if (run.detail) {
    lines.push(`  ${run.detail}`);
  }
  for (const error of run.errors) {
    lines.push(`  row ${error.row}${error.field ? `, ${error.field}` : ''}: ${error.message}`);
  }
  if (run.rejected > 0 && run.errors.length < run.rejected) {
    lines.push(`  (the first ${run.errors.length} errors; ${run.rejected} rows were rejected in all)`);
  }
  return lines.join('\n');
}

/**
 * `saps import` without the process around it: the arguments checked, then `startImport`
 * called as the operator's command line (an operator admin that is no user), as the API calls it.
 */
export async function importFromCommandLine(
  ctx: AppContext,
  positionals: readonly string[],
  values: Values,
  options: { onProgress?: (progress: { rowsDone: number; rowsTotal: number }) => void } = {},
): Promise<CommandOutcome & { run?: ImportRunView }> {
  const parsed = importArguments(positionals);
  if ('problem' in parsed) {
    return parsed.problem;
  }
  const operatorOrganizationId = await ctx.db.transaction((tx) => ensureOperatorOrganization(tx, ctx.clock.now()));
  try {
    const started = await startImport(
      ctx,
      systemActor(operatorOrganizationId),
      {
        kind: parsed.kind,
        dryRun: values['dry-run'] === true,
        atomic: values.atomic === true,
        fileName: basename(parsed.file),
        path: resolve(parsed.file),
      },
      { onProgress: options.onProgress },
    );
    const run = await started.finished;
    const clean = run.status === 'succeeded' && run.rejected === 0;
    return { code: clean ? 0 : 1, message: formatImportReport(run), run };
  } catch (error) {
    if (error instanceof DomainError) {
      return { code: 1, message: `saps import: the file is refused: ${error.detail}` };
    }
    throw error;
  }
}

export const importCommand: Command = {
  summary: 'import agreements or competencies from a CSV file (--dry-run, --atomic)',
  help,
  options: { 'dry-run': { type: 'boolean' }, atomic: { type: 'boolean' } },
  positionals: true,
  async run(config, values, positionals) {
    // Bad arguments are answered before the database is opened (and, embedded, locked).
    const parsed = importArguments(positionals);
    if ('problem' in parsed) {
      process.stderr.write(`${parsed.problem.message}\n`);
      return parsed.problem.code;
    }
    const runtime = await openRuntime(config);
    // On a terminal only (cli-progress writes nothing elsewhere); on stderr, so stdout is the report.
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: '  {bar} {percentage}% | {value}/{total} rows | {duration_formatted}' },
      cliProgress.Presets.shades_classic,
    );
    let barStarted = false;
    try {
      const outcome = await importFromCommandLine(runtime.ctx, positionals, values, {
        onProgress: ({ rowsDone, rowsTotal }) => {
          if (!barStarted) {
            bar.start(rowsTotal, 0);
            barStarted = true;
          }
          bar.update(rowsDone);
        },
      });
      bar.stop();
      barStarted = false;
      // The report is the answer, rows rejected or not; a refusal is an error.
      (outcome.run ? process.stdout : process.stderr).write(`${outcome.message}\n`);
      return outcome.code;
    } finally {
      if (barStarted) {
        bar.stop();
      }
      await runtime.close();
    }
  },
};
