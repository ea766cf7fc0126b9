import { LANGUAGES } from '@survey/questionnaire';
import { fieldAria, FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { isLanguage, useLanguageNames, type Campaign, type StatisticsChoice } from '../filters';
import { messages } from '../messages';
import type { FieldErrors } from './StatisticsFields';

/** Which responses count (campaign, period) and the language of the labels. */
export function ScopeFields({
  id,
  value,
  set,
  campaigns,
  errors,
  languageLabel,
}: {
  id: string;
  value: StatisticsChoice;
  set: (patch: Partial<StatisticsChoice>) => void;
  campaigns: Campaign[];
  errors: FieldErrors;
  languageLabel: string | undefined;
}) {
  const t = useMessages(messages);
  const languageNames = useLanguageNames();
  return (
    <div className="form-row">
      <div>
        <label htmlFor={`${id}-campaign`}>{t.campaign}</label>
        <select
          id={`${id}-campaign`}
          value={value.campaignId}
          onChange={(e) => set({ campaignId: e.target.value })}
          {...fieldAria(errors.campaign, `${id}-campaign-error`)}
        >
          <option value="">{t.allResponses}</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.name}
            </option>
          ))}
        </select>
        <FieldMessages id={`${id}-campaign-error`} messages={errors.campaign} />
      </div>
      <DayField
        id={`${id}-from`}
        label={t.from}
        value={value.from}
        onChange={(from) => set({ from })}
        errors={errors.from}
      />
      <DayField id={`${id}-to`} label={t.to} value={value.to} onChange={(to) => set({ to })} errors={errors.to} />
      <div>
        <label htmlFor={`${id}-language`}>{languageLabel ?? t.labelLanguage}</label>
        <select
          id={`${id}-language`}
          value={value.language}
          onChange={(e) => isLanguage(e.target.value) && set({ language: e.target.value })}
          {...fieldAria(errors.language, `${id}-language-error`)}
        >
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {languageNames[language]}
            </option>
          ))}
        </select>
        <FieldMessages id={`${id}-language-error`} messages={errors.language} />
      </div>
    </div>
  );
}

/** One end of the period, as a day. */
function DayField({
  id,
  label,
  value,
  onChange,
  errors,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (day: string) => void;
  errors: string[];
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...fieldAria(errors, `${id}-error`)}
      />
      <FieldMessages id={`${id}-error`} messages={errors} />
    </div>
  );
}
