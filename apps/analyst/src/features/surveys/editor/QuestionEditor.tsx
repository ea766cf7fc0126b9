import { QUESTION_TYPES, RATING_KINDS, type QuestionType } from '@survey/questionnaire';
import { useId } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { ChoiceTable } from './ChoiceTable';
import { useEditor } from './context';
import {
  fieldId,
  getIn,
  isQuestionType,
  keyOf,
  setIn,
  textsOf,
  updateIn,
  withType,
  type JsonObject,
  type Path,
} from './draft';
import { TextsGrid, type TextRow } from './TextsGrid';

export interface QuestionPosition {
  /** Number of the question in the whole questionnaire, from 1. */
  number: number;
  isFirst: boolean;
  isLast: boolean;
  onMove(direction: -1 | 1): void;
  onRemove(): void;
}

/** The number typed in an input, or undefined (the property is then left out) when empty. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function NumberField({ path, label, min, max }: { path: Path; label: string; min?: number; max?: number }) {
  const { draft, update, readOnly } = useEditor();
  const id = fieldId(path);
  const value = getIn(draft, path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={1}
        min={min}
        max={max}
        className="number-input"
        disabled={readOnly}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => {
          const next = numberOf(event.target.value);
          update((current) => setIn(current, path, next));
        }}
      />
    </div>
  );
}

/** One question: a header that says what it is, and when expanded every property and text. */
export function QuestionEditor({
  question,
  path,
  position,
}: {
  question: JsonObject;
  path: Path;
  position: QuestionPosition;
}) {
  const t = useMessages(surveyMessages);
  const id = useId();
  const { update, isExpanded, setExpanded, readOnly } = useEditor();
  const key = keyOf(question);
  const expanded = isExpanded(key);
  const { number } = position;
  const type = isQuestionType(question.type) ? question.type : undefined;
  const name = typeof question.name === 'string' ? question.name : '';
  const englishTitle = textsOf(question.title).en;
  const label = t.questionLabel(number);
  const set = (property: string, value: unknown) => update((current) => setIn(current, [...path, property], value));

  const textRows: TextRow[] = [
    { label: t.titleRow, path: [...path, 'title'] },
    { label: t.descriptionRow, path: [...path, 'description'], optional: true },
  ];
  if (type === 'rating') {
    textRows.push(
      { label: t.minRateDescription, path: [...path, 'minRateDescription'], optional: true },
      { label: t.maxRateDescription, path: [...path, 'maxRateDescription'], optional: true },
    );
  }
  if (type === 'boolean') {
    textRows.push(
      { label: t.labelTrue, path: [...path, 'labelTrue'], optional: true },
      { label: t.labelFalse, path: [...path, 'labelFalse'], optional: true },
    );
  }

  return (
    <section
      className="question-card"
      id={fieldId(path)}
      tabIndex={-1}
      aria-labelledby={`${id}-heading`}
      data-question={name}
    >
      <div className="question-head">
        <h3 id={`${id}-heading`}>
          {t.questionHeading(number)}
          {name && (
            <>
              {' · '}
              <code>{name}</code>
            </>
          )}
        </h3>
        <span className="badge">{type ? t.typeNames[type] : String(question.type ?? '?')}</span>
        {question.isRequired === true && <span className="badge">{t.requiredBadge}</span>}
        {typeof question.visibleIf === 'string' && question.visibleIf.trim() !== '' && (
          <span className="badge">{t.conditionalBadge}</span>
        )}
        <div className="question-actions">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={`${id}-body`}
            onClick={() => setExpanded(key, !expanded)}
          >
            {expanded ? t.hideQuestion(number) : t.editQuestion(number)}
          </button>
          {!readOnly && (
            <>
              <button
                type="button"
                className="icon-button"
                aria-label={t.moveQuestionUp(number)}
                title={t.moveQuestionUp(number)}
                disabled={position.isFirst}
                onClick={() => position.onMove(-1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t.moveQuestionDown(number)}
                title={t.moveQuestionDown(number)}
                disabled={position.isLast}
                onClick={() => position.onMove(1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t.removeQuestion(number)}
                title={t.removeQuestion(number)}
                onClick={position.onRemove}
              >
                ✕
              </button>
            </>
          )}
        </div>
      </div>
      {!expanded && <p className="question-summary">{englishTitle || t.noEnglishTitle}</p>}
      <div id={`${id}-body`} hidden={!expanded}>
        {expanded && (
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
            </div>
            <label htmlFor={fieldId([...path, 'visibleIf'])}>{t.visibleIf}</label>
            <input
              id={fieldId([...path, 'visibleIf'])}
              className="condition-input"
              aria-describedby={`${id}-condition-hint`}
              disabled={readOnly}
              spellCheck={false}
              value={typeof question.visibleIf === 'string' ? question.visibleIf : ''}
              onChange={(event) => set('visibleIf', event.target.value === '' ? undefined : event.target.value)}
            />
            <p className="hint" id={`${id}-condition-hint`}>
              {t.visibleIfHint}
            </p>
            {type === 'rating' && (
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
            )}
            {type === 'checkbox' && (
              <NumberField path={[...path, 'maxSelectedChoices']} label={t.maxSelected} min={1} />
            )}
            {type === 'comment' && <NumberField path={[...path, 'maxLength']} label={t.maxLength} min={1} />}
            <TextsGrid caption={t.textsCaption(label)} rows={textRows} />
            {(type === 'radiogroup' || type === 'dropdown' || type === 'checkbox') && (
              <ChoiceTable path={path} kind="choices" owner={label} />
            )}
            {type === 'matrix' && (
              <>
                <ChoiceTable path={path} kind="rows" owner={label} />
                <ChoiceTable path={path} kind="columns" owner={label} />
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
