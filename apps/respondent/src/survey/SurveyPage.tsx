import {
  isLanguage,
  localize,
  validateAnswers,
  type AnswerValue,
  type Answers,
  type Language,
  type Questionnaire,
} from '@survey/questionnaire';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { FocusHeading, Layout, StateView } from '../components/Layout';
import { chosenLanguage, useI18n } from '../i18n';
import { backoffDelay } from '../lib/backoff';
import { OptOutForm } from '../components/OptOutForm';
import {
  missingAnswers,
  pruneHidden,
  questionOfField,
  resumePage,
  usableAnswers,
  visiblePageIndexes,
  visibleQuestions,
  type QuestionProblem,
} from './answers';
import { DraftSaver, type SaveState } from './draft-saver';
import { PageFields } from './PageFields';
import {
  respondentApi,
  type Failure,
  type LinkProblem,
  type RespondentApi,
  type RespondentSurvey,
} from './respondent-api';
import { SaveStatus } from './SaveStatus';
import { surveySession } from './survey-session';

// The full notice is read by few: its code loads only when asked for.
const NoticeContent = lazy(() => import('../pages/PrivacyNotice').then((m) => ({ default: m.NoticeContent })));

type View =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: LinkProblem; retryAfterMs?: number }
  | { kind: 'already-submitted'; submittedAt: string | null }
  | { kind: 'open'; survey: RespondentSurvey; questionnaire: Questionnaire; answers: Answers; page: number | null }
  | { kind: 'thanks'; submittedAt: string }
  | { kind: 'opted-out' };

/** States after which the link is of no more use in this tab: forget it. */
const FINAL_PROBLEMS: ReadonlySet<LinkProblem> = new Set(['invalid', 'opted-out', 'closed', 'expired']);

/**
 * `/r/#<token>`: the survey of one invitation. Loads it (in the person's chosen language, else
 * the invitation's), then shows the questionnaire, or the state that stops it.
 */
export function SurveyPage({ token }: { token: string }) {
  const { t, language, setLanguage } = useI18n();
  const api = useMemo(() => respondentApi(token), [token]);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [loads, setLoads] = useState(0);
  const [panel, setPanel] = useState<'notice' | 'opt-out' | null>(null);
  const reload = useCallback(() => setLoads((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const retryWhenOnline = () => reload();
    api
      .open(chosenLanguage(), controller.signal)
      .then(async (outcome) => {
        // The page speaks the invitation's language (or the one chosen) before it shows anything.
        if (outcome.ok && isLanguage(outcome.data.language)) await setLanguage(outcome.data.language);
        if (controller.signal.aborted) return;
        if (outcome.ok) {
          const survey = outcome.data;
          if (survey.status === 'submitted') {
            surveySession.clear();
            setView({ kind: 'already-submitted', submittedAt: survey.submittedAt });
            return;
          }
          const questionnaire = survey.questionnaire as unknown as Questionnaire;
          // Answers this device still holds unsaved are newer than the server's draft.
          const answers = usableAnswers(questionnaire, surveySession.pending() ?? survey.draft?.answers);
          const page = surveySession.page();
          const shown = visiblePageIndexes(questionnaire, answers);
          setView({
            kind: 'open',
            survey,
            questionnaire,
            answers,
            page: page !== undefined && shown.includes(page) ? page : null,
          });
          return;
        }
        if (outcome.kind === 'link') {
          if (FINAL_PROBLEMS.has(outcome.problem)) surveySession.clear();
          setView({ kind: 'problem', problem: outcome.problem, retryAfterMs: outcome.retryAfterMs });
        } else if (outcome.kind === 'network') {
          setView({ kind: 'problem', problem: 'offline' });
          retry = setTimeout(reload, backoffDelay(Math.min(loads, 5)));
          window.addEventListener('online', retryWhenOnline);
        } else {
          setView({ kind: 'problem', problem: 'unexpected' });
        }
      })
      .catch(() => undefined); // aborted: the page went away
    return () => {
      controller.abort();
      clearTimeout(retry);
      window.removeEventListener('online', retryWhenOnline);
    };
    // `loads` is the reload trigger; setLanguage and reload are stable.
  }, [api, loads]);

  // The short notice follows the language the person picks.
  const openSurvey = view.kind === 'open' ? view.survey : null;
  useEffect(() => {
    if (!openSurvey || openSurvey.language === language || chosenLanguage() !== language) return;
    let current = true;
    void api.open(language).then((outcome) => {
      if (!current || !outcome.ok) return;
      setView((shown) =>
        shown.kind === 'open'
          ? {
              ...shown,
              survey: { ...shown.survey, language, privacyNotice: outcome.data.privacyNotice },
            }
          : shown,
      );
    });
    return () => {
      current = false;
    };
  }, [api, language, openSurvey]);

  const ended = useCallback(
    (failure: Failure | { kind: 'thanks'; submittedAt: string }) => {
      if (failure.kind === 'thanks') {
        surveySession.clear();
        setPanel(null);
        setView({ kind: 'thanks', submittedAt: failure.submittedAt });
      } else if (failure.kind === 'link') {
        if (FINAL_PROBLEMS.has(failure.problem)) surveySession.clear();
        setPanel(null);
        setView({ kind: 'problem', problem: failure.problem, retryAfterMs: failure.retryAfterMs });
      } else {
        // Already submitted (another tab), a new questionnaire version…: ask the server what holds now.
        reload();
      }
    },
    [reload],
  );

  const canStillAnswer = view.kind === 'open' || view.kind === 'loading';
  const footer = (
    <div className="survey-actions">
      <button
        type="button"
        className="link-button"
        aria-expanded={panel === 'notice'}
        aria-controls="notice-panel"
        onClick={() => setPanel(panel === 'notice' ? null : 'notice')}
      >
        {t.privacyNotice}
      </button>
      {canStillAnswer && (
        <button type="button" className="link-button" onClick={() => setPanel('opt-out')}>
          {t.optOut}
        </button>
      )}
    </div>
  );

  return (
    <Layout footer={footer} links={{ request: true }}>
      {panel === 'opt-out' && view.kind !== 'opted-out' ? (
        <div className="panel">
          <OptOutForm
            token={token}
            onCancel={() => setPanel(null)}
            onDone={() => {
              surveySession.clear();
              setPanel(null);
              setView({ kind: 'opted-out' });
            }}
          />
        </div>
      ) : (
        <SurveyView view={view} api={api} onEnd={ended} onReload={reload} onOpenNotice={() => setPanel('notice')} />
      )}
      {panel === 'notice' && (
        <section id="notice-panel" className="panel" aria-labelledby="notice-panel-title">
          <div className="panel-head">
            <FocusHeading level={2} id="notice-panel-title">
              {t.privacyNotice}
            </FocusHeading>
            <button type="button" className="button secondary" onClick={() => setPanel(null)}>
              {t.close}
            </button>
          </div>
          <Suspense fallback={<p role="status">{t.loading}</p>}>
            <NoticeContent headingLevel={2} />
          </Suspense>
        </section>
      )}
    </Layout>
  );
}

function SurveyView({
  view,
  api,
  onEnd,
  onReload,
  onOpenNotice,
}: {
  view: View;
  api: RespondentApi;
  onEnd(end: Failure | { kind: 'thanks'; submittedAt: string }): void;
  onReload(): void;
  onOpenNotice(): void;
}) {
  const { t, formatDate } = useI18n();
  switch (view.kind) {
    case 'loading':
      return (
        <p role="status" className="loading">
          {t.loading}
        </p>
      );
    case 'open':
      return (
        <SurveyForm
          key={view.survey.questionnaireVersion}
          survey={view.survey}
          questionnaire={view.questionnaire}
          initialAnswers={view.answers}
          initialPage={view.page}
          api={api}
          onEnd={onEnd}
          onOpenNotice={onOpenNotice}
        />
      );
    case 'thanks':
      return (
        <StateView state="thanks" title={t.thanksTitle}>
          <p>{t.thanksBody}</p>
        </StateView>
      );
    case 'already-submitted':
      return (
        <StateView state="already-submitted" title={t.alreadyTitle}>
          {view.submittedAt && <p>{t.alreadyBody(formatDate(view.submittedAt))}</p>}
          <p>{t.thanksBody}</p>
        </StateView>
      );
    case 'opted-out':
      return (
        <StateView state="opted-out" title={t.optedOutTitle}>
          <p>{t.optOutDone}</p>
        </StateView>
      );
    case 'problem':
      return <ProblemView problem={view.problem} retryAfterMs={view.retryAfterMs} onRetry={onReload} />;
  }
}

function ProblemView({
  problem,
  retryAfterMs,
  onRetry,
}: {
  problem: LinkProblem;
  retryAfterMs?: number;
  onRetry(): void;
}) {
  const { t } = useI18n();
  const texts: Record<LinkProblem, [string, string]> = {
    invalid: [t.invalidTitle, t.invalidBody],
    expired: [t.expiredTitle, t.expiredBody],
    'opted-out': [t.optedOutTitle, t.optedOutBody],
    closed: [t.closedTitle, t.closedBody],
    throttled: [t.throttledTitle, t.throttledBody(Math.max(1, Math.ceil((retryAfterMs ?? 900_000) / 60_000)))],
    offline: [t.offlineTitle, t.offlineBody],
    unexpected: [t.unexpectedTitle, t.unexpectedBody],
  };
  const [title, body] = texts[problem];
  return (
    <StateView state={problem} title={title}>
      <p>{body}</p>
      {(problem === 'offline' || problem === 'unexpected') && (
        <button type="button" className="button" onClick={onRetry}>
          {t.tryAgain}
        </button>
      )}
    </StateView>
  );
}

interface SurveyFormProps {
  survey: RespondentSurvey;
  questionnaire: Questionnaire;
  initialAnswers: Answers;
  initialPage: number | null;
  api: RespondentApi;
  onEnd(end: Failure | { kind: 'thanks'; submittedAt: string }): void;
  onOpenNotice(): void;
}

function SurveyForm({ survey, questionnaire, initialAnswers, initialPage, api, onEnd, onOpenNotice }: SurveyFormProps) {
  const { t, language, formatDate } = useI18n();
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [page, setPage] = useState<number | null>(initialPage);
  const [problems, setProblems] = useState<Record<string, QuestionProblem>>({});
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<'offline' | 'failed' | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  // What the callbacks below read, always current.
  const answersRef = useRef(answers);
  const languageRef = useRef<Language>(language);
  languageRef.current = language;
  const submittingRef = useRef(false);
  const saverRef = useRef<DraftSaver | null>(null);

  const body = useCallback(
    (given: Answers) => ({
      answers: given,
      questionnaireVersion: survey.questionnaireVersion,
      language: languageRef.current,
    }),
    [survey.questionnaireVersion],
  );

  useEffect(() => {
    const saver = new DraftSaver({
      send: async (given) => {
        const outcome = await api.saveDraft(body(given));
        return outcome.ok ? { ok: true, data: { savedAt: outcome.data.savedAt } } : outcome;
      },
      report: setSaveState,
      stopped: onEnd,
      keep: (pending) => surveySession.update({ pending: pending ?? undefined }),
    });
    saverRef.current = saver;
    // Answers kept on this device but not yet on the server (a reload while offline): send them.
    if (surveySession.pending()) saver.change(answersRef.current);
    return () => saver.dispose();
  }, [api, body, onEnd]);

  useEffect(() => {
    if (focusRequest === 0) return;
    const target = document.querySelector<HTMLElement>(
      '[data-invalid="true"] input:not([disabled]), [data-invalid="true"] select, [data-invalid="true"] textarea',
    );
    target?.focus();
  }, [focusRequest]);

  const shownPages = visiblePageIndexes(questionnaire, answers);
  const position = page === null ? -1 : shownPages.indexOf(page);
  const isLast = position === shownPages.length - 1;

  function change(name: string, value: AnswerValue | undefined) {
    const next: Answers = { ...answersRef.current };
    if (value === undefined) delete next[name];
    else next[name] = value;
    const kept = pruneHidden(questionnaire, next);
    answersRef.current = kept;
    setAnswers(kept);
    if (problems[name]) {
      const { [name]: _fixed, ...rest } = problems;
      const stillMissing = page === null ? {} : missingAnswers(visibleQuestions(questionnaire.pages[page], kept), kept);
      setProblems(stillMissing[name] ? { ...rest, [name]: stillMissing[name] } : rest);
    }
    saverRef.current?.change(kept);
  }

  function goTo(index: number | null) {
    setProblems({});
    setSubmitError(null);
    setPage(index);
    surveySession.update({ page: index ?? undefined });
    if (index === null) return;
    window.scrollTo(0, 0);
  }

  function start() {
    goTo(initialPage ?? resumePage(questionnaire, answersRef.current));
  }

  /** Shows what the page is missing; true when nothing is. */
  function checkPage(index: number): boolean {
    const missing = missingAnswers(visibleQuestions(questionnaire.pages[index], answers), answers);
    setProblems(missing);
    if (Object.keys(missing).length === 0) return true;
    setFocusRequest((n) => n + 1);
    return false;
  }

  /** Shows the server's (or the validator's) objections on the page of the first one. */
  function showErrors(errors: { field: string }[]) {
    const found: Record<string, QuestionProblem> = {};
    for (const error of errors) {
      const name = questionOfField(error.field);
      if (name) found[name] = error.field.split('.').length > 2 ? 'rows' : 'invalid';
    }
    const firstPage = shownPages.find((index) =>
      questionnaire.pages[index].elements.some((question) => found[question.name]),
    );
    if (firstPage !== undefined && firstPage !== page) {
      setPage(firstPage);
      surveySession.update({ page: firstPage });
    }
    setProblems(found);
    setFocusRequest((n) => n + 1);
  }

  async function submit() {
    if (submittingRef.current) return;
    // A resumed survey may have skipped a page: the first one missing an answer is shown.
    for (const index of shownPages) {
      const missing = missingAnswers(visibleQuestions(questionnaire.pages[index], answers), answers);
      if (Object.keys(missing).length > 0) {
        if (index !== page) goTo(index);
        setProblems(missing);
        setFocusRequest((n) => n + 1);
        return;
      }
    }
    const full = validateAnswers(questionnaire, answersRef.current, { partial: false });
    if (!full.ok) {
      showErrors(full.errors);
      return;
    }
    submittingRef.current = true;
    setSubmitting(true);
    setSubmitError(null);
    saverRef.current?.pause();
    const outcome = await api.submit(body(answersRef.current));
    submittingRef.current = false;
    setSubmitting(false);
    if (outcome.ok) {
      saverRef.current?.dispose();
      onEnd({ kind: 'thanks', submittedAt: outcome.data.submittedAt });
      return;
    }
    saverRef.current?.resume();
    switch (outcome.kind) {
      case 'invalid-answers':
        showErrors(outcome.errors);
        return;
      case 'network':
        setSubmitError('offline');
        return;
      case 'server':
        setSubmitError('failed');
        return;
      default:
        // Too many requests from this address: the answers stay on the page for a later try.
        if (outcome.kind === 'link' && outcome.problem === 'throttled') setSubmitError('failed');
        else onEnd(outcome);
    }
  }

  // A submission that failed for want of a connection goes again when the connection returns.
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    if (submitError !== 'offline') return;
    const again = () => void submitRef.current();
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [submitError]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (page === null || submitting) return;
    if (!checkPage(page)) return;
    if (isLast) void submit();
    else goTo(shownPages[position + 1]);
  }

  const title = localize(questionnaire.title, language);

  if (page === null || position < 0) {
    const description = questionnaire.description ? localize(questionnaire.description, language) : null;
    const hasAnswers = Object.keys(answers).length > 0;
    return (
      <div className="survey-intro" data-testid="survey-intro">
        <FocusHeading>{title}</FocusHeading>
        {description && <p>{description}</p>}
        <section className="privacy-summary" aria-labelledby="privacy-summary-title">
          <h2 id="privacy-summary-title">{t.yourPrivacy}</h2>
          <p>{survey.privacyNotice.summary}</p>
          <button type="button" className="link-button" onClick={onOpenNotice}>
            {t.readFullNotice}
          </button>
        </section>
        {survey.draft && hasAnswers && <p>{t.draftSavedOn(formatDate(survey.draft.savedAt))}</p>}
        <p className="hint">{t.requiredNote}</p>
        <button type="button" className="button" onClick={start}>
          {hasAnswers ? t.resume : t.start}
        </button>
        <SaveStatus state={saveState} />
      </div>
    );
  }

  const current = questionnaire.pages[page];
  const questions = visibleQuestions(current, answers);
  const problemCount = Object.keys(problems).length;
  return (
    <div className="survey">
      <h1 className="survey-title">{title}</h1>
      <form
        noValidate
        onSubmit={onSubmit}
        aria-labelledby="page-title"
        data-testid="survey-page"
        data-page={current.name}
      >
        <PageFields
          page={current}
          surveyTitle={title}
          position={position}
          pageCount={shownPages.length}
          questions={questions}
          answers={answers}
          problems={problems}
          problemCount={problemCount}
          onChange={change}
        />
        {submitError && (
          <p className="error-summary" role="alert">
            {submitError === 'offline' ? t.submitOffline : t.submitFailed}
          </p>
        )}
        <div className="nav">
          {position > 0 && (
            <button type="button" className="button secondary" onClick={() => goTo(shownPages[position - 1])}>
              {t.previous}
            </button>
          )}
          <button type="submit" className="button" aria-disabled={submitting || undefined}>
            {isLast ? (submitting ? t.submitting : t.submit) : t.next}
          </button>
        </div>
      </form>
      <SaveStatus state={saveState} />
    </div>
  );
}
