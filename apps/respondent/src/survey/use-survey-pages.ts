import { validateAnswers, type AnswerValue, type Answers, type Questionnaire } from '@survey/questionnaire';
import { useRef, useState } from 'react';
import {
  firstIncompletePage,
  firstPageWithProblem,
  missingOnPage,
  problemsOfErrors,
  resumePage,
  visiblePageIndexes,
  withAnswer,
} from './answers';
import { surveySession } from './survey-session';
import { useQuestionProblems } from './use-question-problems';

/** Why the last attempt to send the answers failed, said on the page until the person moves on. */
export type SubmitError = 'offline' | 'failed' | null;

/**
 * The answers given so far and the page shown (kept in this tab, so a reload comes back to it),
 * with what the page has to say: the questions that need attention, and why sending failed.
 */
export function useSurveyPages(questionnaire: Questionnaire, initialAnswers: Answers, initialPage: number | null) {
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [page, setPage] = useState<number | null>(initialPage);
  const { problems, setProblems, point } = useQuestionProblems();
  const [submitError, setSubmitError] = useState<SubmitError>(null);
  // What the callbacks read, always current.
  const answersRef = useRef(answers);

  const shownPages = visiblePageIndexes(questionnaire, answers);
  const position = page === null ? -1 : shownPages.indexOf(page);

  /** Takes one answer; returns all the answers kept. */
  function change(name: string, value: AnswerValue | undefined): Answers {
    const kept = withAnswer(questionnaire, answersRef.current, name, value);
    answersRef.current = kept;
    setAnswers(kept);
    if (problems[name]) {
      const { [name]: _fixed, ...rest } = problems;
      const stillMissing = page === null ? {} : missingOnPage(questionnaire, page, kept);
      setProblems(stillMissing[name] ? { ...rest, [name]: stillMissing[name] } : rest);
    }
    return kept;
  }

  function goTo(index: number | null) {
    setProblems({});
    setSubmitError(null);
    setPage(index);
    surveySession.update({ page: index ?? undefined });
    if (index === null) return;
    window.scrollTo(0, 0);
  }

  return {
    answers,
    answersRef,
    page,
    setPage,
    shownPages,
    position,
    isLast: position === shownPages.length - 1,
    problems,
    setProblems,
    point,
    submitError,
    setSubmitError,
    change,
    goTo,
    start: () => goTo(initialPage ?? resumePage(questionnaire, answersRef.current)),
  };
}

type SurveyPages = ReturnType<typeof useSurveyPages>;

/**
 * The checks of the answers on the page shown, and of all of them before they are sent, over the
 * pages' state of this render.
 */
export function pageChecks(questionnaire: Questionnaire, pages: SurveyPages) {
  const { answers, answersRef, page, setPage, shownPages, setProblems, point, goTo } = pages;

  /** Shows what the page is missing; true when nothing is. */
  function checkPage(index: number): boolean {
    const missing = missingOnPage(questionnaire, index, answers);
    if (Object.keys(missing).length > 0) {
      point(missing);
      return false;
    }
    setProblems(missing);
    return true;
  }

  /** Shows the server's (or the validator's) objections on the page of the first one. */
  function showErrors(errors: { field: string }[]) {
    const found = problemsOfErrors(errors);
    const firstPage = firstPageWithProblem(questionnaire, shownPages, found);
    if (firstPage !== undefined && firstPage !== page) {
      setPage(firstPage);
      surveySession.update({ page: firstPage });
    }
    point(found);
  }

  /** Whether all the answers may be sent; if not, shows the first page that stops them, and why. */
  function readyToSend(): boolean {
    // A resumed survey may have skipped a page: the first one missing an answer is shown.
    const incomplete = firstIncompletePage(questionnaire, shownPages, answers);
    if (incomplete) {
      if (incomplete.index !== page) goTo(incomplete.index);
      point(incomplete.missing);
      return false;
    }
    const full = validateAnswers(questionnaire, answersRef.current, { partial: false });
    if (!full.ok) showErrors(full.errors);
    return full.ok;
  }

  return { checkPage, showErrors, readyToSend };
}
