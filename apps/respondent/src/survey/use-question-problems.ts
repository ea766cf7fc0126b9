import { useCallback, useEffect, useState } from 'react';
import type { QuestionProblem } from './answers';

/** The first field of a question marked invalid that can take the focus. */
const FIRST_INVALID_FIELD =
  '[data-invalid="true"] input:not([disabled]), [data-invalid="true"] select, [data-invalid="true"] textarea';

/**
 * What the questions of the page shown have wrong. `point` shows new problems and, once the page
 * shows them, puts the focus in the first question marked, where a screen reader announces it.
 * The survey and the editor's preview both use it.
 */
export function useQuestionProblems() {
  const [problems, setProblems] = useState<Record<string, QuestionProblem>>({});
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest === 0) return;
    document.querySelector<HTMLElement>(FIRST_INVALID_FIELD)?.focus();
  }, [focusRequest]);

  const point = useCallback((found: Record<string, QuestionProblem>) => {
    setProblems(found);
    setFocusRequest((n) => n + 1);
  }, []);

  return { problems, setProblems, point };
}
