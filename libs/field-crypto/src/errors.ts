/** Stable machine-readable codes of the errors this library throws. */
export type FieldCryptoErrorCode = 'SHREDDED_KEY' | 'WRONG_MASTER_KEY' | 'KEY_INTEGRITY' | 'CIPHERTEXT_INTEGRITY';

/**
 * Base class of the errors this library throws on purpose. Messages say what happened in plain
 * words and never contain plaintext or key bytes; no underlying error is attached as `cause`.
 */
export class FieldCryptoError extends Error {
  constructor(
    readonly code: FieldCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FieldCryptoError';
  }
}

/** The wrapped data key of one or more subjects is gone: shredded (or never created). */
export class ShreddedKeyError extends FieldCryptoError {
  declare readonly code: 'SHREDDED_KEY';
  /** The subjects without a data key (random UUIDs, safe to log). */
  readonly subjectIds: readonly string[];

  constructor(subjectIds: readonly string[]) {
    super(
      'SHREDDED_KEY',
      subjectIds.length === 1
        ? 'The data key for this subject has been shredded; the data can no longer be decrypted.'
        : `The data keys for ${subjectIds.length} subjects have been shredded; their data can no longer be decrypted.`,
    );
    this.name = 'ShreddedKeyError';
    this.subjectIds = Object.freeze([...subjectIds]);
  }
}

/** A wrapped data key was made under another master key (KEK) than the configured one. */
export class WrongMasterKeyError extends FieldCryptoError {
  declare readonly code: 'WRONG_MASTER_KEY';

  constructor(
    /** Fingerprint of the master key the data key was wrapped with (safe to log). */
    readonly foundMasterKeyId: string,
    /** Fingerprint of the configured master key (safe to log). */
    readonly expectedMasterKeyId: string,
  ) {
    super(
      'WRONG_MASTER_KEY',
      `The data key was wrapped with another master key (id ${foundMasterKeyId}) than the configured one ` +
        `(id ${expectedMasterKeyId}); check which master key the environment provides.`,
    );
    this.name = 'WrongMasterKeyError';
  }
}

/** A wrapped data key is malformed, was altered, or is stored under another subject id. */
export class KeyIntegrityError extends FieldCryptoError {
  declare readonly code: 'KEY_INTEGRITY';

  constructor(reason = 'it was altered or belongs to another subject') {
    super('KEY_INTEGRITY', `The wrapped data key failed its integrity check (${reason}); it cannot be used.`);
    this.name = 'KeyIntegrityError';
  }
}

/** A ciphertext is malformed or was altered, or the data key or field context is not the one it was made with. */
export class CiphertextIntegrityError extends FieldCryptoError {
  declare readonly code: 'CIPHERTEXT_INTEGRITY';

  constructor(reason = 'it was altered, or the data key or field context is not the one it was encrypted with') {
    super(
      'CIPHERTEXT_INTEGRITY',
      `The encrypted value failed its integrity check (${reason}); it cannot be decrypted.`,
    );
    this.name = 'CiphertextIntegrityError';
  }
}
