import type { Language } from '@survey/questionnaire';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { useLanguageNames } from '../results/filters';
import { messages as resultsMessages } from '../results/messages';
import { messages } from './messages';
import type { Report } from './report-types';

export function ReportFacts({ report, analyst }: { report: Report; analyst: boolean }) {
  const t = useMessages(messages);
  const r = useMessages(resultsMessages);
  const f = useFormat();
  const languageNames = useLanguageNames();
  const { parameters } = report;
  const campaignId = parameters.filters.campaignId;
  // Analysts may read campaigns; management sees that one was chosen, not which.
  const campaign = $api.useQuery(
    'get',
    '/api/v1/campaigns/{id}',
    { params: { path: { id: campaignId ?? '' } } },
    { enabled: analyst && Boolean(campaignId), select: (found) => found.name },
  );
  const { from, to } = parameters.filters;
  const period =
    from || to
      ? [from && r.periodFrom(f.dateTime(from)), to && r.periodTo(f.dateTime(to))].filter(Boolean).join(', ')
      : r.wholePeriod;
  return (
    <>
      {report.status === 'draft' ? (
        <p className="notice warning" data-testid="draft-notice">
          {t.draftNotice}
        </p>
      ) : (
        <p className="notice">{t.publishedNotice(f.dateTime(report.publishedAt ?? report.createdAt))}</p>
      )}
      <section className="panel" aria-labelledby="parameters-heading">
        <h2 id="parameters-heading">{t.parameters}</h2>
        <dl className="facts" data-testid="report-facts">
          <dt>{t.language}</dt>
          <dd>{languageNames[report.language as Language]}</dd>
          <dt>{t.responses}</dt>
          <dd data-testid="report-responses">{f.number(report.responses)}</dd>
          <dt>{t.createdAt}</dt>
          <dd>{f.dateTime(report.createdAt)}</dd>
          <dt>{t.publishedAt}</dt>
          <dd>{report.publishedAt ? f.dateTime(report.publishedAt) : t.notPublished}</dd>
          <dt>{t.campaign}</dt>
          <dd>{!campaignId ? t.allCampaigns : (campaign.data ?? t.oneCampaign)}</dd>
          <dt>{t.period}</dt>
          <dd>{period}</dd>
          <dt>{t.breakdowns}</dt>
          <dd>
            {parameters.breakdowns.length > 0
              ? parameters.breakdowns.map((d) => r.dimensions[d]).join(', ')
              : t.noBreakdowns}
          </dd>
          <dt>{t.crosstab}</dt>
          <dd>
            {parameters.crosstabs.length > 0
              ? parameters.crosstabs
                  .map((c) => r.crosstabTitle(r.dimensions[c.rows], r.dimensions[c.columns]))
                  .join(', ')
              : t.noCrosstab}
          </dd>
          <dt>{t.k}</dt>
          <dd>{f.number(parameters.k)}</dd>
        </dl>
        {analyst && (
          <p>
            <Link to={`/surveys/${report.surveyId}/results`}>{t.viewResults}</Link>
          </p>
        )}
      </section>
    </>
  );
}
