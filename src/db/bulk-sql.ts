import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './connection.js';

/** Rows of a raw `execute`: both drivers answer `{ rows }`. */
const rowsOf = (result: unknown): Record<string, unknown>[] => (result as { rows: Record<string, unknown>[] }).rows;

const quoted = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Inserts many rows in one statement with one parameter: the rows as a JSON array, turned back
 * into typed records by `jsonb_to_recordset` (decision 025). Drizzle's multi-row `values()` builds
 * and binds one parameter per cell, which for a batch of a bulk import (thousands of rows with
 * JSON audit payloads) took most of the time in JavaScript; PostgreSQL parses one JSON document
 * in C. Works the same on PostgreSQL and PGlite. Every row gives the same columns (those of the
 * first row, `undefined` left out so that the column's default applies; a property another row
 * lacks is NULL there); the answer has the
 * `returning` columns by their property names, as the driver gives them (ids of `bigserial`
 * columns may be strings).
 */
export async function insertMany<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  returning: readonly (keyof T['$inferSelect'] & string)[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) {
    return [];
  }
  const byKey = Object.entries(getTableColumns(table));
  const columns = byKey.filter(([key]) => (rows[0] as Record<string, unknown>)[key] !== undefined);
  // The rows as they are: JSON.stringify writes a Date as its ISO 8601 instant, and the record
  // type names each column by its property, so no row is copied on the way.
  const names = columns.map(([, column]) => quoted(column.name)).join(', ');
  const fields = columns.map(([key]) => quoted(key)).join(', ');
  const types = columns.map(([key, column]) => `${quoted(key)} ${column.getSQLType()}`).join(', ');
  const returned = returning.map((key) => {
    const column = byKey.find(([k]) => k === key)?.[1];
    if (!column) {
      throw new Error(`${getTableName(table)} has no column ${key}`);
    }
    return `${quoted(column.name)} as ${quoted(key)}`;
  });
  const statement = sql.join([
    sql.raw(`insert into ${quoted(getTableName(table))} (${names}) select ${fields} from jsonb_to_recordset(`),
    sql`${JSON.stringify(rows)}::jsonb`,
    sql.raw(`) as r(${types})${returned.length > 0 ? ` returning ${returned.join(', ')}` : ''}`),
  ]);
  return rowsOf(await db.execute(statement));
}

/**
 * `column = any(<the values>)` with the values as ONE JSON parameter (the batches of a bulk
 * import look up a thousand keys at a time): Drizzle's `inArray` binds one parameter each, and
 * building them cost more than the query. Still an index scan on `column` (`= any(array)`).
 */
export function inJsonList(column: AnyPgColumn, values: readonly string[]): SQL {
  const type = column.getSQLType();
  return sql`${column} = any(array(select value::${sql.raw(type)} from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;
}
