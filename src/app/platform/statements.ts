import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * Pieces of hand-written statements that persist a whole change at once (data-modifying CTEs:
 * the conditional update, the audit record and the domain events in one round trip; issue 8).
 * Values are encoded by their column, as Drizzle's builders would (instants, arrays, JSON), and
 * cast to the column's type, so that both engines read them the same way.
 */

/** The column's type for a cast: serial types are plain integers once stored. */
function castType(column: PgColumn): string {
  const type = column.getSQLType();
  return type === 'bigserial' ? 'bigint' : type === 'serial' ? 'integer' : type;
}

/** `value` as a parameter of `column`'s type. */
export function typedValue(column: PgColumn, value: unknown): SQL {
  return sql`${sql.param(value, column)}::${sql.raw(castType(column))}`;
}

function columnsOf(table: PgTable): Record<string, PgColumn> {
  return getTableColumns(table);
}

function column(table: PgTable, key: string): PgColumn {
  const found = columnsOf(table)[key];
  if (!found) {
    throw new Error(`no column ${key}`);
  }
  return found;
}

/** `col = value, …` for an UPDATE, from the JS field names of `table`. */
export function setClause<T extends PgTable>(table: T, changes: Partial<T['$inferSelect']>): SQL {
  return sql.join(
    Object.entries(changes).map(([key, value]) => {
      const target = column(table, key);
      return sql`${sql.identifier(target.name)} = ${typedValue(target, value)}`;
    }),
    sql`, `,
  );
}

/**
 * `insert into table (…) select … [where exists (when)]` for rows given by JS field names (all
 * rows with the first row's fields). With `when`, the rows are written only if that query
 * returns a row: the audit record and events of a conditional update that lost no race.
 */
export function insertRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], when?: SQL): SQL {
  const keys = Object.keys(rows[0] ?? {});
  const targets = keys.map((key) => column(table, key));
  const values = sql.join(
    rows.map(
      (row) =>
        sql`(${sql.join(
          targets.map((target, i) => typedValue(target, (row as Record<string, unknown>)[keys[i]!] ?? null)),
          sql`, `,
        )})`,
    ),
    sql`, `,
  );
  const names = sql.join(
    targets.map((target) => sql.identifier(target.name)),
    sql`, `,
  );
  const guard = when ? sql` where exists (${when})` : sql``;
  return sql`insert into ${table} (${names}) select * from (values ${values}) as v${guard}`;
}
