import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { signingKeys } from '../../db/schema/index.js';

/**
 * The secret kept for `purpose` (32 random bytes), made on first use and stored in the
 * database, so that every process of a deployment signs and checks with the same one and
 * nothing needs configuring. Two processes making it at once: `on conflict do nothing` keeps
 * the first, and both read that one back.
 */
export async function storedSecret(db: Executor, purpose: string, now: Date): Promise<Buffer> {
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
