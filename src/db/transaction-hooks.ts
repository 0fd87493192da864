import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Executor } from './connection.js';

/**
 * Work that must commit or roll back with a request's change, without the use case knowing:
 * the stored answer of an `Idempotency-Key` request (decision 013). A request opens a scope;
 * its first top-level transaction runs the hook after the use case's work, before COMMIT.
 */
export interface TransactionHook {
  beforeCommit(tx: Executor, result: unknown): Promise<void>;
}

interface Scope {
  hook: TransactionHook | null;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` (and everything it continues into) in a fresh scope. */
export function runInTransactionScope<T>(fn: () => T): T {
  return scopes.run({ hook: null }, fn);
}

/** Sets the hook of the current scope's next top-level transaction (no-op outside a scope). */
export function setTransactionHook(hook: TransactionHook | null): void {
  const scope = scopes.getStore();
  if (scope) {
    scope.hook = hook;
  }
}

/** Makes `db.transaction` run the current scope's hook, once, inside the first transaction. */
export function hookTransactions(db: Database): Database {
  const original = db.transaction.bind(db);
  const transaction = (async (
    work: (tx: Parameters<Parameters<Database['transaction']>[0]>[0]) => Promise<unknown>,
    config?: unknown,
  ) => {
    const scope = scopes.getStore();
    const hook = scope?.hook ?? null;
    if (scope) {
      scope.hook = null;
    }
    return original(
      async (tx) => {
        const result = await work(tx);
        if (hook) {
          await hook.beforeCommit(tx, result);
        }
        return result;
      },
      config as Parameters<Database['transaction']>[1],
    );
  }) as Database['transaction'];
  db.transaction = transaction;
  return db;
}
