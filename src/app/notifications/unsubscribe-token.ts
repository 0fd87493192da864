import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { signingKeys } from '../../db/schema/index.js';

const purpose = 'reminder-unsubscribe';

/**
 * The HMAC key of unsubscribe links: made on first use and kept in the database, so every
 * process signs and checks with the same key and no configuration is needed.
 */
async function signingKey(db: Executor, now: Date): Promise<Buffer> {
  await db
    .insert(signingKeys)
    .values({ purpose, secret: randomBytes(32).toString('base64url'), createdAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select({ secret: signingKeys.secret })
    .from(signingKeys)
    .where(eq(signingKeys.purpose, purpose));
  return Buffer.from(row!.secret, 'base64url');
}

function mac(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(`${purpose}:${userId}`).digest('base64url');
}

/** `<userId>.<mac>`: turns that user's reminder e-mails off, without a sign-in (RFC 8058). */
export async function unsubscribeToken(db: Executor, userId: string, now: Date): Promise<string> {
  return `${userId}.${mac(await signingKey(db, now), userId)}`;
}

/** The user the token was made for, or null for a forged or damaged token. */
export async function verifyUnsubscribeToken(db: Executor, token: string, now: Date): Promise<string | null> {
  const [userId, given, extra] = token.split('.');
  if (!userId || !given || extra !== undefined || !/^[0-9a-f-]{36}$/.test(userId)) {
    return null;
  }
  const expected = Buffer.from(mac(await signingKey(db, now), userId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? userId : null;
}
