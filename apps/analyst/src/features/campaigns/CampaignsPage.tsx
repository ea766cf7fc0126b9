import { Link, useParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { CampaignList } from './CampaignList';
import { MailTexts } from './MailTexts';
import { campaignsMessages } from './messages';
import { NewCampaign } from './new/NewCampaign';

export function CampaignsPage() {
  const t = useMessages(campaignsMessages);
  const { surveyId = '' } = useParams();
  const survey = $api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } });
  return (
    <LoadState loaded={survey}>
      {(loaded) => (
        <>
          <h1>{t.title(loaded.name)}</h1>
          <SurveyTabs surveyId={surveyId} />
          {loaded.status !== 'open' && (
            <p className="notice warning" data-testid="survey-not-open">
              {t.surveyNotOpen(t.surveyStatuses[loaded.status])}{' '}
              <Link to={`/surveys/${surveyId}`}>{t.surveyOverview}</Link>
            </p>
          )}
          <CampaignList surveyId={surveyId} />
          <NewCampaign survey={loaded} />
          {loaded.status !== 'closed' && <MailTexts survey={loaded} />}
        </>
      )}
    </LoadState>
  );
}
