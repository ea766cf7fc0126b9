import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { PRIVACY_REQUEST_TYPES, type PrivacyRequestType } from '../lib/privacy-requests-api';
import { DETAILS_MAX, usePrivacyRequestForm, type RequestField } from './privacy-request-form';

/** The ids of what describes a field: its hint, and its error when it has one. */
function describedBy(field: RequestField, error: string | undefined, hint?: string): string | undefined {
  return [hint, error ? `request-${field}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The privacy request's form: what to do, the address it is about, and details if any. */
export function PrivacyRequestForm({ onReceived }: { onReceived(): void }) {
  const { t } = useI18n();
  const form = usePrivacyRequestForm(onReceived);
  const { errors } = form;
  const errorCount = Object.keys(errors).length;
  return (
    <form ref={form.formRef} noValidate onSubmit={(e) => void form.onSubmit(e)} data-testid="privacy-request-form">
      {errorCount > 0 && (
        <p className="error-summary" role="alert">
          {t.fixFields(errorCount)}
        </p>
      )}
      <RequestTypeField value={form.type} error={errors.type} onChange={form.setType} />
      <TextQuestion field="email" label={t.emailLabel} hint={t.emailHint} error={errors.email}>
        <input
          id="request-email"
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          value={form.email}
          aria-required="true"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy('email', errors.email, 'request-email-hint')}
          onChange={(event) => form.setEmail(event.target.value)}
        />
      </TextQuestion>
      <TextQuestion field="details" label={t.detailsLabel} hint={t.detailsHint} error={errors.details}>
        <textarea
          id="request-details"
          rows={4}
          maxLength={DETAILS_MAX}
          value={form.details}
          aria-invalid={errors.details ? true : undefined}
          aria-describedby={describedBy('details', errors.details, 'request-details-hint')}
          onChange={(event) => form.setDetails(event.target.value)}
        />
      </TextQuestion>
      {form.failure && (
        <p className="error-summary" role="alert">
          {form.failure}
        </p>
      )}
      <div className="nav">
        <button type="submit" className="button" aria-disabled={form.sending || undefined}>
          {form.sending ? t.submitting : t.sendRequest}
        </button>
      </div>
    </form>
  );
}

function FieldError({ field, error }: { field: RequestField; error: string | undefined }) {
  return error ? (
    <p className="error" id={`request-${field}-error`}>
      {error}
    </p>
  ) : null;
}

function RequestTypeField({
  value,
  error,
  onChange,
}: {
  value: PrivacyRequestType | null;
  error: string | undefined;
  onChange(type: PrivacyRequestType): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset
      className="question choices"
      aria-describedby={describedBy('type', error)}
      data-invalid={error ? 'true' : undefined}
    >
      <legend className="question-title">{t.requestTypeLegend}</legend>
      {PRIVACY_REQUEST_TYPES.map((option) => (
        <label className="option" key={option}>
          <input
            type="radio"
            name="request-type"
            value={option}
            checked={value === option}
            aria-invalid={error ? true : undefined}
            onChange={() => onChange(option)}
          />
          <span className="option-label">{t.requestTypes[option]}</span>
        </label>
      ))}
      <FieldError field="type" error={error} />
    </fieldset>
  );
}

/** A question answered in a text field (given as the child, with the id `request-<field>`), with its hint and error. */
function TextQuestion(props: {
  field: RequestField;
  label: string;
  hint: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="question single" data-invalid={props.error ? 'true' : undefined}>
      <label className="question-title" htmlFor={`request-${props.field}`}>
        {props.label}
      </label>
      <p className="hint" id={`request-${props.field}-hint`}>
        {props.hint}
      </p>
      {props.children}
      <FieldError field={props.field} error={props.error} />
    </div>
  );
}
