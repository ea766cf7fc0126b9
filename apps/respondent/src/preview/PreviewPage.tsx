import {
  isLanguage,
  isPlainObject,
  localize,
  validateAnswers,
  validateQuestionnaire,
  type AnswerValue,
  type Answers,
  type Language,
  type Questionnaire,
  type QuestionnaireProblem,
} from '@survey/questionnaire';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FocusHeading, Layout } from '../components/Layout';
import { useI18n } from '../i18n';
import {
  missingAnswers,
  pruneHidden,
  questionOfField,
  usableAnswers,
  visiblePageIndexes,
  visibleQuestions,
  type QuestionProblem,
} from '../survey/answers';
import { PageFields } from '../survey/PageFields';
import { WORDS } from './messages';

/**
 * `/r/preview`: the questionnaire editor of the staff console shows this page in a frame and
 * posts it the draft being edited. It draws the draft with the survey's own components, rules
 * and styles; answers are checked as the server would check them, and never sent: there is no
 * token and no API call. The protocol (and its names) is mirrored in the analyst app's
 * features/surveys/editor/PreviewFrame.tsx.
 */
const PREVIEW_MESSAGE = 'survey-preview:questionnaire';
const PREVIEW_READY = 'survey-preview:ready';

/**
 * What the frame shows: the last draft that could be drawn (kept while the author's latest
 * change breaks it, so the preview does not jump back to its start), and what stops the latest.
 */
interface Shown {
  questionnaire: Questionnaire | null;
  problems: QuestionnaireProblem[];
  standalone?: boolean;
}

export function PreviewPage() {
  const { language, setLanguage } = useI18n();
  const words = WORDS[language];
  const [shown, setShown] = useState<Shown>({ questionnaire: null, problems: [] });
  const postedLanguage = useRef<Language | null>(null);

  useEffect(() => {
    if (window.parent === window) {
      setShown({ questionnaire: null, problems: [], standalone: true });
      return;
    }
    const onMessage = (event: MessageEvent) => {
      // Only the page that framed this one, on this origin, may show something here.
      if (event.origin !== window.location.origin || event.source !== window.parent) return;
      const data: unknown = event.data;
      if (!isPlainObject(data) || data.type !== PREVIEW_MESSAGE) return;
      // The editor's language is followed when it changes; the switcher here may differ meanwhile.
      if (isLanguage(data.language) && data.language !== postedLanguage.current) {
        postedLanguage.current = data.language;
        void setLanguage(data.language);
      }
      // A draft may lack translations (English stands in, as for respondents); nothing else.
      const checked = validateQuestionnaire(data.questionnaire, { languages: [] });
      setShown((previous) =>
        checked.ok
          ? { questionnaire: checked.questionnaire, problems: [] }
          : { questionnaire: previous.questionnaire, problems: checked.errors },
      );
    };
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ type: PREVIEW_READY }, window.location.origin);
    return () => window.removeEventListener('message', onMessage);
  }, [setLanguage]);

  return (
    <Layout links={{}}>
      <p className="panel" data-testid="preview-banner">
        {words.banner}
      </p>
      {shown.standalone && <p>{words.standalone}</p>}
      {!shown.standalone && !shown.questionnaire && shown.problems.length === 0 && (
        <p role="status" className="loading">
          {words.waiting}
        </p>
      )}
      {shown.problems.length > 0 && (
        <div className="error-summary" role="status" data-testid="preview-invalid">
          <p>{words.cannotShow(shown.problems.length)}</p>
          <ul>
            {shown.problems.slice(0, 5).map((problem, index) => (
              <li key={index} dir="ltr">
                <code>{problem.field}</code> {problem.message}
              </li>
            ))}
          </ul>
          {shown.questionnaire && <p>{words.lastShown}</p>}
        </div>
      )}
      {shown.questionnaire && <PreviewForm questionnaire={shown.questionnaire} />}
    </Layout>
  );
}

/** The survey form of the respondent app (SurveyPage's SurveyForm), without draft saving or sending. */
function PreviewForm({ questionnaire }: { questionnaire: Questionnaire }) {
  const { t, language } = useI18n();
  const words = WORDS[language];
  const [answers, setAnswers] = useState<Answers>({});
  const [page, setPage] = useState<number | null>(null);
  const [problems, setProblems] = useState<Record<string, QuestionProblem>>({});
  const [accepted, setAccepted] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);

  // A new draft keeps the answers that still fit it (and the page, and what it had to say).
  useEffect(() => {
    setAnswers((given) => usableAnswers(questionnaire, given));
  }, [questionnaire]);

  useEffect(() => {
    if (focusRequest === 0) return;
    document
      .querySelector<HTMLElement>(
        '[data-invalid="true"] input:not([disabled]), [data-invalid="true"] select, [data-invalid="true"] textarea',
      )
      ?.focus();
  }, [focusRequest]);

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
  const title = localize(questionnaire.title, language);
  const complete = validateQuestionnaire(questionnaire, { languages: [language] }).ok;

  function change(name: string, value: AnswerValue | undefined) {
    const next: Answers = { ...answers };
    if (value === undefined) delete next[name];
    else next[name] = value;
    const kept = pruneHidden(questionnaire, next);
    setAnswers(kept);
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
    const found: Record<string, QuestionProblem> = {};
    for (const error of errors) {
      const name = questionOfField(error.field);
      if (name) found[name] = error.field.split('.').length > 2 ? 'rows' : 'invalid';
    }
    const firstPage = shownPages.find((index) =>
      questionnaire.pages[index].elements.some((question) => found[question.name]),
    );
    if (firstPage !== undefined) setPage(firstPage);
    setProblems(found);
    setFocusRequest((n) => n + 1);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (current === null || current === undefined) return;
    const missing = missingAnswers(visibleQuestions(questionnaire.pages[current], answers), answers);
    if (Object.keys(missing).length > 0) {
      setProblems(missing);
      setFocusRequest((n) => n + 1);
      return;
    }
    if (!isLast) {
      goTo(shownPages[position + 1]);
      return;
    }
    for (const index of shownPages) {
      const skipped = missingAnswers(visibleQuestions(questionnaire.pages[index], answers), answers);
      if (Object.keys(skipped).length > 0) {
        setPage(index);
        setProblems(skipped);
        setFocusRequest((n) => n + 1);
        return;
      }
    }
    const checked = validateAnswers(questionnaire, answers, { partial: false });
    if (!checked.ok) showErrors(checked.errors);
    else setAccepted(true);
  }

  const notice = !complete && <p className="hint">{words.inEnglish}</p>;

  if (accepted) {
    return (
      <section className="state" data-state="preview-accepted" data-testid="survey-state">
        <FocusHeading onlyInFocusedWindow>{title}</FocusHeading>
        <p>{words.accepted}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setAccepted(false);
            setAnswers({});
            goTo(null);
          }}
        >
          {words.startAgain}
        </button>
      </section>
    );
  }

  if (current === null || current === undefined || position < 0) {
    const description = questionnaire.description ? localize(questionnaire.description, language) : null;
    return (
      <div className="survey-intro" data-testid="survey-intro">
        <FocusHeading onlyInFocusedWindow>{title}</FocusHeading>
        {notice}
        {description && <p>{description}</p>}
        <p className="hint">{t.requiredNote}</p>
        <button type="button" className="button" onClick={() => goTo(shownPages[0] ?? null)}>
          {t.start}
        </button>
      </div>
    );
  }

  const shownPage = questionnaire.pages[current];
  const questions = visibleQuestions(shownPage, answers);
  const problemCount = questions.filter((question) => problems[question.name]).length;
  return (
    <div className="survey">
      <h1 className="survey-title">{title}</h1>
      {notice}
      <form
        noValidate
        onSubmit={onSubmit}
        aria-labelledby="page-title"
        data-testid="survey-page"
        data-page={shownPage.name}
      >
        <PageFields
          page={shownPage}
          surveyTitle={title}
          position={position}
          pageCount={shownPages.length}
          questions={questions}
          answers={answers}
          problems={problems}
          problemCount={problemCount}
          onChange={change}
          focusOnlyInFocusedWindow
        />
        <div className="nav">
          {position > 0 && (
            <button type="button" className="button secondary" onClick={() => goTo(shownPages[position - 1])}>
              {t.previous}
            </button>
          )}
          <button type="submit" className="button">
            {isLast ? t.submit : t.next}
          </button>
        </div>
      </form>
    </div>
  );
}
