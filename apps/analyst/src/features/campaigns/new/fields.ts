import { fieldMessages, type Failure } from '../../../lib/problem';
import { campaignApiField } from './campaign-rules';

/** Where each field of the new-campaign form finds its id, its problems and its description. */
export interface CampaignFields {
  id: string;
  problems: (field: string) => string[];
  described: (field: string, errors: string[]) => string;
}

/**
 * A field's problems: the form's own check and the API's refusal of creating (`target.…`), both
 * from `useFormCheck().errorsOf`, then the preview's refusal of the target (named without `target.`).
 */
export function campaignFields(
  id: string,
  countFailure: Failure | undefined,
  errorsOf: (field: string, apiField?: string) => string[],
): CampaignFields {
  return {
    id,
    problems: (field) => [...errorsOf(field, campaignApiField(field)), ...fieldMessages(countFailure, field)],
    described: (field, errors) =>
      [`${id}-${field}-hint`, errors.length > 0 ? `${id}-${field}-error` : ''].filter(Boolean).join(' '),
  };
}
