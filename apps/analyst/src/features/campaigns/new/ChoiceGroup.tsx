import type { components } from '@survey/api-client';
import { FieldMessages } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { campaignsMessages } from '../messages';
import type { CampaignFields } from './fields';

type FacetValue = components['schemas']['FacetValueDto'];

/** Checkboxes for the values the directory holds, each with its count; none ticked means any. */
export function ChoiceGroup({
  fields,
  field,
  legend,
  hint,
  values,
  chosen,
  onChosen,
}: {
  fields: CampaignFields;
  field: 'roles' | 'platforms';
  legend: string;
  hint: string;
  values: FacetValue[] | undefined;
  chosen: string[];
  onChosen: (next: string[]) => void;
}) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const { id } = fields;
  const errors = fields.problems(field);
  return (
    <fieldset
      className="segments"
      aria-describedby={fields.described(field, errors)}
      data-invalid={errors.length > 0 || undefined}
      data-testid={`target-${field}`}
    >
      <legend>{legend}</legend>
      {values?.map(({ value, count }) => (
        <label key={value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(value)}
            onChange={(e) => onChosen(e.target.checked ? [...chosen, value] : chosen.filter((v) => v !== value))}
          />
          {t.withCount(value, f.number(count))}
        </label>
      ))}
      {values?.length === 0 && <p>{t.noneInDirectory}</p>}
      <p className="hint" id={`${id}-${field}-hint`}>
        {hint}
      </p>
      <FieldMessages id={`${id}-${field}-error`} messages={errors} />
    </fieldset>
  );
}
