import { isLanguage } from '@survey/questionnaire';
import { useCallback, useMemo, useState } from 'react';
import { Layout } from '../components/Layout';
import { OptOutForm } from '../components/OptOutForm';
import { useI18n } from '../i18n';
import { NoticePanel } from './NoticePanel';
import { respondentApi } from './respondent-api';
import { useSurveyView, type SurveyEnd } from './survey-view';
import { SurveyView } from './SurveyView';

type Panel = 'notice' | 'opt-out' | null;

/**
 * `/r/#<token>`: the survey of one invitation. Loads it (in the person's chosen language, else
 * the invitation's), then shows the questionnaire, or the state that stops it.
 */
export function SurveyPage({ token }: { token: string }) {
  const api = useMemo(() => respondentApi(token), [token]);
  const { view, reload, ended, optedOut } = useSurveyView(api);
  const [panel, setPanel] = useState<Panel>(null);

  // A survey that stopped closes the panel open over it.
  const onEnd = useCallback(
    (end: SurveyEnd) => {
      if (ended(end)) setPanel(null);
    },
    [ended],
  );

  const canStillAnswer = view.kind === 'open' || view.kind === 'loading';
  // Only the languages the survey is written in are offered; the others would show English texts.
  const languages = view.kind === 'open' ? view.survey.languages.filter(isLanguage) : undefined;
  // The survey's own brand once loaded; the organisation's on the pages of a link that cannot be used.
  const brand = view.kind === 'open' ? view.survey.brand : view.kind === 'loading' ? 'pending' : undefined;
  return (
    <Layout
      brand={brand}
      languages={languages}
      footer={<SurveyFooter panel={panel} onPanel={setPanel} canOptOut={canStillAnswer} />}
      links={{ request: true }}
    >
      {panel === 'opt-out' && view.kind !== 'opted-out' ? (
        <div className="panel">
          <OptOutForm
            token={token}
            onCancel={() => setPanel(null)}
            onDone={() => {
              optedOut();
              setPanel(null);
            }}
          />
        </div>
      ) : (
        <SurveyView view={view} api={api} onEnd={onEnd} onReload={reload} onOpenNotice={() => setPanel('notice')} />
      )}
      {panel === 'notice' && <NoticePanel onClose={() => setPanel(null)} />}
    </Layout>
  );
}

/** Under every state of the survey: the full notice, and the opt-out while answering is still possible. */
function SurveyFooter({
  panel,
  onPanel,
  canOptOut,
}: {
  panel: Panel;
  onPanel(panel: Panel): void;
  canOptOut: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="survey-actions">
      <button
        type="button"
        className="link-button"
        aria-expanded={panel === 'notice'}
        aria-controls="notice-panel"
        onClick={() => onPanel(panel === 'notice' ? null : 'notice')}
      >
        {t.privacyNotice}
      </button>
      {canOptOut && (
        <button type="button" className="link-button" onClick={() => onPanel('opt-out')}>
          {t.optOut}
        </button>
      )}
    </div>
  );
}
