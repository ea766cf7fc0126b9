import type { components } from '@survey/api-client';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { FieldMessages, LoadState, Pagination, ProblemMessage, QueryProblem } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, type Failure } from '../../lib/problem';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { useNames } from '../contacts/names';
import { campaignsMessages } from './messages';
import { listOf, SEGMENTS, targetSummary, type CampaignTarget, type Segment } from './target';

type Survey = components['schemas']['SurveyDto'];
type Preview = components['schemas']['CampaignPreviewDto'];
type FacetValue = components['schemas']['FacetValueDto'];

/** The pause after the last change of the target before it is counted again. */
const COUNT_DELAY_MS = 400;

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
        </>
      )}
    </LoadState>
  );
}

function CampaignList({ surveyId }: { surveyId: string }) {
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

type Counted =
  | { status: 'counting'; preview?: Preview }
  | { status: 'ready'; preview: Preview }
  | { status: 'failed'; failure: Failure; preview?: Preview };

/** Counts who the target would invite, again each time it settles after a change. */
function useLiveCount(surveyId: string, target: CampaignTarget): Counted {
  const key = JSON.stringify(target);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), COUNT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);
  const count = $api.useQuery('post', '/api/v1/surveys/{id}/campaigns/preview', {
    params: { path: { id: surveyId } },
    body: JSON.parse(settled) as CampaignTarget,
  });
  const failure = useFailure(count.error);
  const preview = count.data;
  if (settled !== key || count.isFetching) return { status: 'counting', preview };
  if (failure) return { status: 'failed', failure, preview };
  return preview ? { status: 'ready', preview } : { status: 'counting' };
}

function NewCampaign({ survey }: { survey: Survey }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const names = useNames();
  const id = useId();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [name, setName] = useState('');
  const [countries, setCountries] = useState('');
  const [segments, setSegments] = useState<Segment[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [platforms, setPlatforms] = useState<string[]>([]);
  // What the directory holds: roles and platforms are chosen from it, segments show their counts.
  const facets = $api.useQuery('get', '/api/v1/contacts/facets');
  const [maxReminders, setMaxReminders] = useState('');
  const [confirming, setConfirming] = useState(false);
  const creating = $api.useMutation('post', '/api/v1/surveys/{id}/campaigns', {
    onSuccess: (campaign) => {
      void invalidate('/api/v1/surveys/{id}/campaigns');
      navigate(`/campaigns/${campaign.id}`);
    },
    onError: () => setConfirming(false),
  });
  const sending = creating.isPending;
  const failure = useFailure(creating.error);
  const confirmRef = useRef<HTMLDivElement>(null);

  const target = useMemo<CampaignTarget>(() => {
    const chosen: CampaignTarget = {};
    const countryList = listOf(countries, (c) => c.toUpperCase());
    if (countryList.length > 0) chosen.countries = countryList;
    if (segments.length > 0) chosen.segments = SEGMENTS.filter((s) => segments.includes(s));
    if (roles.length > 0) chosen.roles = roles;
    if (platforms.length > 0) chosen.platforms = platforms;
    return chosen;
  }, [countries, segments, roles, platforms]);
  const counted = useLiveCount(survey.id, target);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  function ask(event: FormEvent) {
    event.preventDefault();
    creating.reset();
    setConfirming(true);
  }

  function send() {
    const reminders = maxReminders.trim() === '' ? undefined : Number(maxReminders);
    creating.mutate({
      params: { path: { id: survey.id } },
      body: { name, target, ...(reminders === undefined ? {} : { maxReminders: reminders }) },
    });
  }

  // Field problems come from the preview (fields of the target) or from creating (target.…).
  const countFailure = counted.status === 'failed' ? counted.failure : undefined;
  const problems = (field: string) => [
    ...fieldMessages(countFailure, field),
    ...fieldMessages(failure, field === 'name' || field === 'maxReminders' ? field : `target.${field}`),
  ];
  const described = (field: string, errors: string[]) =>
    [`${id}-${field}-hint`, errors.length > 0 ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');

  const textField = (field: 'name' | 'countries', label: string, hint: string) => {
    const errors = problems(field);
    const value = { name, countries }[field];
    const set = { name: setName, countries: setCountries }[field];
    return (
      <div className="field">
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          value={value}
          onChange={(e) => set(e.target.value)}
          size={field === 'name' ? 40 : 32}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={described(field, errors)}
        />
        <p className="hint" id={`${id}-${field}-hint`}>
          {hint}
        </p>
        <FieldMessages id={`${id}-${field}-error`} messages={errors} />
      </div>
    );
  };

  /** Checkboxes for the values the directory holds, each with its count; none ticked means any. */
  const choiceGroup = (
    field: 'roles' | 'platforms',
    legend: string,
    hint: string,
    values: FacetValue[] | undefined,
    chosen: string[],
    setChosen: (next: string[]) => void,
  ) => {
    const errors = problems(field);
    return (
      <fieldset className="segments" aria-describedby={described(field, errors)} data-testid={`target-${field}`}>
        <legend>{legend}</legend>
        {values?.map(({ value, count }) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(value)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, value] : chosen.filter((v) => v !== value))}
            />
            {t.withCount(value, f.number(count))}
          </label>
        ))}
        {values?.length === 0 && <p>{t.noneInDirectory}</p>}
        <p className="hint" id={`${id}-${field}-hint`}>
          {hint}
        </p>
        <FieldMessages id={`${id}-${field}-error`} messages={errors} />
      </fieldset>
    );
  };
  const facetsData = facets.isSuccess && !facets.isFetching ? facets.data : undefined;
  const segmentCount = (segment: Segment) => facetsData?.segments.find((s) => s.value === segment)?.count ?? 0;

  const countryNames = target.countries?.map((c) => `${names.country(c)} (${c})`).join(', ');
  const segmentErrors = problems('segments');
  const reminderErrors = problems('maxReminders');
  const preview = counted.preview;
  const toInvite = preview ? f.number(preview.toInvite) : f.missing;
  const nobody = counted.status === 'ready' && counted.preview.toInvite === 0;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.newTitle}</h2>
      <p className="hint">{t.newHelp}</p>
      <form onSubmit={ask} noValidate>
        {textField('name', t.campaignName, t.campaignNameHelp)}
        <fieldset className="target">
          <legend>{t.targetLegend}</legend>
          {textField('countries', t.countries, t.countriesHelp)}
          {countryNames && (
            <p className="chosen" data-testid="chosen-countries">
              {countryNames}
            </p>
          )}
          <fieldset className="segments" aria-describedby={described('segments', segmentErrors)}>
            <legend>{t.segments}</legend>
            {SEGMENTS.map((segment) => (
              <label key={segment} className="checkbox">
                <input
                  type="checkbox"
                  checked={segments.includes(segment)}
                  onChange={(e) =>
                    setSegments(e.target.checked ? [...segments, segment] : segments.filter((s) => s !== segment))
                  }
                />
                {facetsData
                  ? t.withCount(t.segmentNames[segment], f.number(segmentCount(segment)))
                  : t.segmentNames[segment]}
              </label>
            ))}
            <p className="hint" id={`${id}-segments-hint`}>
              {t.segmentsHelp}
            </p>
            <FieldMessages id={`${id}-segments-error`} messages={segmentErrors} />
          </fieldset>
          <QueryProblem query={facets} />
          {choiceGroup('roles', t.roles, t.rolesHelp, facetsData?.roles, roles, setRoles)}
          {choiceGroup('platforms', t.platforms, t.platformsHelp, facetsData?.platforms, platforms, setPlatforms)}
          {facetsData?.truncated && <p className="hint">{t.moreValues}</p>}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-maxReminders`}>{t.maxReminders}</label>
          <input
            id={`${id}-maxReminders`}
            type="number"
            inputMode="numeric"
            min={0}
            max={10}
            value={maxReminders}
            onChange={(e) => setMaxReminders(e.target.value)}
            aria-invalid={reminderErrors.length > 0 || undefined}
            aria-describedby={described('maxReminders', reminderErrors)}
          />
          <p className="hint" id={`${id}-maxReminders-hint`}>
            {t.maxRemindersHelp}
          </p>
          <FieldMessages id={`${id}-maxReminders-error`} messages={reminderErrors} />
        </div>

        <div className="live-count" aria-labelledby={`${id}-count-title`} role="group">
          <h3 id={`${id}-count-title`}>{t.liveCount}</h3>
          <div role="status" data-testid="live-count" data-state={counted.status}>
            {preview && (
              <p className="count">
                <strong>
                  {preview.toInvite === 0
                    ? t.willInviteNone
                    : preview.toInvite === 1
                      ? t.willInviteOne
                      : t.willInvite(toInvite)}
                </strong>
              </p>
            )}
            {preview && (
              <p className="hint">{t.countDetail(f.number(preview.matching), f.number(preview.alreadyInvited))}</p>
            )}
            {counted.status === 'counting' && <p className="hint">{t.counting}</p>}
            {counted.status === 'failed' && <p className="field-error">{t.countFailed}</p>}
          </div>
        </div>

        {!confirming && (
          <div className="actions">
            <button type="submit" className="primary" disabled={nobody}>
              {t.send}
            </button>
          </div>
        )}
      </form>
      {confirming && (
        <div className="confirm" role="group" aria-labelledby={`${id}-confirm-title`} tabIndex={-1} ref={confirmRef}>
          <h3 id={`${id}-confirm-title`}>{t.confirmTitle}</h3>
          <p>{t.confirmText(toInvite, survey.name)}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={send} disabled={sending}>
              {sending ? t.sending : t.sendNow}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={sending}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {failure && <ProblemMessage failure={failure} />}
      {countFailure && !failure && <ProblemMessage failure={countFailure} />}
    </section>
  );
}
