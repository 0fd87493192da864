import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse, type Info } from 'csv-parse';
import { fieldError, refusal, type DomainError } from '../../domain/errors.js';
import type { MessageKey, MessageParams } from '../../domain/messages.js';

/**
 * The one CSV reader of SAPS (issue 11, decision 025): `csv-parse`, streamed, for the bulk
 * imports and the competency import of one partner alike. RFC 4180 (commas, optional double
 * quotes with doubled quotes inside, CRLF or LF), a UTF-8 byte-order mark ignored, blank lines
 * not rows, and row numbers that are the lines a person sees in a spreadsheet (the header is
 * row 1; a quoted field over two lines makes the next row start two lines later).
 */

/** A file on disk (an upload spooled by the route, or the command line's file), or text. */
export type CsvSource = { path: string } | { text: string };

export interface CsvSpec {
  /** The header, in order: matched after trimming, case-insensitively. */
  columns: readonly string[];
  /** Where the problems say the file is: `body.file`, `body.csv`, or a path on the command line. */
  path: string;
}

export interface CsvRecord {
  /** The line the record starts on; the header is row 1. */
  row: number;
  /** The cells as written (not trimmed); as many as the line has, which may not be `columns`. */
  cells: string[];
}

/** A record longer than this is refused: an unclosed quote would otherwise swallow the file. */
export const maxRecordChars = 64 * 1024;

const parserOptions = {
  bom: true,
  // A row with too few or too many cells is that row's error, not the file's (checked by the caller).
  relax_column_count: true,
  // A quote inside an unquoted field is a character (`5" disk`), as spreadsheets write it.
  relax_quotes: true,
  skip_empty_lines: true,
  max_record_size: maxRecordChars,
} as const;

/** A refusal of the whole file: its detail and its field message from the catalogue (decision 028). */
const fileProblem = (spec: CsvSpec, detail: MessageKey, field: MessageKey, params: MessageParams = {}): DomainError =>
  refusal('validation-failed', detail, params, { errors: [fieldError(spec.path, field, params)] });

function countNewlines(bytes: Buffer, end = bytes.length): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) {
    count += 1;
  }
  return count;
}

/**
 * Passes the bytes through unchanged once they are proven UTF-8 (a fatal decoder, streaming, so
 * a character split between two chunks is fine). The first bad byte stops the file with a 400
 * that names its line: a Latin-1 or UTF-16 export would otherwise import mangled names.
 */
function strictUtf8(spec: CsvSpec): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  const notUtf8 = (line: number) => fileProblem(spec, 'csv.notUtf8', 'csv.notUtf8Field', { line });
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        // Where in this chunk: the first replacement character a lenient decoder puts there.
        const lenient = new TextDecoder('utf-8').decode(chunk);
        const at = Math.max(0, lenient.indexOf('\uFFFD'));
        const newlines = lenient.slice(0, at).split('\n').length - 1;
        done(notUtf8(linesBefore + newlines + 1));
        return;
      }
      linesBefore += countNewlines(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      try {
        decoder.decode();
        done();
      } catch {
        done(notUtf8(linesBefore + 1)); // the file ends inside a character
      }
    },
  });
}

function openSource(source: CsvSource, spec: CsvSpec): Readable {
  if ('text' in source) {
    return Readable.from([source.text]);
  }
  const file = createReadStream(source.path);
  const checked = strictUtf8(spec);
  file.on('error', (error) => checked.destroy(error));
  return file.pipe(checked);
}

const sameHeader = (found: readonly string[], columns: readonly string[]): boolean =>
  found.length === columns.length && found.every((cell, i) => cell.trim().toLowerCase() === columns[i]!.toLowerCase());

/** A record of one blank cell is a blank line with spaces in it: not a row either. */
const isBlank = (cells: readonly string[]): boolean => cells.length === 1 && cells[0]!.trim() === '';

/**
 * The records after the header, streamed. A wrong header, bytes that are not UTF-8 and a
 * malformed file (an unclosed quote, a record over `maxRecordChars`) are `validation-failed`
 * problems naming the line; `checkCsv` finds them all before a run starts.
 */
export async function* readCsv(
  source: CsvSource,
  spec: CsvSpec,
  options: { rowNumbers?: boolean } = {},
): AsyncGenerator<CsvRecord> {
  const input = openSource(source, spec);
  // The line numbers come from csv-parse's record info, which costs: the check does without (row 0).
  const rowNumbers = options.rowNumbers ?? true;
  const parser = parse({ ...parserOptions, info: rowNumbers });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  // The line a record starts on: the line after the previous record ended, plus the blank lines between.
  let previous = { lines: 0, emptyLines: 0 };
  let header = true;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info } | string[]>) {
      const { record, info } = Array.isArray(item) ? { record: item, info: undefined } : item;
      const row = info ? previous.lines + 1 + (info.empty_lines - previous.emptyLines) : 0;
      if (info) {
        previous = { lines: info.lines, emptyLines: info.empty_lines };
      }
      if (header) {
        header = false;
        if (!sameHeader(record, spec.columns)) {
          const wanted = spec.columns.join(',');
          throw fileProblem(spec, 'csv.wrongHeader', 'csv.headerField', {
            wanted,
            found: record.join(',').slice(0, 200),
          });
        }
        continue;
      }
      if (isBlank(record)) {
        continue;
      }
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      // The reason is csv-parse's own English sentence, kept as it is in both languages.
      throw line
        ? fileProblem(spec, 'csv.malformedOnLine', 'csv.malformedFieldOnLine', { line, reason: error.message })
        : fileProblem(spec, 'csv.malformed', 'csv.malformedField', { reason: error.message });
    }
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (header) {
    const wanted = spec.columns.join(',');
    throw fileProblem(spec, 'csv.empty', 'csv.headerField', { wanted });
  }
}

/**
 * Reads the whole file once before anything is written (issue 11, "bad input"): the header,
 * the encoding, the CSV syntax and the number of rows. More than `maxRows` data rows stops the
 * reading at once and refuses the file. Answers the number of data rows.
 */
export async function checkCsv(source: CsvSource, spec: CsvSpec & { maxRows: number }): Promise<number> {
  let rows = 0;
  for await (const _record of readCsv(source, spec, { rowNumbers: false })) {
    rows += 1;
    if (rows > spec.maxRows) {
      throw fileProblem(spec, 'csv.tooManyRows', 'csv.tooManyRowsField', { max: spec.maxRows });
    }
  }
  return rows;
}
