import { FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { contactsMessages, PURPOSES } from './messages';

/** The list of purposes staff may state for reading personal data; nothing is chosen beforehand. */
export function PurposeSelect({
  id,
  value,
  onChange,
  errors,
}: {
  id: string;
  value: string;
  onChange: (purpose: string) => void;
  errors: string[];
}) {
  const t = useMessages(contactsMessages);
  const errorId = `${id}-error`;
  return (
    <div className="purpose-field">
      <label htmlFor={id}>{t.purpose}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? errorId : undefined}
      >
        <option value="">{t.choosePurpose}</option>
        {PURPOSES.map((purpose) => (
          <option key={purpose} value={purpose}>
            {t.purposes[purpose]}
          </option>
        ))}
      </select>
      <FieldMessages id={errorId} messages={errors} />
    </div>
  );
}

/** The label of a purpose, or its name when the API accepts one this console does not know. */
export function purposeLabel(labels: Record<string, string>, purpose: string): string {
  return labels[purpose] ?? purpose;
}
