import { fieldMessages, type Failure } from '../../../lib/problem';

/** Where each field of the new-campaign form finds its id, its problems and its description. */
export interface CampaignFields {
  id: string;
  problems: (field: string) => string[];
  described: (field: string, errors: string[]) => string;
}

/** Field problems come from the preview (fields of the target) or from creating (target.…). */
export function campaignFields(
  id: string,
  countFailure: Failure | undefined,
  failure: Failure | undefined,
): CampaignFields {
  return {
    id,
    problems: (field) => [
      ...fieldMessages(countFailure, field),
      ...fieldMessages(failure, field === 'name' || field === 'maxReminders' ? field : `target.${field}`),
    ],
    described: (field, errors) =>
      [`${id}-${field}-hint`, errors.length > 0 ? `${id}-${field}-error` : ''].filter(Boolean).join(' '),
  };
}
