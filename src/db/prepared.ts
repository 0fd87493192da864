import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './connection.js';

/**
 * Hot-path statements built ONCE and run as named statements (issue 8, decision 012).
 *
 * The CPU profile of the lifecycle bench server put about a third of its time in Drizzle's query
 * building (`is()` walking prototype chains for every SQL chunk), for SQL whose text never
 * changes between requests. Drizzle's answer is a prepared query with placeholders; but a
 * Drizzle prepared query is bound to the session it was built on, and each transaction has its
 * own. So the query is built and prepared once, on the first executor, and each run borrows it
 * with the executor's own driver client (`session.client`: the pool, a pooled connection in a
 * transaction, or PGlite). On PostgreSQL the statement name makes each connection parse and plan
 * it once; PGlite ignores it.
 */

/** A placeholder for the value `name` of a prepared statement. */
export type Param = (name: string) => SQL;
export const param: Param = (name) => sql`${sql.placeholder(name)}`;

interface DrizzleInternals {
  session: {
    client: unknown;
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      isResponseInArrayMode: boolean,
    ): RunnablePrepared;
  };
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
}

interface RunnablePrepared {
  execute(values?: Record<string, unknown>): Promise<unknown>;
}

/** PostgreSQL truncates statement names at 63 bytes: a short digest of the key never collides there. */
function statementName(key: string): string {
  return `saps_${createHash('sha1').update(key).digest('hex').slice(0, 20)}`;
}

function bind<P extends RunnablePrepared>(prepared: P, executor: Executor): P {
  const client = (executor as unknown as DrizzleInternals).session.client;
  return Object.create(prepared, { client: { value: client } }) as P;
}

/**
 * A statement whose text is constant for `key`: `build` runs once (with `param` placeholders),
 * then every call fills in `values` and runs it on `executor`. Returns what `execute` returns.
 */
export function runPreparedSql(
  executor: Executor,
  key: string,
  build: (p: Param) => SQL,
  values: Record<string, unknown>,
): Promise<unknown> {
  const cacheKey = engineKey(executor, key);
  let prepared = statements.get(cacheKey) as RunnablePrepared | undefined;
  if (!prepared) {
    const internals = executor as unknown as DrizzleInternals;
    prepared = internals.session.prepareQuery(
      internals.dialect.sqlToQuery(build(param)),
      undefined,
      statementName(key),
      false,
    );
    statements.set(cacheKey, prepared);
  }
  return bind(prepared, executor).execute(values);
}

/**
 * A Drizzle query builder (select with its result mapping) whose shape is constant for `key`:
 * built and prepared once, then run with `values` on `executor`.
 */
export function runPreparedQuery<R>(
  executor: Executor,
  key: string,
  build: (
    db: Executor,
    p: Param,
  ) => { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } },
  values: Record<string, unknown>,
): Promise<R> {
  const cacheKey = engineKey(executor, key);
  let prepared = statements.get(cacheKey) as { execute(values?: Record<string, unknown>): Promise<R> } | undefined;
  if (!prepared) {
    prepared = build(executor, param).prepare(statementName(key));
    statements.set(cacheKey, prepared);
  }
  return bind(prepared, executor).execute(values);
}

// One cache per process and engine (each engine's driver has its own prepared-query class): the
// statements' texts depend on the code only, never on the database.
const statements = new Map<string, unknown>();

function engineKey(executor: Executor, key: string): string {
  return `${(executor as unknown as DrizzleInternals).session.constructor.name}:${key}`;
}
