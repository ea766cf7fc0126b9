import type { FieldRule, FieldValue } from '../../../lib/field-rules';
import type { TargetChoice } from './choice';
import { targetOf } from './choice';

/** The API's rules for a new campaign (CreateCampaignDto, CampaignTargetDto), checked before sending. */
export const CAMPAIGN_RULES = {
  name: { required: true, maxLength: 200 },
  countries: { maxItems: 250, each: { pattern: /^[A-Z]{2}$/ } },
  maxReminders: { integer: { min: 0, max: 10 } },
} as const satisfies Record<string, FieldRule>;

export type CampaignField = keyof typeof CAMPAIGN_RULES;

/** The form's values as its check reads them: the countries as the list that would be sent. */
export function campaignChecked(
  name: string,
  choice: TargetChoice,
  maxReminders: string,
): Record<CampaignField, FieldValue> {
  return { name, countries: targetOf(choice).countries ?? [], maxReminders };
}

/** Where the API names each field of the form in its refusal of the new campaign. */
export function campaignApiField(field: string): string {
  return field === 'name' || field === 'maxReminders' ? field : `target.${field}`;
}
