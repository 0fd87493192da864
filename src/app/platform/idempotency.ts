import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/connection.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';

/** A stored response is replayed for 24 hours; after that the key may be used afresh. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;

export type IdempotencyStart =
  { kind: 'first' } | { kind: 'replay'; statusCode: number; body: string; contentType: string };

/**
 * Claims `(user, key)` for a request, or finds the response of the first request with that key.
 * The claim is an insert, so two concurrent first requests cannot both run: the loser is told
 * to retry (`concurrent-update`) and then gets the replay.
 */
export async function beginIdempotentRequest(
  db: Database,
  input: { userId: string; key: string; requestHash: string; now: Date },
): Promise<IdempotencyStart> {
  const where = and(eq(idempotencyKeys.userId, input.userId), eq(idempotencyKeys.key, input.key));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId: input.userId, key: input.key, requestHash: input.requestHash, createdAt: input.now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) {
    return { kind: 'first' };
  }
  const [row] = await db.select().from(idempotencyKeys).where(where);
  if (!row) {
    // Deleted in between (an abandoned first attempt): claim it again.
    return beginIdempotentRequest(db, input);
  }
  if (input.now.getTime() - row.createdAt.getTime() > idempotencyRetentionMs) {
    await db.delete(idempotencyKeys).where(and(where, eq(idempotencyKeys.createdAt, row.createdAt)));
    return beginIdempotentRequest(db, input);
  }
  if (row.requestHash !== input.requestHash) {
    throw new DomainError(
      'idempotency-key-reused',
      'this Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  }
  if (row.statusCode === null || row.responseBody === null) {
    throw new DomainError(
      'concurrent-update',
      'the first request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
  return {
    kind: 'replay',
    statusCode: row.statusCode,
    body: row.responseBody,
    contentType: row.responseType ?? 'application/json; charset=utf-8',
  };
}

export async function completeIdempotentRequest(
  db: Database,
  input: { userId: string; key: string; statusCode: number; body: string; contentType: string },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ statusCode: input.statusCode, responseBody: input.body, responseType: input.contentType })
    .where(and(eq(idempotencyKeys.userId, input.userId), eq(idempotencyKeys.key, input.key)));
}

/** A server error stores nothing: the client may retry with the same key. */
export async function abandonIdempotentRequest(db: Database, input: { userId: string; key: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, input.userId), eq(idempotencyKeys.key, input.key)));
}
