import { StateView } from '../components/Layout';
import { useI18n } from '../i18n';
import type { LinkProblem, RespondentApi } from './respondent-api';
import { NewLinkRequest } from './NewLinkRequest';
import { SurveyForm } from './SurveyForm';
import type { SurveyEnd, View } from './survey-view';

/** The survey page's main content: the questionnaire, or the state that stops it. */
export function SurveyView({
  view,
  api,
  onEnd,
  onReload,
  onOpenNotice,
}: {
  view: View;
  api: RespondentApi;
  onEnd(end: SurveyEnd): void;
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
      return <ProblemView problem={view.problem} retryAfterMs={view.retryAfterMs} onRetry={onReload} api={api} />;
  }
}

function ProblemView({
  problem,
  retryAfterMs,
  onRetry,
  api,
}: {
  problem: LinkProblem;
  retryAfterMs?: number;
  onRetry(): void;
  api: RespondentApi;
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
      {problem === 'expired' && <NewLinkRequest api={api} />}
      {(problem === 'offline' || problem === 'unexpected') && (
        <button type="button" className="button" onClick={onRetry}>
          {t.tryAgain}
        </button>
      )}
    </StateView>
  );
}
