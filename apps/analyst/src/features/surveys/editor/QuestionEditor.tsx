import { useId } from 'react';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { useEditor } from './context';
import { fieldId, isQuestionType, keyOf, textsOf, type JsonObject, type Path } from './draft';
import { QuestionFields } from './question/QuestionFields';
import { QuestionHead } from './question/QuestionHead';

export interface QuestionPosition {
  /** Number of the question in the whole questionnaire, from 1. */
  number: number;
  isFirst: boolean;
  isLast: boolean;
  onMove(direction: -1 | 1): void;
  onRemove(): void;
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
  const { isExpanded, setExpanded } = useEditor();
  const key = keyOf(question);
  const expanded = isExpanded(key);
  const type = isQuestionType(question.type) ? question.type : undefined;
  const name = typeof question.name === 'string' ? question.name : '';
  const englishTitle = textsOf(question.title).en;

  return (
    <section
      className="question-card"
      id={fieldId(path)}
      tabIndex={-1}
      aria-labelledby={`${id}-heading`}
      data-question={name}
    >
      <QuestionHead
        id={id}
        question={question}
        type={type}
        name={name}
        position={position}
        expanded={expanded}
        onExpanded={(open) => setExpanded(key, open)}
      />
      {!expanded && <p className="question-summary">{englishTitle || t.noEnglishTitle}</p>}
      <div id={`${id}-body`} hidden={!expanded}>
        {expanded && (
          <QuestionFields
            id={id}
            question={question}
            path={path}
            type={type}
            name={name}
            label={t.questionLabel(position.number)}
          />
        )}
      </div>
    </section>
  );
}
