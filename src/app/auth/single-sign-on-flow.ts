import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../../db/connection.js';
import { storedSecret } from '../platform/signing-keys.js';

/**
 * What a single sign-on remembers between the redirect to the identity provider and its answer
 * (decision 027): the `state`, the `nonce` and the PKCE verifier, in a short-lived cookie of the
 * browser that started it, sealed (AES-256-GCM) so that nobody can read the verifier in it, nor
 * forge or edit one. The key is made on first use and kept in the database, so every process of
 * a PostgreSQL deployment opens what another sealed, and nothing needs configuring.
 */
export const flowLifetimeMs = 10 * 60 * 1000;

const purpose = 'single-sign-on-flow';

const flowContent = z.strictObject({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(43),
  /** The page of this app to open once signed in. */
  next: z.string(),
  /** Milliseconds since the epoch, on the real clock (sign-ins do not follow the program clock). */
  expiresAt: z.number().int(),
});
export type SingleSignOnFlow = z.infer<typeof flowContent>;

async function flowKey(db: Executor, now: Date): Promise<Buffer> {
  // A key of its own for encryption, derived so that the stored secret is never used twice.
  return Buffer.from(hkdfSync('sha256', await storedSecret(db, purpose, now), Buffer.alloc(0), purpose, 32));
}

/** `<iv>.<ciphertext>.<tag>`, base64url: the cookie's value. */
export async function sealFlow(db: Executor, flow: SingleSignOnFlow, now: Date): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await flowKey(db, now), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return [iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/**
 * The flow in the cookie, or why there is none: `missing` (no cookie: another browser, or the
 * cookie expired), `damaged` (edited, forged or sealed with another key), `timed-out` (older than 10 minutes).
 */
export async function openFlow(
  db: Executor,
  sealed: string | undefined,
  now: Date,
): Promise<
  { flow: SingleSignOnFlow; problem?: undefined } | { flow?: undefined; problem: 'missing' | 'damaged' | 'timed-out' }
> {
  if (!sealed) {
    return { problem: 'missing' };
  }
  const [iv, ciphertext, tag, extra] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !ciphertext || !tag || extra !== undefined || iv.length !== 12 || tag.length !== 16) {
    return { problem: 'damaged' };
  }
  let content: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await flowKey(db, now), iv);
    decipher.setAuthTag(tag);
    content = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8'));
  } catch {
    return { problem: 'damaged' };
  }
  const parsed = flowContent.safeParse(content);
  if (!parsed.success) {
    return { problem: 'damaged' };
  }
  // The cookie's Max-Age is only the browser's word: the sealed expiry is the server's.
  if (parsed.data.expiresAt <= now.getTime()) {
    return { problem: 'timed-out' };
  }
  return { flow: parsed.data };
}
