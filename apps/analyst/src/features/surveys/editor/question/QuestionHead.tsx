import type { QuestionType } from '@survey/questionnaire';
import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import { useEditor } from '../context';
import type { JsonObject } from '../draft';
import type { QuestionPosition } from '../QuestionEditor';
import { QuestionActions } from './QuestionActions';

/** What the question is (number, name, type, required, conditional) and the buttons that act on it. */
export function QuestionHead({
  id,
  question,
  type,
  name,
  position,
  expanded,
  onExpanded,
}: {
  id: string;
  question: JsonObject;
  type: QuestionType | undefined;
  name: string;
  position: QuestionPosition;
  expanded: boolean;
  onExpanded: (expanded: boolean) => void;
}) {
  const t = useMessages(surveyMessages);
  const { readOnly } = useEditor();
  const { number } = position;
  return (
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
          onClick={() => onExpanded(!expanded)}
        >
          {expanded ? t.hideQuestion(number) : t.editQuestion(number)}
        </button>
        {!readOnly && <QuestionActions position={position} />}
      </div>
    </div>
  );
}
