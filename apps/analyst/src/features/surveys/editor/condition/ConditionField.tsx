import { useId, useState } from 'react';
import { useMessages } from '../../../../lib/i18n';
import { useEditor } from '../context';
import { fieldId, type Path } from '../draft';
import { ConditionBuilder } from './ConditionBuilder';
import { conditionMessages } from './condition-messages';
import { modelFromText, textFromModel, type NotBuildable, type Subject } from './condition-model';

type Mode = 'builder' | 'text';

/**
 * A condition (`visibleIf`, a trigger's `expression`), edited with the builder or as text. Both
 * hold the same text; a condition the builder cannot show stays in the text field, with a
 * sentence saying why.
 */
export function ConditionField({
  path,
  label,
  hint,
  value,
  subjects,
  canBeEmpty,
  onChange,
}: {
  path: Path;
  label: string;
  hint?: string;
  value: string;
  /** The questions the condition may read here, in document order. */
  subjects: readonly Subject[];
  canBeEmpty: boolean;
  onChange: (text: string | undefined) => void;
}) {
  const m = useMessages(conditionMessages);
  const id = useId();
  const { readOnly } = useEditor();
  const read = modelFromText(value, subjects);
  const [mode, setMode] = useState<Mode>(read.ok ? 'builder' : 'text');
  const showBuilder = mode === 'builder' && read.ok;
  const inputId = fieldId(path);
  const reasonId = `${id}-reason`;

  return (
    <fieldset
      className="condition-field"
      id={showBuilder ? inputId : undefined}
      tabIndex={showBuilder ? -1 : undefined}
      aria-describedby={hint ? `${id}-hint` : undefined}
    >
      <legend>{label}</legend>
      <div className="condition-mode" role="group" aria-label={m.modeLabel(label)}>
        <button
          type="button"
          aria-pressed={showBuilder}
          disabled={!read.ok}
          aria-describedby={read.ok ? undefined : reasonId}
          onClick={() => setMode('builder')}
        >
          {m.builderMode}
        </button>
        <button type="button" aria-pressed={!showBuilder} onClick={() => setMode('text')}>
          {m.textMode}
        </button>
      </div>
      {showBuilder ? (
        subjects.length === 0 && read.model === null ? (
          <p className="hint">{m.noSubjects}</p>
        ) : (
          <ConditionBuilder
            model={read.model}
            subjects={subjects}
            readOnly={readOnly}
            canBeEmpty={canBeEmpty}
            onChange={(model) => {
              const text = textFromModel(model);
              onChange(text === '' ? undefined : text);
            }}
          />
        )
      ) : (
        <>
          <label htmlFor={inputId} className="visually-hidden">
            {m.textLabel(label)}
          </label>
          <input
            id={inputId}
            className="condition-input"
            aria-describedby={[read.ok ? '' : reasonId, hint ? `${id}-hint` : ''].join(' ').trim() || undefined}
            disabled={readOnly}
            spellCheck={false}
            value={value}
            onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
          />
          {!read.ok && (
            <p className="hint condition-reason" id={reasonId}>
              {reasonSentence(read.why, m.notBuildable)}
            </p>
          )}
        </>
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </fieldset>
  );
}

function reasonSentence(why: NotBuildable, words: (typeof conditionMessages)['en']['notBuildable']): string {
  switch (why.reason) {
    case 'syntax':
      return words.syntax(why.error.position);
    case 'mixed':
      return words.mixed;
    case 'question':
      return words.question(why.question);
    case 'comparison':
      return words.comparison(why.question);
  }
}
