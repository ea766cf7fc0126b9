import type { components } from '@survey/api-client';
import { useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Chart, type ChartOption } from '../../components/Chart';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState } from '../../components/ui';
import { useFormat, type Format } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { useNames } from '../contacts/names';
import { campaignsMessages } from './messages';
import { Reminders } from './Reminders';
import { targetSummary } from './target';

type Campaign = components['schemas']['CampaignDto'];
type Funnel = components['schemas']['CampaignFunnelDto'];
type Stage = keyof Funnel;

const POLL_MS = 3000;
/** Following stops this long after the page opened or the last action, whatever is still pending. */
const FOLLOW_FOR_MS = 15 * 60_000;
/** The funnel's stages, in order; opted out and bounced leave it and are in the table. */
const FUNNEL: Stage[] = ['invited', 'delivered', 'opened', 'started', 'completed'];
const TABLE: Stage[] = [...FUNNEL, 'optedOut', 'bounced'];
/** Distinct, dark shades (the labels sit beside the shapes, in the text colour). */
const COLOURS = ['#0b57d0', '#0842a0', '#146c2e', '#6b3a00', '#5b2a86'];

/** Invitation mail not yet accepted or refused by the mail server. */
function mailPending(campaign: Campaign): boolean {
  const { invited, delivered, bounced } = campaign.funnel;
  return invited - delivered - bounced > 0;
}

export function CampaignPage() {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const names = useNames();
  const { campaignId = '' } = useParams();
  const [followUntil, setFollowUntil] = useState(() => Date.now() + FOLLOW_FOR_MS);
  const isFollowed = (campaign: Campaign | undefined) =>
    campaign !== undefined && (campaign.status === 'inviting' || mailPending(campaign)) && Date.now() < followUntil;
  const loaded = $api.useQuery(
    'get',
    '/api/v1/campaigns/{id}',
    { params: { path: { id: campaignId } } },
    { refetchInterval: (query) => (isFollowed(query.state.data) ? POLL_MS : false) },
  );
  const updatedAt = loaded.dataUpdatedAt > 0 ? new Date(loaded.dataUpdatedAt) : undefined;
  const following = isFollowed(loaded.data);

  return (
    <LoadState loaded={loaded}>
      {(c) => (
        <>
          <h1>{t.campaignTitle(c.name)}</h1>
          <SurveyTabs surveyId={c.surveyId} />
          <p>
            <Link to={`/surveys/${c.surveyId}/campaigns`}>{t.backToCampaigns}</Link>
          </p>
          <dl className="facts">
            <dt>{t.status}</dt>
            <dd>
              <span className={`badge ${c.status === 'stopped' ? 'failed' : ''}`}>{t.statuses[c.status]}</span>
            </dd>
            <dt>{t.createdAt}</dt>
            <dd>{f.dateTime(c.createdAt)}</dd>
            <dt>{t.target}</dt>
            <dd>{targetSummary(c.target, t, names)}</dd>
            <dt>{t.targeted}</dt>
            <dd>{f.number(c.targetCount)}</dd>
            <dt>{t.alreadyInvited}</dt>
            <dd>{f.number(c.alreadyInvitedCount)}</dd>
            <dt>{t.finishedAt}</dt>
            <dd>{c.finishedAt ? f.dateTime(c.finishedAt) : f.missing}</dd>
            <dt>{t.reminders}</dt>
            <dd>{t.remindersOf(f.number(c.reminderRounds), f.number(c.maxReminders))}</dd>
            <dt>{t.lastReminder}</dt>
            <dd>{c.lastReminderAt ? f.dateTime(c.lastReminderAt) : f.missing}</dd>
          </dl>
          {c.status === 'inviting' && <InvitingProgress campaign={c} />}
          <FunnelSection
            campaign={c}
            following={following}
            updatedAt={updatedAt}
            onRefresh={() => void loaded.refetch()}
          />
          <Reminders
            campaign={c}
            onSent={() => {
              setFollowUntil(Date.now() + FOLLOW_FOR_MS);
              void loaded.refetch();
            }}
          />
        </>
      )}
    </LoadState>
  );
}

function InvitingProgress({ campaign }: { campaign: Campaign }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const id = useId();
  return (
    <div className="panel">
      <label htmlFor={`${id}-bar`}>{t.invitingProgress}</label>
      <progress id={`${id}-bar`} max={Math.max(1, campaign.targetCount)} value={campaign.invitedCount} />
      <p role="status">{t.invitingStatus(f.number(campaign.invitedCount), f.number(campaign.targetCount))}</p>
    </div>
  );
}

function funnelOption(
  funnel: Funnel,
  labels: Record<Stage, string>,
  stageCount: (stage: string, count: string) => string,
  f: Format,
): ChartOption {
  const label = (p: { name: string; value: number }) => stageCount(p.name, f.number(p.value));
  return {
    tooltip: { trigger: 'item', formatter: label },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '2%',
        width: '58%',
        top: 10,
        bottom: 10,
        min: 0,
        max: Math.max(1, funnel.invited),
        minSize: '8%',
        gap: 2,
        // Beside the shapes, so a small stage keeps a readable label.
        label: { show: true, position: 'right', color: '#1b1b1f', fontSize: 13, formatter: label },
        labelLine: { show: true, length: 12 },
        data: FUNNEL.map((stage, index) => ({
          name: labels[stage],
          value: funnel[stage],
          itemStyle: { color: COLOURS[index] },
        })),
      },
    ],
  };
}

function FunnelSection({
  campaign,
  following,
  updatedAt,
  onRefresh,
}: {
  campaign: Campaign;
  following: boolean;
  updatedAt?: Date;
  onRefresh: () => void;
}) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const id = useId();
  const { funnel } = campaign;
  const key = JSON.stringify(funnel);
  // A new option only when a figure or the language changes, so polling does not redraw for nothing.
  const option = useMemo(
    () => funnelOption(JSON.parse(key) as Funnel, t.stages, t.stageCount, f),
    [key, t.stages, t.stageCount, f],
  );
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.funnelTitle}</h2>
      <div className="funnel-status">
        <p role="status" className="hint">
          {updatedAt && (following ? t.refreshing(f.dateTime(updatedAt)) : t.updatedAt(f.dateTime(updatedAt)))}
        </p>
        <button type="button" onClick={onRefresh}>
          {t.refresh}
        </button>
      </div>
      <div className="chart-grid">
        <Chart option={option} label={t.funnelChart(campaign.name)} height={300} testId="funnel-chart" />
        <div className="table-wrap">
          <table data-testid="funnel-table">
            <thead>
              <tr>
                <th scope="col">{t.stage}</th>
                <th scope="col" className="number">
                  {t.count}
                </th>
                <th scope="col" className="number">
                  {t.shareOfInvited}
                </th>
              </tr>
            </thead>
            <tbody>
              {TABLE.map((stage) => (
                <tr key={stage} data-stage={stage}>
                  <th scope="row">{t.stages[stage]}</th>
                  <td className="number">{f.number(funnel[stage])}</td>
                  <td className="number">
                    {funnel.invited > 0 ? f.percent(funnel[stage] / funnel.invited) : f.missing}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
