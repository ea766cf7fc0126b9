import { isLanguage, type Answers, type Questionnaire } from '@survey/questionnaire';
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { chosenLanguage, useI18n } from '../i18n';
import { backoffDelay } from '../lib/backoff';
import { usableAnswers, visiblePageIndexes } from './answers';
import type { Failure, LinkProblem, RespondentApi, RespondentSurvey } from './respondent-api';
import { surveySession } from './survey-session';
import { useInvitationLanguage } from './use-invitation-language';

/** What the survey page shows of its link. */
export type View =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: LinkProblem; retryAfterMs?: number }
  | { kind: 'already-submitted'; submittedAt: string | null }
  | { kind: 'open'; survey: RespondentSurvey; questionnaire: Questionnaire; answers: Answers; page: number | null }
  | { kind: 'thanks'; submittedAt: string }
  | { kind: 'opted-out' };

/** How answering stopped: sent, or a failure the survey cannot go on from. */
export type SurveyEnd = Failure | { kind: 'thanks'; submittedAt: string };

/** States after which the link is of no more use in this tab: forget it. */
const FINAL_PROBLEMS: ReadonlySet<LinkProblem> = new Set(['invalid', 'opted-out', 'closed', 'expired']);

/** Link states in which the API still knows the invitation, and so its language. */
const LANGUAGE_KNOWN: ReadonlySet<LinkProblem> = new Set(['opted-out', 'closed', 'expired']);

type Opened = Awaited<ReturnType<RespondentApi['open']>>;

/** What the server's answer to opening the link shows (the link is forgotten where it is of no more use). */
function openedView(outcome: Opened): View {
  if (outcome.ok) {
    const survey = outcome.data;
    if (survey.status === 'submitted') {
      surveySession.clear();
      return { kind: 'already-submitted', submittedAt: survey.submittedAt };
    }
    const questionnaire = survey.questionnaire as unknown as Questionnaire;
    // Answers this device still holds unsaved are newer than the server's draft.
    const answers = usableAnswers(questionnaire, surveySession.pending() ?? survey.draft?.answers);
    const page = surveySession.page();
    const shown = visiblePageIndexes(questionnaire, answers);
    return {
      kind: 'open',
      survey,
      questionnaire,
      answers,
      page: page !== undefined && shown.includes(page) ? page : null,
    };
  }
  if (outcome.kind === 'link') {
    if (FINAL_PROBLEMS.has(outcome.problem)) surveySession.clear();
    return { kind: 'problem', problem: outcome.problem, retryAfterMs: outcome.retryAfterMs };
  }
  return { kind: 'problem', problem: outcome.kind === 'network' ? 'offline' : 'unexpected' };
}

/**
 * The state of the survey of one link: loads it (in the person's chosen language, else the
 * invitation's; again with growing waits while offline, and at once when the connection
 * returns), and shows how answering ended.
 */
export function useSurveyView(api: RespondentApi) {
  const { setLanguage } = useI18n();
  const invitationLanguage = useInvitationLanguage(api);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [loads, setLoads] = useState(0);
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
        // A dead link (expired, closed, opted out) still belongs to an invitation: speak its language.
        else if (!outcome.ok && outcome.kind === 'link' && LANGUAGE_KNOWN.has(outcome.problem)) {
          await invitationLanguage(controller.signal);
        }
        if (controller.signal.aborted) return;
        setView(openedView(outcome));
        if (outcome.ok || outcome.kind !== 'network') return;
        retry = setTimeout(reload, backoffDelay(Math.min(loads, 5)));
        window.addEventListener('online', retryWhenOnline);
      })
      .catch(() => undefined); // aborted: the page went away
    return () => {
      controller.abort();
      clearTimeout(retry);
      window.removeEventListener('online', retryWhenOnline);
    };
    // `loads` is the reload trigger; setLanguage, invitationLanguage and reload are stable.
  }, [api, loads]);

  useNoticeInLanguage(api, view.kind === 'open' ? view.survey : null, setView);

  /**
   * Shows how answering ended; true when it did. Otherwise (already submitted in another tab, a
   * new questionnaire version…) the server is asked what holds now.
   */
  const ended = useCallback(
    (end: SurveyEnd): boolean => {
      if (end.kind === 'thanks') {
        surveySession.clear();
        setView({ kind: 'thanks', submittedAt: end.submittedAt });
        return true;
      }
      if (end.kind === 'link') {
        if (FINAL_PROBLEMS.has(end.problem)) surveySession.clear();
        setView({ kind: 'problem', problem: end.problem, retryAfterMs: end.retryAfterMs });
        return true;
      }
      reload();
      return false;
    },
    [reload],
  );

  const optedOut = useCallback(() => {
    surveySession.clear();
    setView({ kind: 'opted-out' });
  }, []);

  return { view, reload, ended, optedOut };
}

/** The short notice of the survey shown follows the language the person picks. */
function useNoticeInLanguage(
  api: RespondentApi,
  openSurvey: RespondentSurvey | null,
  setView: Dispatch<SetStateAction<View>>,
) {
  const { language } = useI18n();
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
  }, [api, language, openSurvey, setView]);
}
