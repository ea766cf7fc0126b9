export {
  CiphertextIntegrityError,
  FieldCryptoError,
  KeyIntegrityError,
  ShreddedKeyError,
  WrongMasterKeyError,
  type FieldCryptoErrorCode,
} from './errors';
export { FieldCrypto, type FieldCryptoOptions, type JsonValue } from './field-crypto';
export { Keyring } from './keyring';
export type { SubjectKey } from './subject-key';
export { InMemorySubjectKeyStore, type SubjectKeyStore } from './subject-key-store';
