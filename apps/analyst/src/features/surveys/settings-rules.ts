import { LANGUAGES } from '@survey/questionnaire';
import type { FieldRule, FieldValue } from '../../lib/field-rules';

/** The longest retention a survey may have (the API's MAX_RETENTION_MONTHS); the organisation's own limit may be lower. */
export const MAX_RETENTION_MONTHS = 24;

/** The API's rules for a survey's settings (SurveySettingsFields), checked before sending. */
export const SETTINGS_RULES = {
  name: { required: true, maxLength: 200 },
  retentionMonths: { integer: { min: 1, max: MAX_RETENTION_MONTHS } },
  minGroupSize: { integer: { min: 3, max: 1000 } },
  languages: { required: true, each: { oneOf: LANGUAGES } },
} as const satisfies Record<string, FieldRule>;

export type SettingsField = keyof typeof SETTINGS_RULES;

/** The settings as the form holds them, as its check reads them. */
export function settingsChecked(values: {
  name: string;
  retentionMonths: string;
  minGroupSize: string;
  languages: readonly string[];
}): Record<SettingsField, FieldValue> {
  return {
    name: values.name,
    retentionMonths: values.retentionMonths,
    minGroupSize: values.minGroupSize,
    languages: values.languages,
  };
}
