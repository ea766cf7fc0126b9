import { FieldMessages } from '../../../components/ui';
import type { CampaignFields } from './fields';

/** A text field of the form with its hint and the problems the API named for it. */
export function TextField({
  fields,
  field,
  label,
  hint,
  value,
  onChange,
  size,
}: {
  fields: CampaignFields;
  field: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  size: number;
}) {
  const { id } = fields;
  const errors = fields.problems(field);
  return (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        size={size}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={fields.described(field, errors)}
      />
      <p className="hint" id={`${id}-${field}-hint`}>
        {hint}
      </p>
      <FieldMessages id={`${id}-${field}-error`} messages={errors} />
    </div>
  );
}
