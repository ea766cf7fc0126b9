import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n, type Messages } from '../i18n';
import { privacyRequestsApi, type PrivacyRequestType, type Result } from '../lib/privacy-requests-api';

export type RequestField = 'type' | 'email' | 'details';
export type FieldErrors = Partial<Record<RequestField, string>>;

export const DETAILS_MAX = 2000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELDS: RequestField[] = ['type', 'email', 'details'];

function fieldMessage(field: RequestField, t: Messages): string {
  return field === 'type' ? t.errorType : field === 'email' ? t.errorEmail : t.errorDetails;
}

/** What the page can tell is wrong with the request before it goes. */
function checkRequest(type: PrivacyRequestType | null, email: string, details: string, t: Messages): FieldErrors {
  const found: FieldErrors = {};
  if (!type) found.type = t.errorType;
  if (!EMAIL.test(email.trim())) found.email = t.errorEmail;
  if (details.length > DETAILS_MAX) found.details = t.errorDetails;
  return found;
}

/** The fields of the form the server refused, in the page's words (none if it named none of them). */
function refusedFields(result: Result<unknown>, t: Messages): FieldErrors {
  const fromServer: FieldErrors = {};
  if (result.ok || result.status !== 400 || !('problem' in result) || !result.problem?.errors?.length) {
    return fromServer;
  }
  for (const error of result.problem.errors) {
    const field = FIELDS.find((f) => error.field === f);
    if (field) fromServer[field] = fieldMessage(field, t);
  }
  return fromServer;
}

/** Why the request could not be filed: too many from this address for now, or a failure. */
function failureMessage(result: Result<unknown>, t: Messages): string {
  if (result.ok || result.status !== 429) return t.requestFailed;
  const seconds = 'retryAfterSeconds' in result ? result.retryAfterSeconds : undefined;
  return t.requestThrottled(Math.max(1, Math.ceil((seconds ?? 900) / 60)));
}

/**
 * The privacy request form's fields, what is wrong with them (the focus goes to the first field
 * marked), and filing the request; `onReceived` once the server has it.
 */
export function usePrivacyRequestForm(onReceived: () => void) {
  const { t, language } = useI18n();
  const [type, setType] = useState<PrivacyRequestType | null>(null);
  const [email, setEmail] = useState('');
  const [details, setDetails] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    const found = checkRequest(type, email, details, t);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0 || !type) {
      setFocusRequest((n) => n + 1);
      return;
    }
    setSending(true);
    const result = await privacyRequestsApi.file({
      type,
      email: email.trim(),
      ...(details.trim() ? { details: details.trim() } : {}),
      language,
    });
    setSending(false);
    if (result.ok) return onReceived();
    const fromServer = refusedFields(result, t);
    if (Object.keys(fromServer).length > 0) {
      setErrors(fromServer);
      setFocusRequest((n) => n + 1);
      return;
    }
    setFailure(failureMessage(result, t));
  }

  return { formRef, type, setType, email, setEmail, details, setDetails, errors, failure, sending, onSubmit };
}
