import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const VERSION_BYTES = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Flips one bit of the sealed bytes at `index` (negative counts from the end). */
function flipBit(sealed: string, index: number): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] ^= 0x01;
  return bytes.toString('base64url');
}

describe('SecretBox', () => {
  const masterKey = randomBytes(32);
  const box = new SecretBox(masterKey, 'staff-totp');
  const plaintext = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('opens what it sealed', () => {
    expect(box.open(box.seal(plaintext))).toBe(plaintext);
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('ünïcødé ✓ 秘密'))).toBe('ünïcødé ✓ 秘密');
  });

  it('opens with another instance built from the same master key and purpose', () => {
    const sealed = box.seal(plaintext);
    expect(new SecretBox(Buffer.from(masterKey), 'staff-totp').open(sealed)).toBe(plaintext);
  });

  it('writes base64url of version 1, a 12-byte nonce, the ciphertext and a 16-byte tag, without the plaintext', () => {
    const sealed = box.seal(plaintext);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(sealed, 'base64url');
    expect(bytes[0]).toBe(1);
    expect(bytes.length).toBe(VERSION_BYTES + NONCE_BYTES + Buffer.byteLength(plaintext) + TAG_BYTES);
    expect(sealed).not.toContain(plaintext);
    expect(bytes.includes(Buffer.from(plaintext))).toBe(false);
  });

  it('seals the same plaintext differently each time (random nonce)', () => {
    const first = box.seal(plaintext);
    const second = box.seal(plaintext);
    expect(first).not.toBe(second);
    const nonce = (sealed: string) =>
      Buffer.from(sealed, 'base64url').subarray(VERSION_BYTES, VERSION_BYTES + NONCE_BYTES);
    expect(nonce(first).equals(nonce(second))).toBe(false);
    expect(box.open(first)).toBe(plaintext);
    expect(box.open(second)).toBe(plaintext);
  });

  it.each([
    ['the ciphertext', VERSION_BYTES + NONCE_BYTES],
    ['the last ciphertext byte', -(TAG_BYTES + 1)],
    ['the nonce', VERSION_BYTES],
    ['the tag', -1],
  ])('refuses a sealed value whose %s was tampered with', (_part, index) => {
    const sealed = box.seal(plaintext);
    expect(() => box.open(flipBit(sealed, index))).toThrow();
  });

  it('refuses an unknown version and a value too short to hold nonce and tag', () => {
    const bytes = Buffer.from(box.seal(plaintext), 'base64url');
    bytes[0] = 2;
    expect(() => box.open(bytes.toString('base64url'))).toThrow('unknown format');
    const short = Buffer.alloc(VERSION_BYTES + NONCE_BYTES + TAG_BYTES - 1, 1).toString('base64url');
    expect(() => box.open(short)).toThrow('unknown format');
    expect(() => box.open('')).toThrow('unknown format');
  });

  it('refuses a value with ciphertext removed or appended', () => {
    const bytes = Buffer.from(box.seal(plaintext), 'base64url');
    const withoutOneByte = Buffer.concat([bytes.subarray(0, 13), bytes.subarray(14)]);
    expect(() => box.open(withoutOneByte.toString('base64url'))).toThrow();
    const withExtraByte = Buffer.concat([bytes.subarray(0, 13), Buffer.from([0x41]), bytes.subarray(13)]);
    expect(() => box.open(withExtraByte.toString('base64url'))).toThrow();
  });

  it('cannot be opened with another master key', () => {
    const sealed = box.seal(plaintext);
    expect(() => new SecretBox(randomBytes(32), 'staff-totp').open(sealed)).toThrow();
  });

  it('cannot be opened by a box for another purpose under the same master key', () => {
    const sealed = box.seal(plaintext);
    expect(() => new SecretBox(masterKey, 'contact-data').open(sealed)).toThrow();
    expect(() => new SecretBox(masterKey, 'staff-totp ').open(sealed)).toThrow();
  });
});
