import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FocusHeading, Layout, StateView } from '../components/Layout';
import { useI18n, type Messages } from '../i18n';
import { PRIVACY_REQUEST_TYPES, privacyRequestsApi, type PrivacyRequestType } from '../lib/privacy-requests-api';

type Field = 'type' | 'email' | 'details';
const DETAILS_MAX = 2000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fieldMessage(field: Field, t: Messages): string {
  return field === 'type' ? t.errorType : field === 'email' ? t.errorEmail : t.errorDetails;
}

/**
 * `/r/privacy-request`: access, rectification, erasure or objection, filed with an e-mail
 * address. The answer is the same whether or not the address is known; the request goes ahead
 * only once the person confirms it from the link mailed to that address.
 */
export function PrivacyRequest() {
  const { t, language } = useI18n();
  const [type, setType] = useState<PrivacyRequestType | null>(null);
  const [email, setEmail] = useState('');
  const [details, setDetails] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [received, setReceived] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    const found: Partial<Record<Field, string>> = {};
    if (!type) found.type = t.errorType;
    if (!EMAIL.test(email.trim())) found.email = t.errorEmail;
    if (details.length > DETAILS_MAX) found.details = t.errorDetails;
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
    if (result.ok) {
      setReceived(true);
      return;
    }
    if (result.status === 400 && 'problem' in result && result.problem?.errors?.length) {
      const fromServer: Partial<Record<Field, string>> = {};
      for (const error of result.problem.errors) {
        const field = (['type', 'email', 'details'] as Field[]).find((f) => error.field === f);
        if (field) fromServer[field] = fieldMessage(field, t);
      }
      if (Object.keys(fromServer).length > 0) {
        setErrors(fromServer);
        setFocusRequest((n) => n + 1);
        return;
      }
    }
    if (result.status === 429) {
      const seconds = 'retryAfterSeconds' in result ? result.retryAfterSeconds : undefined;
      setFailure(t.requestThrottled(Math.max(1, Math.ceil((seconds ?? 900) / 60))));
    } else {
      setFailure(t.requestFailed);
    }
  }

  if (received) {
    return (
      <Layout links={{ notice: true }}>
        <StateView state="request-received" title={t.requestReceivedTitle}>
          <p>{t.requestReceivedBody}</p>
        </StateView>
      </Layout>
    );
  }

  const errorCount = Object.keys(errors).length;
  const described = (field: Field, hint?: string) =>
    [hint, errors[field] ? `request-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const errorText = (field: Field) =>
    errors[field] ? (
      <p className="error" id={`request-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <Layout links={{ notice: true }}>
      <FocusHeading>{t.requestTitle}</FocusHeading>
      <p>{t.requestIntro}</p>
      <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} data-testid="privacy-request-form">
        {errorCount > 0 && (
          <p className="error-summary" role="alert">
            {t.fixFields(errorCount)}
          </p>
        )}
        <fieldset
          className="question choices"
          aria-describedby={described('type')}
          data-invalid={errors.type ? 'true' : undefined}
        >
          <legend className="question-title">{t.requestTypeLegend}</legend>
          {PRIVACY_REQUEST_TYPES.map((option) => (
            <label className="option" key={option}>
              <input
                type="radio"
                name="request-type"
                value={option}
                checked={type === option}
                aria-invalid={errors.type ? true : undefined}
                onChange={() => setType(option)}
              />
              <span className="option-label">{t.requestTypes[option]}</span>
            </label>
          ))}
          {errorText('type')}
        </fieldset>
        <div className="question single" data-invalid={errors.email ? 'true' : undefined}>
          <label className="question-title" htmlFor="request-email">
            {t.emailLabel}
          </label>
          <p className="hint" id="request-email-hint">
            {t.emailHint}
          </p>
          <input
            id="request-email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            value={email}
            aria-required="true"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={described('email', 'request-email-hint')}
            onChange={(event) => setEmail(event.target.value)}
          />
          {errorText('email')}
        </div>
        <div className="question single" data-invalid={errors.details ? 'true' : undefined}>
          <label className="question-title" htmlFor="request-details">
            {t.detailsLabel}
          </label>
          <p className="hint" id="request-details-hint">
            {t.detailsHint}
          </p>
          <textarea
            id="request-details"
            rows={4}
            maxLength={DETAILS_MAX}
            value={details}
            aria-invalid={errors.details ? true : undefined}
            aria-describedby={described('details', 'request-details-hint')}
            onChange={(event) => setDetails(event.target.value)}
          />
          {errorText('details')}
        </div>
        {failure && (
          <p className="error-summary" role="alert">
            {failure}
          </p>
        )}
        <div className="nav">
          <button type="submit" className="button" aria-disabled={sending || undefined}>
            {sending ? t.submitting : t.sendRequest}
          </button>
        </div>
      </form>
    </Layout>
  );
}
