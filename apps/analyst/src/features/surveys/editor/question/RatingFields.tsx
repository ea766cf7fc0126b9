import { RATING_KINDS } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { fieldId, setIn, updateIn, type JsonObject, type Path } from '../draft';
import { NumberField } from './NumberField';

/** A rating's scale and kind; choosing a kind with a fixed scale sets that scale. */
export function RatingFields({ question, path }: { question: JsonObject; path: Path }) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  return (
    <div className="form-row">
      <NumberField path={[...path, 'rateMin']} label={t.rateMin} />
      <NumberField path={[...path, 'rateMax']} label={t.rateMax} />
      <div>
        <label htmlFor={fieldId([...path, 'ratingKind'])}>{t.ratingKind}</label>
        <select
          id={fieldId([...path, 'ratingKind'])}
          disabled={readOnly}
          value={typeof question.ratingKind === 'string' ? question.ratingKind : ''}
          onChange={(event) => {
            const kind = event.target.value;
            update((current) => {
              let next = setIn(current, [...path, 'ratingKind'], kind || undefined);
              // These kinds have a fixed scale: set it rather than let publishing refuse it.
              if (kind === 'nps')
                next = updateIn(next, path, (q) => ({ ...(q as JsonObject), rateMin: 0, rateMax: 10 }));
              if (kind === 'satisfaction')
                next = updateIn(next, path, (q) => ({ ...(q as JsonObject), rateMin: 1, rateMax: 5 }));
              return next;
            });
          }}
        >
          <option value="">{t.ratingKinds.none}</option>
          {RATING_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t.ratingKinds[kind]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
