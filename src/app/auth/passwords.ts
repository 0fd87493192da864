import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id, the library's default algorithm, with its defaults (m = 19456 KiB, t = 2, p = 1):
 * ≈ 26 ms a hash here. A test checks the stored hash says `$argon2id$`.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a real hash when the account does not exist keeps the timing the same,
// so response times do not reveal which e-mail addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('timing-equaliser');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
