import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { MIN_PASSWORD_LENGTH } from '../config/environment';

export { MIN_PASSWORD_LENGTH };
export const MAX_PASSWORD_LENGTH = 256;

/** OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** A password for someone to replace: 20 characters, 120 random bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash; with no stored hash (unknown account) it checks
 * against a decoy hash made with the same parameters, so both answers take the same time.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword('decoy password that no account has');
  const hash = storedHash ?? (await decoyHash);
  try {
    const matches = await argon2.verify(hash, password);
    return matches && storedHash !== null;
  } catch {
    return false;
  }
}
