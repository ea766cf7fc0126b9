import { useMessages } from '../../../../lib/i18n';
import { surveyMessages } from '../../messages';
import type { QuestionPosition } from '../QuestionEditor';

/** Moving the question up or down, and removing it; absent from a closed survey. */
export function QuestionActions({ position }: { position: QuestionPosition }) {
  const t = useMessages(surveyMessages);
  const { number } = position;
  return (
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
  );
}
