import { fieldAria, FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { DIMENSIONS, isDimension, type Dimension, type StatisticsChoice } from '../filters';
import { messages } from '../messages';

/** The crosstab: a dimension for its rows and one for its columns, or none. */
export function CrosstabFields({
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
  const select = (
    name: 'rows' | 'columns',
    label: string,
    chosen: Dimension | '',
    onChosen: (d: Dimension | '') => void,
  ) => (
    <div>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select
        id={`${id}-${name}`}
        value={chosen}
        onChange={(e) => onChosen(isDimension(e.target.value) ? e.target.value : '')}
        {...fieldAria(errors, `${id}-crosstab-error`)}
      >
        <option value="">{t.noCrosstab}</option>
        {DIMENSIONS.map((dimension) => (
          <option key={dimension} value={dimension}>
            {t.dimensions[dimension]}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="results-fieldset" aria-describedby={`${id}-crosstab-hint`}>
      <legend>{t.crosstab}</legend>
      <p className="hint" id={`${id}-crosstab-hint`}>
        {t.crosstabHint}
      </p>
      <div className="form-row">
        {select('rows', t.crosstabRows, value.crosstabRows, (crosstabRows) => set({ crosstabRows }))}
        {select('columns', t.crosstabColumns, value.crosstabColumns, (crosstabColumns) => set({ crosstabColumns }))}
      </div>
      <FieldMessages id={`${id}-crosstab-error`} messages={errors} />
    </fieldset>
  );
}
