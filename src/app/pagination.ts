import { desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { DomainError, fieldError, refusal } from '../domain/errors.js';

/** Keyset pagination over (createdAt, id), newest first; the cursor is opaque to clients. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorValue {
  at: string;
  id: string;
}

const invalidCursor = (): DomainError =>
  refusal('validation-failed', 'limit.cursor', {}, { errors: [fieldError('query.cursor', 'field.invalidCursor')] });

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Issued cursors carry `toISOString()` output of a row's creation instant; anything else (a
// year PostgreSQL cannot store, a date that does not round-trip) was crafted (issue 9, finding 2).
const issuedInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function parseCursorJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw invalidCursor();
  }
}

export function decodeCursor(cursor: string): CursorValue {
  const value = parseCursorJson(cursor) as Partial<CursorValue> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.at !== 'string' ||
    typeof value.id !== 'string' ||
    !uuidPattern.test(value.id) ||
    !issuedInstant.test(value.at) ||
    Number.isNaN(Date.parse(value.at)) ||
    new Date(value.at).toISOString() !== value.at
  ) {
    throw invalidCursor();
  }
  return { at: value.at, id: value.id };
}

/** Offsets stay far below what PostgreSQL's bigint OFFSET takes (the directory is small). */
export const maxCursorOffset = 1_000_000;

/** An offset cursor (the partner directory, ranked by relevance): `{"offset": n}`. */
export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) {
    return 0;
  }
  const value = parseCursorJson(cursor) as { offset?: unknown } | null;
  const offset = typeof value === 'object' && value !== null ? value.offset : undefined;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || offset > maxCursorOffset) {
    throw invalidCursor();
  }
  return offset;
}

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id }), 'utf8').toString('base64url');
}

/** The WHERE part that continues after a cursor, or undefined on the first page. */
export function afterCursor(page: PageRequest, createdAt: PgColumn, id: PgColumn): SQL | undefined {
  if (!page.cursor) {
    return undefined;
  }
  const { at, id: lastId } = decodeCursor(page.cursor);
  // A row comparison, not `a < x or (a = x and b < y)`: PostgreSQL turns it into an index
  // range on (created_at, id), so each page costs its own rows, not a scan of the ones before
  // it (an export walks a million rows page by page: bench/export-csv.ts).
  return sql`(${createdAt}, ${id}) < (${new Date(at).toISOString()}::timestamptz, ${lastId})`;
}

export function newestFirst(createdAt: PgColumn, id: PgColumn): SQL[] {
  return [desc(createdAt), desc(id)];
}

/**
 * Pagination of append-only tables keyed by a serial id (ledger, audit), newest first: the
 * cursor is the last id seen. Returns the id to continue below, or undefined on the first page.
 */
export function beforeIdCursor(page: PageRequest): number | undefined {
  if (!page.cursor) {
    return undefined;
  }
  const before = /^[1-9]\d{0,15}$/.test(page.cursor) ? Number(page.cursor) : Number.NaN;
  if (!Number.isSafeInteger(before)) {
    throw invalidCursor();
  }
  return before;
}

/** Give the query `limit + 1` rows ordered by id descending; this trims and builds the cursor. */
export function toIdPage<R extends { id: number }, T>(rows: R[], page: PageRequest, present: (row: R) => T): Page<T> {
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  return { items: items.map(present), nextCursor: hasMore ? String(items.at(-1)!.id) : null };
}

/** Give the query `limit + 1` rows; this trims and builds the next cursor. */
export function toPage<R extends { createdAt: Date; id: string }, T>(
  rows: R[],
  page: PageRequest,
  present: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor: hasMore && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
