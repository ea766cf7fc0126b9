import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { inspect } from 'node:util';
import { CiphertextIntegrityError, KeyIntegrityError, WrongMasterKeyError } from './errors';
import { RandomPool } from './random-pool';
import { keyMaterial, makeSubjectKey, type SubjectKey } from './subject-key';

/** Values `encryptJson` accepts: whatever survives a JSON round trip unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface FieldCryptoOptions {
  /** Master key (KEK) that wraps the per-subject data keys: exactly 32 bytes, from the environment. */
  masterKey: Buffer;
  /** Key of the HMAC blind index: exactly 32 bytes, from the environment, distinct from the master key. */
  blindIndexKey: Buffer;
}

const ALGORITHM = 'aes-256-gcm';
const VERSION = 0x01;
const KEY_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEK_ID_LENGTH = 8;

// Ciphertext: version | IV | tag | body.
const CT_IV = 1;
const CT_TAG = CT_IV + IV_LENGTH;
const CT_BODY = CT_TAG + TAG_LENGTH;

// Wrapped key: version | KEK id | IV | tag | wrapped DEK (always 32 bytes).
const WK_KEK_ID = 1;
const WK_IV = WK_KEK_ID + KEK_ID_LENGTH;
const WK_TAG = WK_IV + IV_LENGTH;
const WK_BODY = WK_TAG + TAG_LENGTH;
const WRAPPED_LENGTH = WK_BODY + KEY_LENGTH;

/** HKDF info for the key that actually wraps DEKs, so the master key is never used raw for AES. */
const WRAP_KEY_INFO = 'survey:field-crypto:subject-key-wrap';
const DOMAIN_SEPARATOR = Buffer.from([0x00]);
/** HKDF info for the per-subject reference key, so a data key is never used raw for HMAC. */
const REFERENCE_KEY_INFO = 'survey:field-crypto:subject-reference';

/**
 * Envelope encryption of identifying fields: one AES-256-GCM data key (DEK) per data subject,
 * wrapped under the master key (KEK), plus an HMAC-SHA256 blind index for equality look-ups.
 * Holds only its keys and a block of random bytes; synchronous, so one instance can serve the whole
 * process. See README.md for the formats.
 */
export class FieldCrypto {
  /** Short fingerprint of the master key (first 8 bytes of HMAC-SHA256(KEK, 'kek-id'), hex); safe to log. */
  readonly masterKeyId: string;
  readonly #masterKeyIdBytes: Buffer;
  readonly #wrapKey: KeyObject;
  readonly #blindIndexKey: KeyObject;
  readonly #random = new RandomPool();
  /** Scratch space for a new raw data key until it is wrapped and turned into a KeyObject; always wiped. */
  readonly #dek = Buffer.alloc(KEY_LENGTH);

  constructor(options: FieldCryptoOptions) {
    const masterKey: unknown = options?.masterKey;
    const blindIndexKey: unknown = options?.blindIndexKey;
    if (!isKeyOfLength(masterKey)) {
      throw new Error(`FieldCrypto: masterKey must be a Buffer of exactly ${KEY_LENGTH} bytes.`);
    }
    if (!isKeyOfLength(blindIndexKey)) {
      throw new Error(`FieldCrypto: blindIndexKey must be a Buffer of exactly ${KEY_LENGTH} bytes.`);
    }
    if (timingSafeEqual(masterKey, blindIndexKey)) {
      throw new Error('FieldCrypto: masterKey and blindIndexKey must be two different keys.');
    }
    this.#masterKeyIdBytes = createHmac('sha256', masterKey).update('kek-id').digest().subarray(0, KEK_ID_LENGTH);
    this.masterKeyId = this.#masterKeyIdBytes.toString('hex');
    const wrapKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), WRAP_KEY_INFO, KEY_LENGTH));
    this.#wrapKey = createSecretKey(wrapKey);
    wrapKey.fill(0);
    this.#blindIndexKey = createSecretKey(blindIndexKey);
  }

  /**
   * A fresh random 32-byte data key for a subject, and its wrapped form to store. The subject id
   * is authenticated with the wrapped key, so it cannot be moved to another subject.
   */
  newSubjectKey(subjectId: string): { key: SubjectKey; wrapped: Buffer } {
    requireText(subjectId, 'subjectId');
    const dek = this.#dek;
    try {
      this.#random.fill(dek, 0, KEY_LENGTH);
      const wrapped = Buffer.allocUnsafe(WRAPPED_LENGTH);
      wrapped[0] = VERSION;
      this.#masterKeyIdBytes.copy(wrapped, WK_KEK_ID);
      this.#random.fill(wrapped, WK_IV, IV_LENGTH);
      const cipher = createCipheriv(ALGORITHM, this.#wrapKey, wrapped.subarray(WK_IV, WK_TAG), {
        authTagLength: TAG_LENGTH,
      });
      cipher.setAAD(Buffer.from(subjectId, 'utf8'));
      cipher.update(dek).copy(wrapped, WK_BODY);
      cipher.final();
      cipher.getAuthTag().copy(wrapped, WK_TAG);
      return { key: makeSubjectKey(subjectId, createSecretKey(dek)), wrapped };
    } finally {
      dek.fill(0);
    }
  }

  /**
   * The data key inside a wrapped key made by `newSubjectKey` for the same subject id.
   * @throws WrongMasterKeyError when it was wrapped under another master key
   * @throws KeyIntegrityError when it is malformed, altered, or stored under another subject id
   */
  unwrap(subjectId: string, wrapped: Buffer): SubjectKey {
    requireText(subjectId, 'subjectId');
    if (!(wrapped instanceof Uint8Array) || wrapped.length !== WRAPPED_LENGTH || wrapped[0] !== VERSION) {
      throw new KeyIntegrityError('it is not a wrapped data key in a known format');
    }
    const kekId = wrapped.subarray(WK_KEK_ID, WK_IV);
    if (!this.#masterKeyIdBytes.equals(kekId)) {
      throw new WrongMasterKeyError(Buffer.from(kekId).toString('hex'), this.masterKeyId);
    }
    const decipher = createDecipheriv(ALGORITHM, this.#wrapKey, wrapped.subarray(WK_IV, WK_TAG), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(WK_TAG, WK_BODY));
    const dek = decipher.update(wrapped.subarray(WK_BODY));
    try {
      try {
        decipher.final();
      } catch {
        throw new KeyIntegrityError();
      }
      return makeSubjectKey(subjectId, createSecretKey(dek));
    } finally {
      dek.fill(0);
    }
  }

  /**
   * AES-256-GCM with a random 96-bit IV. `context` (e.g. `contact.email`) is authenticated, so a
   * ciphertext cannot be swapped into another field. Equal plaintexts give different ciphertexts.
   */
  encrypt(key: SubjectKey, plaintext: string, context: string): Buffer {
    if (typeof plaintext !== 'string') throw new TypeError('FieldCrypto.encrypt: plaintext must be a string.');
    return this.encryptBytes(key, Buffer.from(plaintext, 'utf8'), context);
  }

  /** `encrypt` of bytes (a file's part), in the same layout. */
  encryptBytes(key: SubjectKey, plaintext: Uint8Array, context: string): Buffer {
    const material = keyMaterial(key);
    requireText(context, 'context');
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('FieldCrypto.encryptBytes: plaintext must be bytes.');
    const out = Buffer.allocUnsafe(CT_BODY + plaintext.length);
    out[0] = VERSION;
    this.#random.fill(out, CT_IV, IV_LENGTH);
    const cipher = createCipheriv(ALGORITHM, material, out.subarray(CT_IV, CT_TAG), { authTagLength: TAG_LENGTH });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    cipher.update(plaintext).copy(out, CT_BODY);
    cipher.final();
    cipher.getAuthTag().copy(out, CT_TAG);
    return out;
  }

  /**
   * The plaintext of a ciphertext made by `encrypt` with the same key and context.
   * @throws CiphertextIntegrityError when it is malformed or altered, or the key or context differ
   */
  decrypt(key: SubjectKey, ciphertext: Buffer, context: string): string {
    return this.decryptBytes(key, ciphertext, context).toString('utf8');
  }

  /** The bytes of a ciphertext made by `encryptBytes` (or `encrypt`) with the same key and context. */
  decryptBytes(key: SubjectKey, ciphertext: Buffer, context: string): Buffer {
    const material = keyMaterial(key);
    requireText(context, 'context');
    if (!(ciphertext instanceof Uint8Array) || ciphertext.length < CT_BODY || ciphertext[0] !== VERSION) {
      throw new CiphertextIntegrityError('it is not an encrypted value in a known format');
    }
    const decipher = createDecipheriv(ALGORITHM, material, ciphertext.subarray(CT_IV, CT_TAG), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(ciphertext.subarray(CT_TAG, CT_BODY));
    const body = decipher.update(ciphertext.subarray(CT_BODY));
    try {
      decipher.final();
    } catch {
      body.fill(0);
      throw new CiphertextIntegrityError();
    }
    return body;
  }

  /** `encrypt` of the JSON text of a value (string arrays, small records). */
  encryptJson(key: SubjectKey, value: JsonValue, context: string): Buffer {
    const json: unknown = JSON.stringify(value);
    if (typeof json !== 'string') throw new TypeError('FieldCrypto.encryptJson: value has no JSON representation.');
    return this.encrypt(key, json, context);
  }

  /**
   * `decrypt` and JSON.parse. The type parameter is not checked at run time.
   * @throws CiphertextIntegrityError as `decrypt`, or when the plaintext is not JSON
   */
  decryptJson<T extends JsonValue = JsonValue>(key: SubjectKey, ciphertext: Buffer, context: string): T {
    const json = this.decrypt(key, ciphertext, context);
    try {
      return JSON.parse(json) as T;
    } catch {
      // JSON.parse's message quotes the input: never let it out.
      throw new CiphertextIntegrityError('its content is not JSON');
    }
  }

  /**
   * HMAC-SHA256(blindIndexKey, domain || 0x00 || value): deterministic, so equal values can be
   * looked up without decrypting. The caller normalises `value` (e.g. trimmed, lower-cased e-mail);
   * `domain` (e.g. `contact.email`) keeps indexes of different uses apart and may not contain NUL.
   */
  blindIndex(domain: string, value: string): Buffer {
    requireText(domain, 'domain');
    if (domain.includes('\0')) throw new TypeError('FieldCrypto.blindIndex: domain may not contain a NUL character.');
    if (typeof value !== 'string') throw new TypeError('FieldCrypto.blindIndex: value must be a string.');
    return createHmac('sha256', this.#blindIndexKey)
      .update(domain, 'utf8')
      .update(DOMAIN_SEPARATOR)
      .update(value, 'utf8')
      .digest();
  }

  /**
   * HMAC-SHA256 of `domain || 0x00 || value` under a key derived (HKDF) from the subject's data
   * key, base64url: a stable reference to something of this subject's (an id in a log that must
   * outlive the person) that can be recomputed while the key exists and means nothing once it is
   * shredded. Unlike `blindIndex`, no key held elsewhere can link it to the value.
   */
  subjectReference(key: SubjectKey, domain: string, value: string): string {
    requireText(domain, 'domain');
    if (domain.includes('\0')) {
      throw new TypeError('FieldCrypto.subjectReference: domain may not contain a NUL character.');
    }
    if (typeof value !== 'string') throw new TypeError('FieldCrypto.subjectReference: value must be a string.');
    const referenceKey = Buffer.from(
      hkdfSync('sha256', keyMaterial(key), Buffer.alloc(0), REFERENCE_KEY_INFO, KEY_LENGTH),
    );
    return createHmac('sha256', referenceKey)
      .update(domain, 'utf8')
      .update(DOMAIN_SEPARATOR)
      .update(value, 'utf8')
      .digest('base64url');
  }

  toJSON(): { masterKeyId: string } {
    return { masterKeyId: this.masterKeyId };
  }

  [inspect.custom](): string {
    return `FieldCrypto { masterKeyId: '${this.masterKeyId}' }`;
  }
}

function isKeyOfLength(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === KEY_LENGTH;
}

function requireText(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`FieldCrypto: ${name} must be a non-empty string.`);
  }
}
