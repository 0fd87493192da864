import { desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { DomainError } from '../domain/errors.js';

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

export function decodeCursor(cursor: string): CursorValue {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorValue;
    if (typeof value.at !== 'string' || typeof value.id !== 'string' || Number.isNaN(Date.parse(value.at))) {
      throw new Error('bad cursor');
    }
    return value;
  } catch {
    throw new DomainError('validation-failed', 'the cursor is not one this server issued', {
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
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
  const before = Number(page.cursor);
  if (!Number.isSafeInteger(before)) {
    throw new DomainError('validation-failed', 'the cursor is not one this server issued', {
      errors: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
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
