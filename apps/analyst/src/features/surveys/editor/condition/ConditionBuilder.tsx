import type { ConditionOperator, Literal } from '@survey/questionnaire';
import { useEffect, useId, useRef, useState } from 'react';
import { useMessages } from '../../../../lib/i18n';
import { conditionMessages } from './condition-messages';
import {
  defaultClause,
  operatorsFor,
  valueInputFor,
  withOperator,
  withQuestion,
  type BuilderModel,
  type Clause,
  type Join,
  type Subject,
} from './condition-model';

/**
 * The clauses of a condition as pickers: question, test, value; joined by one word. Every change
 * hands back a complete model (a new clause starts on a question with its first test and value).
 */
export function ConditionBuilder({
  model,
  subjects,
  readOnly,
  canBeEmpty,
  onChange,
}: {
  model: BuilderModel | null;
  subjects: readonly Subject[];
  readOnly: boolean;
  /** Whether the last clause may be removed (no condition at all). */
  canBeEmpty: boolean;
  onChange: (model: BuilderModel | null) => void;
}) {
  const m = useMessages(conditionMessages);
  const id = useId();
  const clauses = model?.clauses ?? [];
  const join = model?.join ?? 'and';
  const byName = new Map(subjects.map((subject) => [subject.name, subject]));
  // Keyboard users land on the new clause's first picker, or on "Add" once a clause is removed.
  const [focus, setFocus] = useState<number | 'add' | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus === null) return;
    setFocus(null);
    if (focus === 'add') addButton.current?.focus();
    else document.getElementById(`${id}-${focus}-question`)?.focus();
  }, [focus, id]);

  const change = (next: Clause[], nextJoin: Join = join) =>
    onChange(next.length === 0 ? null : { join: next.length === 1 ? 'and' : nextJoin, clauses: next });
  const replace = (index: number, clause: Clause) => change(clauses.map((each, i) => (i === index ? clause : each)));

  return (
    <div className="condition-builder">
      {clauses.length === 0 && <p className="hint">{m.noCondition}</p>}
      {clauses.length > 1 && (
        <div className="condition-join">
          <label htmlFor={`${id}-join`}>{m.join}</label>
          <select
            id={`${id}-join`}
            disabled={readOnly}
            value={join}
            onChange={(event) => change(clauses, event.target.value as Join)}
          >
            <option value="and">{m.joinAnd}</option>
            <option value="or">{m.joinOr}</option>
          </select>
        </div>
      )}
      <ol className="condition-clauses">
        {clauses.map((clause, index) => {
          const subject = byName.get(clause.question);
          // modelFromText only lets through clauses on offered questions.
          if (!subject) return null;
          return (
            <li key={index}>
              {index > 0 && (
                <span className="condition-join-word" aria-hidden="true">
                  {m.joinWord[join]}
                </span>
              )}
              <ClauseFields
                base={`${id}-${index}`}
                number={index + 1}
                clause={clause}
                subject={subject}
                subjects={subjects}
                readOnly={readOnly}
                onChange={(next) => replace(index, next)}
                onRemove={
                  clauses.length > 1 || canBeEmpty
                    ? () => {
                        change(clauses.filter((_, i) => i !== index));
                        setFocus('add');
                      }
                    : undefined
                }
              />
            </li>
          );
        })}
      </ol>
      {!readOnly && subjects.length > 0 && (
        <button
          type="button"
          ref={addButton}
          onClick={() => {
            change([...clauses, defaultClause(subjects[subjects.length - 1])]);
            setFocus(clauses.length);
          }}
        >
          {m.addClause}
        </button>
      )}
    </div>
  );
}

function ClauseFields({
  base,
  number,
  clause,
  subject,
  subjects,
  readOnly,
  onChange,
  onRemove,
}: {
  base: string;
  number: number;
  clause: Clause;
  subject: Subject;
  subjects: readonly Subject[];
  readOnly: boolean;
  onChange: (clause: Clause) => void;
  onRemove?: () => void;
}) {
  const m = useMessages(conditionMessages);
  const input = valueInputFor(subject, clause.operator, m);
  return (
    <fieldset className="condition-clause">
      <legend>{m.clause(number)}</legend>
      <div className="condition-clause-fields">
        <div>
          <label htmlFor={`${base}-question`}>{m.question}</label>
          <select
            id={`${base}-question`}
            disabled={readOnly}
            value={clause.question}
            onChange={(event) => {
              const next = subjects.find((each) => each.name === event.target.value);
              if (next) onChange(withQuestion(clause, next));
            }}
          >
            {subjects.map((each) => (
              <option key={each.name} value={each.name}>
                {m.questionOption(each.title, each.name)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${base}-operator`}>{m.operator}</label>
          <select
            id={`${base}-operator`}
            disabled={readOnly}
            value={clause.operator}
            onChange={(event) => onChange(withOperator(clause, event.target.value as ConditionOperator, subject))}
          >
            {operatorsFor(subject).map((operator) => (
              <option key={operator} value={operator}>
                {m.operators[operator]}
              </option>
            ))}
          </select>
        </div>
        {input.kind === 'choices' && (
          <div>
            <label htmlFor={`${base}-value`}>{m.value}</label>
            <select
              id={`${base}-value`}
              disabled={readOnly}
              value={optionKey(clause.value)}
              onChange={(event) => {
                const picked = input.options.find((option) => optionKey(option.value) === event.target.value);
                if (picked) onChange({ ...clause, value: picked.value });
              }}
            >
              {input.options.map((option) => (
                <option key={optionKey(option.value)} value={optionKey(option.value)}>
                  {typeof option.value === 'boolean'
                    ? option.label
                    : m.choiceOption(option.label, String(option.value))}
                </option>
              ))}
            </select>
          </div>
        )}
        {input.kind === 'number' && (
          <NumberValue
            id={`${base}-value`}
            label={m.value}
            value={typeof clause.value === 'number' ? clause.value : input.max}
            min={input.min}
            max={input.max}
            readOnly={readOnly}
            onChange={(value) => onChange({ ...clause, value })}
          />
        )}
        {!readOnly && onRemove && (
          <button type="button" className="condition-remove" onClick={onRemove}>
            {m.removeClause(number)}
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** Choice values may be numbers or strings that look alike (1 and '1'): the key keeps them apart. */
function optionKey(value: Literal | undefined): string {
  return `${typeof value}:${String(value)}`;
}

/**
 * A whole number in a range. What is typed stays in the field while it is not such a number;
 * the condition changes only once it is one.
 */
function NumberValue({
  id,
  label,
  value,
  min,
  max,
  readOnly,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  readOnly: boolean;
  onChange: (value: number) => void;
}) {
  const m = useMessages(conditionMessages);
  const [typed, setTyped] = useState(String(value));
  useEffect(() => {
    setTyped((current) => (Number(current) === value && current.trim() !== '' ? current : String(value)));
  }, [value]);
  const number = typed.trim() === '' ? Number.NaN : Number(typed);
  const valid = Number.isInteger(number) && number >= min && number <= max;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        className="number-input"
        step={1}
        min={min}
        max={max}
        disabled={readOnly}
        aria-invalid={!valid}
        aria-describedby={`${id}-hint`}
        value={typed}
        onChange={(event) => {
          setTyped(event.target.value);
          const next = event.target.value.trim() === '' ? Number.NaN : Number(event.target.value);
          if (Number.isInteger(next) && next >= min && next <= max && next !== value) onChange(next);
        }}
      />
      <p className={valid ? 'hint' : 'field-error'} id={`${id}-hint`}>
        {valid ? m.numberHint(min, max) : m.numberInvalid(min, max)}
      </p>
    </div>
  );
}
