import type { components } from '@survey/api-client';
import { Link, useSearchParams } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { surveyMessages } from './messages';
import { SurveyTable } from './SurveyTable';

export type SurveyStatus = components['schemas']['SurveyStatus'];
export const SURVEY_STATUSES: readonly SurveyStatus[] = ['draft', 'open', 'closed'];
const PAGE_SIZE = 20;

function isStatus(value: string | null): value is SurveyStatus {
  return (SURVEY_STATUSES as readonly (string | null)[]).includes(value);
}

export function StatusBadge({ status }: { status: SurveyStatus }) {
  const t = useMessages(surveyMessages);
  return (
    <span className={`badge survey-status ${status}`} data-status={status}>
      {t.status[status]}
    </span>
  );
}

/** /surveys: every survey, newest first, filtered by status; the filter and page live in the URL. */
export function SurveyListPage() {
  const t = useMessages(surveyMessages);
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const filter = isStatus(status) ? status : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const loaded = $api.useQuery('get', '/api/v1/surveys', {
    params: { query: { page, limit: PAGE_SIZE, ...(filter && { status: filter }) } },
  });

  function show(next: { status?: SurveyStatus; page?: number }) {
    const search = new URLSearchParams();
    if (next.status) search.set('status', next.status);
    if (next.page && next.page > 1) search.set('page', String(next.page));
    setParams(search);
  }

  return (
    <>
      <h1>{t.listTitle}</h1>
      <div className="form-row list-controls">
        <div>
          <label htmlFor="survey-status-filter">{t.statusFilter}</label>
          <select
            id="survey-status-filter"
            value={filter ?? ''}
            onChange={(event) => show({ status: isStatus(event.target.value) ? event.target.value : undefined })}
          >
            <option value="">{t.allStatuses}</option>
            {SURVEY_STATUSES.map((each) => (
              <option key={each} value={each}>
                {t.status[each]}
              </option>
            ))}
          </select>
        </div>
        <Link className="button-link primary" to="/surveys/new">
          {t.newSurvey}
        </Link>
      </div>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p>{filter ? t.noSurveysWithStatus : t.noSurveys}</p>
          ) : (
            <>
              <SurveyTable surveys={items} />
              <Pagination meta={meta} onPage={(next) => show({ status: filter, page: next })} />
            </>
          )
        }
      </LoadState>
    </>
  );
}
