import { FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';
import { PURPOSES, isPurpose, type Purpose } from './parts';

/** The list of purposes one may state before reading personal data; nothing is chosen for the user. */
export function PurposeField({
  id,
  value,
  onChange,
  errors = [],
}: {
  id: string;
  value: Purpose | '';
  onChange: (purpose: Purpose | '') => void;
  errors?: string[];
}) {
  const t = useMessages(privacyMessages);
  return (
    <>
      <label htmlFor={id}>{t.purpose.label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(isPurpose(e.target.value) ? e.target.value : '')}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
      >
        <option value="">{t.purpose.choose}</option>
        {PURPOSES.map((p) => (
          <option key={p} value={p}>
            {t.purposes[p]}
          </option>
        ))}
      </select>
      <FieldMessages id={`${id}-error`} messages={errors} />
    </>
  );
}
