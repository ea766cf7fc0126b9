import { ShreddedKeyError, type SubjectKey } from '@survey/field-crypto';
import type { EntityManager } from 'typeorm';
import type { KeystoreService } from '../crypto/keystore.service';

/**
 * Encryption contexts (AAD) of the privacy-request columns: a ciphertext of one field cannot be
 * passed off as another. Each request's fields are encrypted under the request's own key.
 */
export const PRIVACY_REQUEST_EMAIL_CONTEXT = 'privacy_request.email';
export const PRIVACY_REQUEST_DETAILS_CONTEXT = 'privacy_request.details';
export const PRIVACY_REQUEST_IDENTITY_NOTE_CONTEXT = 'privacy_request.identity_note';
export const PRIVACY_REQUEST_EXTENSION_REASON_CONTEXT = 'privacy_request.extension_reason';
export const PRIVACY_REQUEST_REJECTION_NOTE_CONTEXT = 'privacy_request.rejection_note';
/** The access package, under the download's own key. */
export const ACCESS_PACKAGE_CONTEXT = 'privacy_request.access_package';

/** Mail kinds of the workflow (stored in clear in the outbox; no personal value). */
export const PRIVACY_MAIL_KIND = {
  verification: 'privacy_request.verification',
  extended: 'privacy_request.extended',
  completed: 'privacy_request.completed',
  rejected: 'privacy_request.rejected',
} as const;

/** The keys of those subjects that still have one (the others were shredded, or never had one). */
export async function keysIfHeld(
  keystore: KeystoreService,
  subjectIds: string[],
  tx?: EntityManager,
): Promise<Map<string, SubjectKey>> {
  if (subjectIds.length === 0) return new Map();
  try {
    return await keystore.keysFor(subjectIds, tx);
  } catch (error) {
    if (!(error instanceof ShreddedKeyError)) throw error;
    const shredded = new Set(error.subjectIds);
    return keystore.keysFor(
      subjectIds.filter((id) => !shredded.has(id)),
      tx,
    );
  }
}

/** The subject's key, or null once it has been shredded. */
export async function keyIfHeld(
  keystore: KeystoreService,
  subjectId: string,
  tx?: EntityManager,
): Promise<SubjectKey | null> {
  return (await keysIfHeld(keystore, [subjectId], tx)).get(subjectId) ?? null;
}
