import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { campaignsMessages } from '../messages';
import type { CampaignFields } from './fields';

/** How many reminders at most; empty leaves the API's default. */
export function MaxRemindersField({
  fields,
  value,
  onChange,
}: {
  fields: CampaignFields;
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useMessages(campaignsMessages);
  const { id } = fields;
  const errors = fields.problems('maxReminders');
  return (
    <div className="field">
      <label htmlFor={`${id}-maxReminders`}>{t.maxReminders}</label>
      <input
        id={`${id}-maxReminders`}
        type="number"
        inputMode="numeric"
        min={0}
        max={10}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={fields.described('maxReminders', errors)}
      />
      <p className="hint" id={`${id}-maxReminders-hint`}>
        {t.maxRemindersHelp}
      </p>
      <FieldMessages id={`${id}-maxReminders-error`} messages={errors} />
    </div>
  );
}
