import { QueryProblem } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { $api } from '../../../lib/query';
import { useNames } from '../../contacts/names';
import { campaignsMessages } from '../messages';
import type { CampaignTarget, Segment } from '../target';
import { ChoiceGroup } from './ChoiceGroup';
import type { TargetChoice } from './choice';
import type { CampaignFields } from './fields';
import { SegmentChoices } from './SegmentChoices';
import { TextField } from './TextField';

/** Who the campaign is for: countries typed, segments, roles and platforms ticked. */
export function TargetFields({
  fields,
  choice,
  onChoice,
  target,
}: {
  fields: CampaignFields;
  choice: TargetChoice;
  onChoice: (next: TargetChoice) => void;
  target: CampaignTarget;
}) {
  const t = useMessages(campaignsMessages);
  const names = useNames();
  // What the directory holds: roles and platforms are chosen from it, segments show their counts.
  const facets = $api.useQuery('get', '/api/v1/contacts/facets');
  const facetsData = facets.isSuccess && !facets.isFetching ? facets.data : undefined;
  const segmentCount = (segment: Segment) => facetsData?.segments.find((s) => s.value === segment)?.count ?? 0;
  const countryNames = target.countries?.map((c) => `${names.country(c)} (${c})`).join(', ');
  return (
    <fieldset className="target">
      <legend>{t.targetLegend}</legend>
      <TextField
        fields={fields}
        field="countries"
        label={t.countries}
        hint={t.countriesHelp}
        value={choice.countries}
        onChange={(countries) => onChoice({ ...choice, countries })}
        size={32}
      />
      {countryNames && (
        <p className="chosen" data-testid="chosen-countries">
          {countryNames}
        </p>
      )}
      <SegmentChoices
        fields={fields}
        chosen={choice.segments}
        onChosen={(segments) => onChoice({ ...choice, segments })}
        countOf={facetsData ? segmentCount : undefined}
      />
      <QueryProblem query={facets} />
      <ChoiceGroup
        fields={fields}
        field="roles"
        legend={t.roles}
        hint={t.rolesHelp}
        values={facetsData?.roles}
        chosen={choice.roles}
        onChosen={(roles) => onChoice({ ...choice, roles })}
      />
      <ChoiceGroup
        fields={fields}
        field="platforms"
        legend={t.platforms}
        hint={t.platformsHelp}
        values={facetsData?.platforms}
        chosen={choice.platforms}
        onChosen={(platforms) => onChoice({ ...choice, platforms })}
      />
      {facetsData?.truncated && <p className="hint">{t.moreValues}</p>}
    </fieldset>
  );
}
