import type { FieldCrypto, SubjectKey } from '@survey/field-crypto';
import type { ContactFields } from './contact-row';

/** AAD contexts: a ciphertext of one field cannot be passed off as another. */
const CONTEXT = {
  name: 'contact.name',
  email: 'contact.email',
  registrationNumbers: 'contact.registrationNumbers',
} as const;

export interface EncryptedContactColumns {
  emailIndex: Buffer;
  emailCiphertext: Buffer;
  nameCiphertext: Buffer;
  registrationNumbersCiphertext: Buffer | null;
}

export interface IdentifyingFields {
  name: string;
  email: string;
  registrationNumbers: string[];
}

export function encryptContactFields(
  crypto: FieldCrypto,
  key: SubjectKey,
  contact: Pick<ContactFields, 'name' | 'email' | 'registrationNumbers'>,
  emailIndex: Buffer,
): EncryptedContactColumns {
  return {
    emailIndex,
    emailCiphertext: crypto.encrypt(key, contact.email, CONTEXT.email),
    nameCiphertext: crypto.encrypt(key, contact.name, CONTEXT.name),
    registrationNumbersCiphertext:
      contact.registrationNumbers.length > 0
        ? crypto.encryptJson(key, contact.registrationNumbers, CONTEXT.registrationNumbers)
        : null,
  };
}

export function decryptContactFields(
  crypto: FieldCrypto,
  key: SubjectKey,
  columns: Omit<EncryptedContactColumns, 'emailIndex'>,
): IdentifyingFields {
  return {
    name: crypto.decrypt(key, columns.nameCiphertext, CONTEXT.name),
    email: crypto.decrypt(key, columns.emailCiphertext, CONTEXT.email),
    registrationNumbers: columns.registrationNumbersCiphertext
      ? crypto.decryptJson<string[]>(key, columns.registrationNumbersCiphertext, CONTEXT.registrationNumbers)
      : [],
  };
}
