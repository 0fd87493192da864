import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';

/** A stored response is replayed for 24 hours; after that the key may be used afresh. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;

/**
 * A row without a response is a claim of the code before decision 013 (claimed in its own
 * autocommit): if its process died it would block the key; after this lease it is released.
 * Rows written since always carry their response (written in the change's transaction).
 */
export const idempotencyLeaseMs = 30 * 1000;

export type IdempotencyStart =
  { kind: 'first' } | { kind: 'replay'; statusCode: number; body: string; contentType: string };

export interface IdempotencyKey {
  userId: string;
  key: string;
}

function where(input: IdempotencyKey) {
  return and(eq(idempotencyKeys.userId, input.userId), eq(idempotencyKeys.key, input.key));
}

/**
 * What to do with a keyed request: replay the stored response of the first request with this
 * key, refuse the key reused for another request, or run it (first time, expired or released).
 */
export async function beginIdempotentRequest(
  db: Executor,
  input: IdempotencyKey & { requestHash: string; now: Date },
): Promise<IdempotencyStart> {
  const [row] = await db.select().from(idempotencyKeys).where(where(input));
  if (!row) {
    return { kind: 'first' };
  }
  const age = input.now.getTime() - row.createdAt.getTime();
  const pending = row.statusCode === null || row.responseBody === null;
  if (age > idempotencyRetentionMs || (pending && age > idempotencyLeaseMs)) {
    await db.delete(idempotencyKeys).where(and(where(input), eq(idempotencyKeys.createdAt, row.createdAt)));
    return { kind: 'first' };
  }
  if (row.requestHash !== input.requestHash) {
    throw refusal('idempotency-key-reused', 'idempotency.reused');
  }
  if (pending) {
    throw refusal('concurrent-update', 'idempotency.inProgress');
  }
  return {
    kind: 'replay',
    statusCode: row.statusCode!,
    body: row.responseBody!,
    contentType: row.responseType ?? 'application/json; charset=utf-8',
  };
}

export interface IdempotentResponse extends IdempotencyKey {
  requestHash: string;
  statusCode: number;
  body: string;
  contentType: string;
  now: Date;
}

/**
 * Stores the response with the key. Inside the change's transaction (decision 013) the row
 * commits if and only if the change does; a concurrent request with the same key waits on the
 * primary key here and, once the first commits, is refused and rolled back — its answer is then
 * the first one's, replayed (`findStoredResponse`).
 */
export async function storeIdempotentResponse(db: Executor, input: IdempotentResponse): Promise<void> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      userId: input.userId,
      key: input.key,
      requestHash: input.requestHash,
      statusCode: input.statusCode,
      responseBody: input.body,
      responseType: input.contentType,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 0) {
    throw refusal('concurrent-update', 'idempotency.lostRace');
  }
}

/** Replaces the stored response with the one actually sent (when the route reshaped it). */
export async function replaceIdempotentResponse(db: Executor, input: IdempotentResponse): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode: input.statusCode, responseBody: input.body, responseType: input.contentType })
    .where(where(input));
}

/** The stored response of the key, if a request with the same hash completed. */
export async function findStoredResponse(
  db: Executor,
  input: IdempotencyKey & { requestHash: string },
): Promise<{ statusCode: number; body: string; contentType: string } | null> {
  const [row] = await db.select().from(idempotencyKeys).where(where(input));
  if (!row || row.requestHash !== input.requestHash || row.statusCode === null || row.responseBody === null) {
    return null;
  }
  return {
    statusCode: row.statusCode,
    body: row.responseBody,
    contentType: row.responseType ?? 'application/json; charset=utf-8',
  };
}
