import { eq } from 'drizzle-orm';
import { partnerCompetencies } from '../../db/schema/index.js';
import { DomainError, fieldError, fieldMessage } from '../../domain/errors.js';
import { msg, render, type Message } from '../../domain/messages.js';
import type { CompetencyLevel } from '../../domain/eligibility.js';
import type { Language } from '../../domain/notice-format.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { readCsv, type CsvRecord } from '../imports/csv-reader.js';
import {
  competencyProblems,
  competencyProblemsText,
  insertCompetencies,
  type CompetencyInput,
} from './add-competency.js';
import { loadVisiblePartner, requireOperatorAdmin } from './partner-access.js';

export const competencyCsvColumns = ['name', 'level', 'validFrom', 'validUntil'] as const;
export const maxImportRows = 5000;

export interface SkippedRow {
  /** The line in the file: the header is row 1, the first competency row 2. */
  row: number;
  /** In English (the audit record keeps it); the route answers `text` in the reader's language. */
  reason: string;
  /** The reason as a catalogue message (decision 028). */
  text?: Message;
}

/**
 * A skipped row with its reason from the catalogue. `text` is not enumerable, as a field
 * error's is: the row still compares and is recorded in the audit log as `{row, reason}`.
 */
export function skippedRow(row: number, text: Message): SkippedRow {
  return Object.defineProperty({ row, reason: render(text, 'en') }, 'text', { value: text, enumerable: false });
}

/** The report's reasons in `language` (the answer of `POST /partners/{id}/competencies/import`). */
export function localisedSkipped(skipped: readonly SkippedRow[], language: Language): SkippedRow[] {
  return skipped.map((s) => ({ row: s.row, reason: s.text ? render(s.text, language) : s.reason }));
}

export interface ImportReport {
  mode: 'atomic' | 'partial';
  imported: number;
  skipped: SkippedRow[];
}

/** One competency, whatever the case and spaces of its name: what makes a row a duplicate. */
export function sameCompetency(a: CompetencyInput, b: CompetencyInput): boolean {
  return (
    a.name.trim().toLowerCase() === b.name.trim().toLowerCase() &&
    a.level === b.level &&
    a.validFrom === b.validFrom &&
    a.validUntil === b.validUntil
  );
}

/** The rows of the file, read with the shared CSV reader. */
async function readRecords(csv: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsv({ text: csv }, { columns: competencyCsvColumns, path: 'body.csv' })) {
    records.push(record);
    if (records.length > maxImportRows) {
      throw new DomainError('validation-failed', msg('import.atMostRows', { max: maxImportRows }), {
        errors: [fieldError('body.csv', 'csv.tooManyRowsField', { max: maxImportRows })],
      });
    }
  }
  return records;
}

/** Judges each row; a bad row is reported with its reason instead of stopping the file. */
function judgeRows(
  records: readonly CsvRecord[],
  existing: CompetencyInput[],
): { good: CompetencyInput[]; skipped: SkippedRow[] } {
  const good: CompetencyInput[] = [];
  const goodRows: number[] = [];
  const skipped: SkippedRow[] = [];
  for (const { row, cells } of records) {
    if (cells.length !== competencyCsvColumns.length) {
      skipped.push(
        skippedRow(row, msg('import.columnCount', { expected: competencyCsvColumns.length, found: cells.length })),
      );
      continue;
    }
    const [name, level, validFrom, validUntil] = cells.map((c) => c.trim()) as [string, string, string, string];
    const input: CompetencyInput = { name, level: level.toLowerCase() as CompetencyLevel, validFrom, validUntil };
    const problems = competencyProblems(input);
    if (problems.length > 0) {
      skipped.push(skippedRow(row, competencyProblemsText(problems)));
      continue;
    }
    if (existing.some((e) => sameCompetency(e, input))) {
      skipped.push(skippedRow(row, msg('import.alreadyHeld')));
      continue;
    }
    const earlier = good.findIndex((g) => sameCompetency(g, input));
    if (earlier >= 0) {
      skipped.push(skippedRow(row, msg('import.duplicateRow', { row: goodRows[earlier]! })));
      continue;
    }
    good.push(input);
    goodRows.push(row);
  }
  return { good, skipped };
}

/**
 * CSV import of competencies by the operator (issue 4): validated row by row. `atomic` imports
 * nothing when any row is bad and refuses with every bad row listed; `partial` imports the
 * good rows and reports the skipped ones with their reason.
 */
export async function importCompetencies(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { csv: string; mode: 'atomic' | 'partial' },
): Promise<ImportReport> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadVisiblePartner(tx, actor, partnerId);
    requireOperatorAdmin(actor);
    // Read after the checks, as before: a refused caller learns nothing of the file (≤ 500,000 characters).
    const records = await readRecords(input.csv);
    const existing = await tx.select().from(partnerCompetencies).where(eq(partnerCompetencies.partnerId, partnerId));
    const { good, skipped } = judgeRows(
      records,
      existing.map((e) => ({ ...e, level: e.level })),
    );
    if (input.mode === 'atomic' && skipped.length > 0) {
      throw new DomainError('validation-failed', msg('import.atomicRefused', { count: skipped.length }), {
        errors: skipped.map((s) =>
          s.text ? fieldMessage(`body.csv.row${s.row}`, s.text) : { path: `body.csv.row${s.row}`, message: s.reason },
        ),
      });
    }
    const imported = await insertCompetencies(
      tx,
      good.map((competency) => ({ partnerId, input: competency })),
      now,
    );
    const report: ImportReport = { mode: input.mode, imported: imported.length, skipped };
    if (imported.length > 0) {
      await recordAudit(tx, {
        at: now,
        actorId: actor.userId,
        organizationIds: [partnerId],
        action: 'competencies.imported',
        entityType: 'partner',
        entityId: partnerId,
        before: null,
        after: { imported, skipped },
      });
    }
    return report;
  });
}
