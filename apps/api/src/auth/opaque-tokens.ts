import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A random credential with a recognisable prefix (so leaked ones can be found by scanners). */
export function newOpaqueToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** `length` characters drawn uniformly from `alphabet` (randomInt, so no modulo bias). */
export function randomChars(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** High-entropy tokens need no slow hash: SHA-256 is enough and lets us look them up. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function sha256Hex(value: string): string {
  return sha256(value).toString('hex');
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
