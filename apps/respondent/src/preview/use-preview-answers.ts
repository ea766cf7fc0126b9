import { validateAnswers, type AnswerValue, type Answers, type Questionnaire } from '@survey/questionnaire';
import { useEffect, useState, type FormEvent } from 'react';
import {
  firstIncompletePage,
  firstPageWithProblem,
  missingOnPage,
  problemsOfErrors,
  usableAnswers,
  visiblePageIndexes,
  withAnswer,
} from '../survey/answers';
import { useQuestionProblems } from '../survey/use-question-problems';

/**
 * The answers tried in the preview and the page shown, checked as the survey checks them, until
 * the last page's answers are accepted (never sent). The draft may change meanwhile.
 */
export function usePreviewAnswers(questionnaire: Questionnaire) {
  const [answers, setAnswers] = useState<Answers>({});
  const [page, setPage] = useState<number | null>(null);
  const { problems, setProblems, point } = useQuestionProblems();
  const [accepted, setAccepted] = useState(false);

  // A new draft keeps the answers that still fit it (and the page, and what it had to say).
  useEffect(() => {
    setAnswers((given) => usableAnswers(questionnaire, given));
  }, [questionnaire]);

  const shownPages = visiblePageIndexes(questionnaire, answers);
  // The page being looked at may have gone from the new draft: the nearest one before it then.
  const current =
    page === null
      ? null
      : shownPages.includes(page)
        ? page
        : (shownPages.filter((i) => i < page).pop() ?? shownPages[0]);
  const position = current === undefined || current === null ? -1 : shownPages.indexOf(current);
  const isLast = position === shownPages.length - 1;

  function change(name: string, value: AnswerValue | undefined) {
    setAnswers(withAnswer(questionnaire, answers, name, value));
    if (problems[name]) {
      const { [name]: _fixed, ...rest } = problems;
      setProblems(rest);
    }
  }

  function goTo(index: number | null) {
    setProblems({});
    setPage(index);
    window.scrollTo(0, 0);
  }

  function showErrors(errors: { field: string }[]) {
    const found = problemsOfErrors(errors);
    const firstPage = firstPageWithProblem(questionnaire, shownPages, found);
    if (firstPage !== undefined) setPage(firstPage);
    point(found);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (current === null || current === undefined) return;
    const missing = missingOnPage(questionnaire, current, answers);
    if (Object.keys(missing).length > 0) return point(missing);
    if (!isLast) return goTo(shownPages[position + 1]);
    const skipped = firstIncompletePage(questionnaire, shownPages, answers);
    if (skipped) {
      setPage(skipped.index);
      return point(skipped.missing);
    }
    const checked = validateAnswers(questionnaire, answers, { partial: false });
    if (!checked.ok) showErrors(checked.errors);
    else setAccepted(true);
  }

  function startAgain() {
    setAccepted(false);
    setAnswers({});
    goTo(null);
  }

  return { answers, current, shownPages, position, isLast, problems, accepted, change, goTo, onSubmit, startAgain };
}
