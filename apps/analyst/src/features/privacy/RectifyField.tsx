import { fieldAria, FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';
import { LANGUAGES } from './parts';
import { SEGMENTS, type Field } from './rectify-values';

/** One contact field to correct: a list for segment and language, else an input; the API's reasons below it. */
export function RectifyField({
  id,
  field,
  type = 'text',
  value,
  onChange,
  errors,
}: {
  id: string;
  field: Field;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  /** The form's own check and the API's refusal (`changes.<field>`), as sentences. */
  errors: string[];
}) {
  const t = useMessages(privacyMessages);
  const common = {
    id: `${id}-${field}`,
    value,
    ...fieldAria(errors, `${id}-${field}-error`),
  };
  return (
    <div className="rectify-field">
      <label htmlFor={common.id}>{t.actions.fields[field]}</label>
      {field === 'segment' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {SEGMENTS.map((s) => (
            <option key={s} value={s}>
              {t.actions.segments[s]}
            </option>
          ))}
        </select>
      ) : field === 'language' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t.languages[l]}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type={type} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldMessages id={`${id}-${field}-error`} messages={errors} />
    </div>
  );
}
