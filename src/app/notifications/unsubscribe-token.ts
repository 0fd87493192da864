import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/connection.js';
import { storedSecret } from '../platform/signing-keys.js';

const purpose = 'reminder-unsubscribe';

/** The HMAC key of unsubscribe links (storedSecret: one per deployment, nothing to configure). */
const signingKey = (db: Executor, now: Date): Promise<Buffer> => storedSecret(db, purpose, now);

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
