import {
  drawDisplayOrder,
  localize,
  type AnswerValue,
  type Answers,
  type DisplayOrder,
  type Language,
  type Questionnaire,
} from '@survey/questionnaire';
import { useCallback, useMemo, useRef, type FormEvent } from 'react';
import { surveySession } from './survey-session';
import { useI18n } from '../i18n';
import { visibleQuestions } from './answers';
import { PageForm } from './PageForm';
import type { AnswersBody, RespondentApi, RespondentSurvey } from './respondent-api';
import { SaveStatus } from './SaveStatus';
import { SurveyIntro } from './SurveyIntro';
import type { SurveyEnd } from './survey-view';
import { useDraftSaver } from './use-draft-saver';
import { useSubmission } from './use-submission';
import { pageChecks, useSurveyPages } from './use-survey-pages';

interface SurveyFormProps {
  survey: RespondentSurvey;
  questionnaire: Questionnaire;
  initialAnswers: Answers;
  initialPage: number | null;
  api: RespondentApi;
  onEnd(end: SurveyEnd): void;
  onOpenNotice(): void;
}

/** The questionnaire of an open link, page by page, saved as a draft as it goes, then sent. */
export function SurveyForm({
  survey,
  questionnaire,
  initialAnswers,
  initialPage,
  api,
  onEnd,
  onOpenNotice,
}: SurveyFormProps) {
  const { t, language, formatDate } = useI18n();
  const pages = useSurveyPages(questionnaire, initialAnswers, initialPage);
  const checks = pageChecks(questionnaire, pages);
  // One order per respondent (kept in the tab with the link), shown and sent with the answers.
  const displayOrder = useMemo(() => drawDisplayOrder(questionnaire, surveySession.orderSeed()), [questionnaire]);
  const body = useAnswersBody(survey.questionnaireVersion, displayOrder);
  const { saveState, saverRef } = useDraftSaver(api, body, onEnd, pages.answersRef);
  const { submitting, submit } = useSubmission({ ...pages, ...checks, api, body, saverRef, onEnd });
  const { answers, page, shownPages, position, isLast } = pages;

  function change(name: string, value: AnswerValue | undefined) {
    saverRef.current?.change(pages.change(name, value));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (page === null || submitting) return;
    if (!checks.checkPage(page)) return;
    if (isLast) void submit();
    else pages.goTo(shownPages[position + 1]);
  }

  if (page === null || position < 0) {
    const hasAnswers = Object.keys(answers).length > 0;
    return (
      <SurveyIntro
        questionnaire={questionnaire}
        startLabel={hasAnswers ? t.resume : t.start}
        onStart={pages.start}
        footer={<SaveStatus state={saveState} />}
      >
        <section className="privacy-summary" aria-labelledby="privacy-summary-title">
          <h2 id="privacy-summary-title">{t.yourPrivacy}</h2>
          <p>{survey.privacyNotice.summary}</p>
          <button type="button" className="link-button" onClick={onOpenNotice}>
            {t.readFullNotice}
          </button>
        </section>
        {survey.draft && hasAnswers && <p>{t.draftSavedOn(formatDate(survey.draft.savedAt))}</p>}
      </SurveyIntro>
    );
  }

  const current = questionnaire.pages[page];
  return (
    <PageForm
      questionnaire={questionnaire}
      page={current}
      surveyTitle={localize(questionnaire.title, language)}
      position={position}
      pageCount={shownPages.length}
      questions={visibleQuestions(questionnaire, page, answers)}
      displayOrder={displayOrder}
      answers={answers}
      problems={pages.problems}
      problemCount={Object.keys(pages.problems).length}
      onChange={change}
      isLast={isLast}
      sending={submitting}
      onSubmit={onSubmit}
      onPrevious={() => pages.goTo(shownPages[position - 1])}
      footer={<SaveStatus state={saveState} />}
    >
      {pages.submitError && (
        <p className="error-summary" role="alert">
          {pages.submitError === 'offline' ? t.submitOffline : t.submitFailed}
        </p>
      )}
    </PageForm>
  );
}

/**
 * What the draft and the submission send: the answers, for this version, in the language shown
 * when they go, with the order randomised questions and choices were shown in.
 */
function useAnswersBody(
  questionnaireVersion: number,
  displayOrder: DisplayOrder | null,
): (answers: Answers) => AnswersBody {
  const { language } = useI18n();
  const languageRef = useRef<Language>(language);
  languageRef.current = language;
  return useCallback(
    (answers: Answers) => ({
      answers,
      questionnaireVersion,
      language: languageRef.current,
      ...(displayOrder && { displayOrder: displayOrder as Record<string, unknown> }),
    }),
    [questionnaireVersion, displayOrder],
  );
}
