import { FieldMessages } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { campaignsMessages } from '../messages';
import { SEGMENTS, type Segment } from '../target';
import type { CampaignFields } from './fields';

/** A checkbox per segment, with how many contacts the directory holds in it once that is known. */
export function SegmentChoices({
  fields,
  chosen,
  onChosen,
  countOf,
}: {
  fields: CampaignFields;
  chosen: Segment[];
  onChosen: (next: Segment[]) => void;
  countOf: ((segment: Segment) => number) | undefined;
}) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const { id } = fields;
  const errors = fields.problems('segments');
  return (
    <fieldset
      className="segments"
      aria-describedby={fields.described('segments', errors)}
      data-invalid={errors.length > 0 || undefined}
    >
      <legend>{t.segments}</legend>
      {SEGMENTS.map((segment) => (
        <label key={segment} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(segment)}
            onChange={(e) => onChosen(e.target.checked ? [...chosen, segment] : chosen.filter((s) => s !== segment))}
          />
          {countOf ? t.withCount(t.segmentNames[segment], f.number(countOf(segment))) : t.segmentNames[segment]}
        </label>
      ))}
      <p className="hint" id={`${id}-segments-hint`}>
        {t.segmentsHelp}
      </p>
      <FieldMessages id={`${id}-segments-error`} messages={errors} />
    </fieldset>
  );
}
