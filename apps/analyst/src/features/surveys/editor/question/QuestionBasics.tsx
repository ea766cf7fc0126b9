import { QUESTION_TYPES, type QuestionType } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { QuestionCondition } from '../condition/PlaceConditions';
import { fieldId, setIn, updateIn, withType, type JsonObject, type Path } from '../draft';

/** The question's name, type, whether it is required, and the condition under which it shows. */
export function QuestionBasics({
  id,
  question,
  path,
  type,
  name,
}: {
  id: string;
  question: JsonObject;
  path: Path;
  type: QuestionType | undefined;
  name: string;
}) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  const set = (property: string, value: unknown) => update((current) => setIn(current, [...path, property], value));
  return (
    <>
      <div className="form-row">
        <div>
          <label htmlFor={fieldId([...path, 'name'])}>{t.questionName}</label>
          <input
            id={fieldId([...path, 'name'])}
            aria-describedby={`${id}-name-hint`}
            disabled={readOnly}
            value={name}
            onChange={(event) => set('name', event.target.value)}
          />
          <p className="hint" id={`${id}-name-hint`}>
            {t.questionNameHint}
          </p>
        </div>
        <div>
          <label htmlFor={fieldId([...path, 'type'])}>{t.questionType}</label>
          <select
            id={fieldId([...path, 'type'])}
            disabled={readOnly}
            value={type ?? ''}
            onChange={(event) => {
              const next = event.target.value as QuestionType;
              update((current) => updateIn(current, path, (old) => withType(old as JsonObject, next)));
            }}
          >
            {!type && <option value="">{String(question.type ?? '')}</option>}
            {QUESTION_TYPES.map((each) => (
              <option key={each} value={each}>
                {t.typeNames[each]}
              </option>
            ))}
          </select>
        </div>
        {type !== 'expression' && (
          <label className="checkbox">
            <input
              id={fieldId([...path, 'isRequired'])}
              type="checkbox"
              disabled={readOnly}
              checked={question.isRequired === true}
              onChange={(event) => set('isRequired', event.target.checked ? true : undefined)}
            />
            {t.isRequired}
          </label>
        )}
      </div>
      <QuestionCondition path={path} question={question} />
    </>
  );
}
