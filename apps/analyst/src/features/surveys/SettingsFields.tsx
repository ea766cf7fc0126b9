import { useId, type ReactNode } from 'react';
import { fieldAria, FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { LanguagesField, type LanguageValues } from './LanguagesField';
import { surveyMessages } from './messages';

/** The settings as typed: numbers stay text until sent, so a half-typed value is not rewritten. */
export interface SettingsValues extends LanguageValues {
  name: string;
  retentionMonths: string;
  minGroupSize: string;
  anonymiseAtClose: boolean;
}

/** A number typed in a field, or undefined when left empty (the API then keeps its default). */
export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** A field's sentences: the form's own check first, then the API's refusal (`useFormCheck().errorsOf`). */
export type ErrorsOf = (field: string) => string[];

/** One labelled input with its hint and the reasons for refusing it, tied by ids. */
function Field({
  label,
  hint,
  messages,
  children,
}: {
  label: string;
  hint?: string;
  messages: string[];
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...fieldAria(messages, `${id}-error`, hint ? `${id}-hint` : undefined),
      })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldMessages id={`${id}-error`} messages={messages} />
    </div>
  );
}

/** Name, retention months, k and anonymisation at close, as creating and editing a survey share them. */
export function SettingsFields({
  values,
  onChange,
  errorsOf,
  creating,
}: {
  values: SettingsValues;
  onChange: (values: SettingsValues) => void;
  errorsOf: ErrorsOf;
  /** A new survey: an empty retention means the organisation's limit. */
  creating?: boolean;
}) {
  const t = useMessages(surveyMessages);
  const set = <K extends keyof SettingsValues>(key: K, value: SettingsValues[K]) =>
    onChange({ ...values, [key]: value });
  return (
    <>
      <Field label={t.nameLabel} hint={t.nameHint} messages={errorsOf('name')}>
        {(props) => (
          <input {...props} className="wide-input" value={values.name} onChange={(e) => set('name', e.target.value)} />
        )}
      </Field>
      <div className="form-row">
        <Field
          label={t.retentionLabel}
          hint={creating ? t.retentionHint : t.retentionHintEdit}
          messages={errorsOf('retentionMonths')}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              className="number-input"
              value={values.retentionMonths}
              onChange={(e) => set('retentionMonths', e.target.value)}
            />
          )}
        </Field>
        <Field label={t.kLabel} hint={t.kHint} messages={errorsOf('minGroupSize')}>
          {(props) => (
            <input
              {...props}
              type="number"
              inputMode="numeric"
              min={3}
              step={1}
              className="number-input"
              value={values.minGroupSize}
              onChange={(e) => set('minGroupSize', e.target.value)}
            />
          )}
        </Field>
      </div>
      <AnonymiseField
        checked={values.anonymiseAtClose}
        onChange={(checked) => set('anonymiseAtClose', checked)}
        messages={errorsOf('anonymiseAtClose')}
      />
      <LanguagesField
        value={values}
        onChange={(languages) => onChange({ ...values, ...languages })}
        messages={[...errorsOf('languages'), ...errorsOf('defaultLanguage')]}
      />
    </>
  );
}

/** Whether the survey's responses are anonymised when it closes, with what that means. */
function AnonymiseField({
  checked,
  onChange,
  messages,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  messages: string[];
}) {
  const t = useMessages(surveyMessages);
  const id = useId();
  return (
    <>
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          {...fieldAria(messages, `${id}-error`, `${id}-hint`)}
          onChange={(e) => onChange(e.target.checked)}
        />
        {t.anonymiseLabel}
      </label>
      <p className="hint" id={`${id}-hint`}>
        {t.anonymiseHint}
      </p>
      <FieldMessages id={`${id}-error`} messages={messages} />
    </>
  );
}
