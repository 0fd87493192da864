import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session tokens, CSRF tokens, invitation tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes of secrets are stored. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
