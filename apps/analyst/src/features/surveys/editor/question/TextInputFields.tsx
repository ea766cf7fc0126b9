import { TEXT_INPUT_TYPES, VALIDATOR_TYPES } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import { fieldId, getIn, listOf, setIn, updateIn, type JsonObject, type Path } from '../draft';

/** The number typed in an input, or undefined (the property is then left out) when empty. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A number property (any number, decimals allowed); empty leaves it out. */
function AnyNumberField({ path, label }: { path: Path; label: string }) {
  const { draft, update, readOnly } = useEditor();
  const id = fieldId(path);
  const value = getIn(draft, path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step="any"
        className="number-input"
        disabled={readOnly}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => update((current) => setIn(current, path, numberOf(event.target.value)))}
      />
    </div>
  );
}

/** A date property (`YYYY-MM-DD`); empty leaves it out. */
function DateField({ path, label }: { path: Path; label: string }) {
  const { draft, update, readOnly } = useEditor();
  const id = fieldId(path);
  const value = getIn(draft, path);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        disabled={readOnly}
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => update((current) => setIn(current, path, event.target.value || undefined))}
      />
    </div>
  );
}

/**
 * A one-line question's kind of answer (SurveyJS `inputType`) and its bounds: `min`/`max` for
 * numbers and dates. Changing the kind drops the properties the new kind does not take.
 */
export function TextInputFields({ question, path }: { question: JsonObject; path: Path }) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  const kind = typeof question.inputType === 'string' ? question.inputType : 'text';
  const id = fieldId([...path, 'inputType']);
  return (
    <>
      <div className="form-row">
        <div>
          <label htmlFor={id}>{t.inputType}</label>
          <select
            id={id}
            disabled={readOnly}
            aria-describedby={`${id}-hint`}
            value={kind}
            onChange={(event) => {
              const next = event.target.value;
              update((current) =>
                updateIn(current, path, (value) => {
                  const {
                    inputType: _inputType,
                    min: _min,
                    max: _max,
                    maxLength: _maxLength,
                    validators: _validators,
                    ...rest
                  } = value as JsonObject;
                  const measured = next === 'number' || next === 'date';
                  const { maxLength } = value as JsonObject;
                  const kept = measured || maxLength === undefined ? {} : { maxLength };
                  // Properties left out are absent, not keys holding undefined (which are refused).
                  return { ...rest, ...(next === 'text' ? {} : { inputType: next }), ...kept };
                }),
              );
            }}
          >
            {TEXT_INPUT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.inputTypes[type]}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-hint`}>
            {t.inputTypeHint}
          </p>
        </div>
        {kind === 'number' && (
          <>
            <AnyNumberField path={[...path, 'min']} label={t.minNumber} />
            <AnyNumberField path={[...path, 'max']} label={t.maxNumber} />
          </>
        )}
        {kind === 'date' && (
          <>
            <DateField path={[...path, 'min']} label={t.minDate} />
            <DateField path={[...path, 'max']} label={t.maxDate} />
          </>
        )}
      </div>
      {kind !== 'date' && <ValidatorsFields question={question} path={path} kind={kind} label={t.validators} />}
    </>
  );
}

/**
 * The SurveyJS `validators` of a one-line question: numbers between bounds (number inputs), a
 * length, a pattern or an e-mail address (text inputs). Each may carry its own message, edited
 * with the question's texts.
 */
function ValidatorsFields({
  question,
  path,
  kind,
  label,
}: {
  question: JsonObject;
  path: Path;
  kind: string;
  label: string;
}) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  const validators = listOf(question, 'validators');
  const allowed = VALIDATOR_TYPES.filter((type) => (kind === 'number' ? type === 'numeric' : type !== 'numeric'));
  const listPath = [...path, 'validators'];
  const setList = (next: JsonObject[]) =>
    update((current) => setIn(current, listPath, next.length > 0 ? next : undefined));
  return (
    <fieldset className="validators">
      <legend>{label}</legend>
      {validators.map((validator, index) => {
        const at = [...listPath, index];
        const type = typeof validator.type === 'string' ? validator.type : '';
        const item = t.validatorItem(index + 1);
        return (
          <div className="form-row" key={index} role="group" aria-label={item}>
            <div>
              <label htmlFor={fieldId([...at, 'type'])}>{t.validatorType}</label>
              <select
                id={fieldId([...at, 'type'])}
                disabled={readOnly}
                value={type}
                onChange={(event) =>
                  update((current) =>
                    setIn(current, at, {
                      type: event.target.value,
                      ...(validator.text ? { text: validator.text } : {}),
                    }),
                  )
                }
              >
                {allowed.map((option) => (
                  <option key={option} value={option}>
                    {t.validatorTypes[option]}
                  </option>
                ))}
              </select>
            </div>
            {type === 'numeric' && (
              <>
                <AnyNumberField path={[...at, 'minValue']} label={t.minValue} />
                <AnyNumberField path={[...at, 'maxValue']} label={t.maxValue} />
              </>
            )}
            {type === 'text' && (
              <>
                <AnyNumberField path={[...at, 'minLength']} label={t.minLengthLabel} />
                <AnyNumberField path={[...at, 'maxLength']} label={t.maxLengthLabel} />
              </>
            )}
            {type === 'regex' && (
              <div>
                <label htmlFor={fieldId([...at, 'regex'])}>{t.regex}</label>
                <input
                  id={fieldId([...at, 'regex'])}
                  dir="ltr"
                  spellCheck={false}
                  disabled={readOnly}
                  aria-describedby={`${fieldId([...at, 'regex'])}-hint`}
                  value={typeof validator.regex === 'string' ? validator.regex : ''}
                  onChange={(event) => update((current) => setIn(current, [...at, 'regex'], event.target.value))}
                />
                <p className="hint" id={`${fieldId([...at, 'regex'])}-hint`}>
                  {t.regexHint}
                </p>
              </div>
            )}
            <div>
              <button
                type="button"
                disabled={readOnly}
                onClick={() => setList(validators.filter((_, i) => i !== index))}
              >
                {t.removeItem(item)}
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" disabled={readOnly} onClick={() => setList([...validators, { type: allowed[0] }])}>
        {t.addValidator}
      </button>
    </fieldset>
  );
}

/** "Other" and "None" items of radiogroup and checkbox questions (their labels are edited with the texts). */
export function ChoiceItemsFields({ question, path }: { question: JsonObject; path: Path }) {
  const t = useMessages(surveyMessages);
  const { update, readOnly } = useEditor();
  const flag = (key: 'showOtherItem' | 'showNoneItem', label: string, texts: string[]) => {
    const id = fieldId([...path, key]);
    return (
      <div className="checkbox-row">
        <input
          id={id}
          type="checkbox"
          disabled={readOnly}
          checked={question[key] === true}
          aria-describedby={`${fieldId([...path, 'showOtherItem'])}-hint`}
          onChange={(event) =>
            update((current) =>
              updateIn(current, path, (value) => {
                const next: JsonObject = { ...(value as JsonObject) };
                if (event.target.checked) next[key] = true;
                else for (const property of [key, ...texts]) delete next[property];
                return next;
              }),
            )
          }
        />
        <label htmlFor={id}>{label}</label>
      </div>
    );
  };
  return (
    <div>
      {flag('showOtherItem', t.showOtherItem, ['otherText', 'otherPlaceholder'])}
      {flag('showNoneItem', t.showNoneItem, ['noneText'])}
      <p className="hint" id={`${fieldId([...path, 'showOtherItem'])}-hint`}>
        {t.otherHint}
      </p>
    </div>
  );
}
