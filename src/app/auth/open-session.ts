import type { Executor } from '../../db/connection.js';
import { sessions } from '../../db/schema/index.js';
import { newSecret, sha256 } from './tokens.js';

/** Sessions last 12 hours (decision 002), however the user signed in. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * The session of decision 002: a secret for the cookie and the bearer token (only its sha256 is
 * stored) and a CSRF secret. The password sign-in and single sign-on (decision 027) both open
 * sessions here, so that the two are the same session.
 */
export async function openSession(tx: Executor, userId: string, now: Date): Promise<OpenedSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await tx.insert(sessions).values({ userId, tokenHash: sha256(token), csrfToken, createdAt: now, expiresAt });
  return { token, csrfToken, expiresAt };
}
