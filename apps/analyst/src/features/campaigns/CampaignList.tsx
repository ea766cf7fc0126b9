import { useId, useState } from 'react';
import { Link } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { useNames } from '../contacts/names';
import { campaignsMessages } from './messages';
import { targetSummary } from './target';

/** The survey's campaigns, a page at a time, with their funnel so far. */
export function CampaignList({ surveyId }: { surveyId: string }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const names = useNames();
  const id = useId();
  const [page, setPage] = useState(1);
  const loaded = $api.useQuery('get', '/api/v1/surveys/{id}/campaigns', {
    params: { path: { id: surveyId }, query: { page, limit: 10 } },
  });
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.listTitle}</h2>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p>{t.noCampaigns}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="campaigns-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.name}</th>
                      <th scope="col">{t.createdAt}</th>
                      <th scope="col">{t.status}</th>
                      <th scope="col">{t.target}</th>
                      <th scope="col" className="number">
                        {t.invited}
                      </th>
                      <th scope="col" className="number">
                        {t.completed}
                      </th>
                      <th scope="col" className="number">
                        {t.responseRate}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((campaign) => (
                      <tr key={campaign.id}>
                        <td>
                          <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
                        </td>
                        <td>{f.dateTime(campaign.createdAt)}</td>
                        <td>
                          <span className={`badge ${campaign.status === 'stopped' ? 'failed' : ''}`}>
                            {t.statuses[campaign.status]}
                          </span>
                        </td>
                        <td>{targetSummary(campaign.target, t, names)}</td>
                        <td className="number">
                          {campaign.status === 'inviting'
                            ? t.invitedOf(f.number(campaign.invitedCount), f.number(campaign.targetCount))
                            : f.number(campaign.funnel.invited)}
                        </td>
                        <td className="number">{f.number(campaign.funnel.completed)}</td>
                        <td className="number">
                          {campaign.funnel.invited > 0
                            ? f.percent(campaign.funnel.completed / campaign.funnel.invited)
                            : f.missing}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination meta={meta} onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </section>
  );
}
