import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { DIMENSIONS, type StatisticsChoice } from '../filters';
import { messages } from '../messages';

/** The dimensions the statistics are broken down by, kept in their usual order. */
export function BreakdownFields({
  id,
  value,
  set,
  errors,
}: {
  id: string;
  value: StatisticsChoice;
  set: (patch: Partial<StatisticsChoice>) => void;
  errors: string[];
}) {
  const t = useMessages(messages);
  return (
    <fieldset
      className="results-fieldset"
      aria-describedby={errors.length > 0 ? `${id}-breakdowns-error` : `${id}-breakdowns-hint`}
    >
      <legend>{t.breakdowns}</legend>
      <p className="hint" id={`${id}-breakdowns-hint`}>
        {t.breakdownsHint}
      </p>
      {DIMENSIONS.map((dimension) => (
        <label key={dimension} className="checkbox">
          <input
            type="checkbox"
            checked={value.breakdowns.includes(dimension)}
            onChange={(e) =>
              set({
                breakdowns: e.target.checked
                  ? DIMENSIONS.filter((d) => d === dimension || value.breakdowns.includes(d))
                  : value.breakdowns.filter((d) => d !== dimension),
              })
            }
          />
          {t.dimensions[dimension]}
        </label>
      ))}
      <FieldMessages id={`${id}-breakdowns-error`} messages={errors} />
    </fieldset>
  );
}
