import { useState } from 'react';
import type { Purpose } from '../../../lib/purposes';
import { useFormCheck } from '../../../lib/form-check';
import { $api, useFailure } from '../../../lib/query';
import { dateInputValue, startOfDay, type LANGUAGES, type RequestDetail, type RequestType } from '../parts';
import { registerChecked, registerRules } from './register-rules';

export type IdentityCheck = 'known-address' | 'signed-letter' | 'identity-document' | 'other';
export const IDENTITY_CHECKS: IdentityCheck[] = ['known-address', 'signed-letter', 'identity-document', 'other'];
export type Language = (typeof LANGUAGES)[number];

/** What the officer has typed so far; kept while the form is hidden and shown again. */
export interface RegisterDraft {
  type: RequestType;
  email: string;
  details: string;
  language: Language;
  channel: 'letter' | 'email';
  receivedOn: string;
  identity: IdentityCheck;
  identityNote: string;
  purpose: Purpose | '';
}

/**
 * Registering a request: the draft, the call, and the request last registered. After success the
 * personal fields are emptied and the form closes; the choices made stay for the next letter.
 */
export function useRegistration(onRegistered: () => void) {
  const today = dateInputValue(new Date());
  const [draft, setDraft] = useState<RegisterDraft>({
    type: 'access',
    email: '',
    details: '',
    language: 'en',
    channel: 'letter',
    receivedOn: today,
    identity: 'signed-letter',
    identityNote: '',
    purpose: 'privacy-request',
  });
  const [open, setOpen] = useState(false);
  const [registered, setRegistered] = useState<RequestDetail>();
  const registering = $api.useMutation('post', '/api/v1/privacy-requests/register', {
    onSuccess: (created) => {
      setRegistered(created);
      setDraft((current) => ({ ...current, email: '', details: '', identityNote: '' }));
      setOpen(false);
      onRegistered();
    },
  });
  const failure = useFailure(registering.error);
  const form = useFormCheck(registerRules(draft, today), failure);

  function submit() {
    setRegistered(undefined);
    if (!form.check(registerChecked(draft))) return;
    registering.mutate({
      params: { header: { 'X-Purpose': draft.purpose || undefined } },
      body: {
        type: draft.type,
        email: draft.email.trim(),
        details: draft.details.trim() || undefined,
        language: draft.language,
        channel: draft.channel,
        receivedAt: draft.receivedOn && draft.receivedOn !== today ? startOfDay(draft.receivedOn) : undefined,
        identityVerification: draft.identity,
        identityNote: draft.identityNote.trim() || undefined,
      },
    });
  }

  const change = (patch: Partial<RegisterDraft>) => setDraft((current) => ({ ...current, ...patch }));
  return {
    draft,
    change,
    today,
    open,
    setOpen,
    registered,
    submit,
    busy: registering.isPending,
    failure,
    errorsOf: form.errorsOf,
    formRef: form.ref,
  };
}
