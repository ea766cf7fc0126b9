import type { FieldRule, FieldValue } from '../../../lib/field-rules';
import type { RegisterDraft } from './useRegistration';

/**
 * The API's rules for registering a request (RegisterPrivacyRequestDto and its checks), checked
 * before sending: a note is needed when the identity was checked some other way, and a letter
 * cannot have arrived after today.
 */
export function registerRules(draft: RegisterDraft, today: string) {
  return {
    email: { required: true, email: true, maxLength: 254 },
    details: { maxLength: 4000 },
    receivedAt: { date: { notAfter: today } },
    identityNote: { required: draft.identity === 'other', maxLength: 2000 },
    purpose: { required: true },
  } satisfies Record<string, FieldRule>;
}

export type RegisterField = keyof ReturnType<typeof registerRules>;

/** The draft as the form's check reads it, named as the API names the fields. */
export function registerChecked(draft: RegisterDraft): Record<RegisterField, FieldValue> {
  return {
    email: draft.email,
    details: draft.details,
    receivedAt: draft.receivedOn,
    identityNote: draft.identityNote,
    purpose: draft.purpose,
  };
}
