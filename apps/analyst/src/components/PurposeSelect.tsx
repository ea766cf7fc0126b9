import { useMessages } from '../lib/i18n';
import { isPurpose, PURPOSES, purposeMessages, type Purpose } from '../lib/purposes';
import { FieldMessages } from './ui';

/** The purposes staff may state before reading personal data; nothing is chosen for them. */
export function PurposeSelect({
  id,
  label,
  value,
  onChange,
  errors = [],
}: {
  id: string;
  label: string;
  value: Purpose | '';
  onChange: (purpose: Purpose | '') => void;
  errors?: string[];
}) {
  const t = useMessages(purposeMessages);
  const errorId = `${id}-error`;
  return (
    <div className="purpose-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(isPurpose(e.target.value) ? e.target.value : '')}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? errorId : undefined}
      >
        <option value="">{t.choose}</option>
        {PURPOSES.map((purpose) => (
          <option key={purpose} value={purpose}>
            {t.labels[purpose]}
          </option>
        ))}
      </select>
      <FieldMessages id={errorId} messages={errors} />
    </div>
  );
}
