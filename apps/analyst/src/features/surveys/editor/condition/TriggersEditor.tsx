import { isPlainObject } from '@survey/questionnaire';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useMessages } from '../../../../lib/i18n';
import { useEditor } from '../context';
import { fieldId, getIn, listOf, moveItem, removeItem, setIn, type JsonObject } from '../draft';
import { ConditionField } from './ConditionField';
import { conditionMessages } from './condition-messages';
import { defaultClause, textFromModel } from './condition-model';
import { firstJumpTarget, pageOfQuestion, subjectsForTrigger, textIn } from './subjects';
import { useSubjects } from './useSubjects';

type TriggerType = 'skip' | 'complete';

/** The questionnaire's triggers: jumps to a later page and early ends, each with its condition, in order. */
export function TriggersEditor() {
  const m = useMessages(conditionMessages);
  const { draft, update, readOnly } = useEditor();
  const all = useSubjects();
  const list = getIn(draft, ['triggers']);
  const triggers: unknown[] = Array.isArray(list) ? list : [];
  const setTriggers = (change: (current: unknown[]) => unknown[]) =>
    update((current) => {
      const now = getIn(current, ['triggers']);
      const next = change(Array.isArray(now) ? now : []);
      return setIn(current, ['triggers'], next.length === 0 ? undefined : next);
    });

  // Keyboard users land on the new rule's first field, or on "Add" once a rule is removed.
  const [focus, setFocus] = useState<number | 'add' | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus === null) return;
    setFocus(null);
    if (focus === 'add') addButton.current?.focus();
    else document.getElementById(fieldId(['triggers', focus, 'type']))?.focus();
  }, [focus]);

  function add() {
    const last = all[all.length - 1];
    const expression = last ? textFromModel({ join: 'and', clauses: [defaultClause(last.subject)] }) : '';
    setTriggers((current) => [...current, { type: 'complete', expression }]);
    setFocus(triggers.length);
  }

  return (
    <section
      className="panel triggers-editor"
      aria-labelledby="qe-triggers-heading"
      id={fieldId('triggers')}
      tabIndex={-1}
    >
      <h2 id="qe-triggers-heading">{m.triggersTitle}</h2>
      <p className="hint">{m.triggersHint}</p>
      {list !== undefined && !Array.isArray(list) && <p className="problem">{m.triggerOtherShape}</p>}
      {list === undefined && <p>{m.noTriggers}</p>}
      {triggers.length > 0 && (
        <ol className="trigger-list">
          {triggers.map((trigger, index) => (
            <li key={index}>
              {isPlainObject(trigger) && (trigger.type === 'skip' || trigger.type === 'complete') ? (
                <TriggerFields
                  trigger={trigger}
                  type={trigger.type}
                  index={index}
                  count={triggers.length}
                  onChange={(next) => setTriggers((current) => current.map((each, i) => (i === index ? next : each)))}
                  onMove={(direction) => setTriggers((current) => moveItem(current, index, index + direction))}
                  onRemove={() => {
                    setTriggers((current) => removeItem(current, index));
                    setFocus('add');
                  }}
                />
              ) : (
                <p className="problem" id={fieldId(['triggers', index])}>
                  {m.trigger(index + 1)}: {m.triggerOtherShape}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (list === undefined || Array.isArray(list)) && (
        <button type="button" ref={addButton} onClick={add} disabled={all.length === 0}>
          {m.addTrigger}
        </button>
      )}
    </section>
  );
}

function TriggerFields({
  trigger,
  type,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  trigger: JsonObject;
  type: TriggerType;
  index: number;
  count: number;
  onChange: (trigger: JsonObject) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}) {
  const m = useMessages(conditionMessages);
  const { locale } = useLocale();
  const { draft, readOnly, languages } = useEditor();
  const all = useSubjects();
  const number = index + 1;
  const path = ['triggers', index] as const;
  const expression = typeof trigger.expression === 'string' ? trigger.expression : '';
  const gotoPage = type === 'skip' ? pageOfQuestion(draft, trigger.gotoName) : undefined;
  const questions = listOf(draft, 'pages').flatMap((page) => listOf(page, 'elements'));
  const gotoName = typeof trigger.gotoName === 'string' ? trigger.gotoName : '';

  function changeType(next: TriggerType) {
    if (next === 'complete') {
      const { gotoName: _dropped, ...rest } = trigger;
      onChange({ ...rest, type: next });
    } else {
      const target = firstJumpTarget(draft, trigger.expression);
      onChange({ ...trigger, type: next, ...(target !== undefined && { gotoName: target }) });
    }
  }

  return (
    <fieldset className="trigger" id={fieldId(path)} tabIndex={-1}>
      <legend>{m.trigger(number)}</legend>
      <div className="form-row">
        <div>
          <label htmlFor={fieldId([...path, 'type'])}>{m.triggerType}</label>
          <select
            id={fieldId([...path, 'type'])}
            disabled={readOnly}
            value={type}
            onChange={(event) => changeType(event.target.value as TriggerType)}
          >
            <option value="complete">{m.triggerTypes.complete}</option>
            <option value="skip">{m.triggerTypes.skip}</option>
          </select>
        </div>
        {type === 'skip' && (
          <div>
            <label htmlFor={fieldId([...path, 'gotoName'])}>{m.gotoName}</label>
            <select
              id={fieldId([...path, 'gotoName'])}
              disabled={readOnly}
              value={gotoName}
              onChange={(event) => onChange({ ...trigger, gotoName: event.target.value })}
            >
              {!questions.some((question) => question.name === gotoName) && (
                <option value={gotoName}>{gotoName || m.gotoNone}</option>
              )}
              {questions
                .filter((question) => typeof question.name === 'string' && question.name !== '')
                .map((question) => {
                  const name = question.name as string;
                  const title = textIn(question.title, [locale, ...languages]);
                  return (
                    <option key={name} value={name}>
                      {m.questionOption(title, name)}
                    </option>
                  );
                })}
            </select>
          </div>
        )}
      </div>
      <ConditionField
        path={[...path, 'expression']}
        label={m.when}
        value={expression}
        subjects={subjectsForTrigger(all, gotoPage)}
        canBeEmpty={false}
        onChange={(text) => onChange({ ...trigger, expression: text ?? '' })}
      />
      {!readOnly && (
        <div className="question-actions">
          <button type="button" disabled={index === 0} onClick={() => onMove(-1)}>
            {m.moveTriggerUp(number)}
          </button>
          <button type="button" disabled={index === count - 1} onClick={() => onMove(1)}>
            {m.moveTriggerDown(number)}
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            {m.removeTrigger(number)}
          </button>
        </div>
      )}
    </fieldset>
  );
}
