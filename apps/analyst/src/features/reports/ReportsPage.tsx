import { useQueries } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState, Pagination, QueryProblem } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { useUser } from '../../lib/session';
import { $api } from '../../lib/query';
import { useLanguageNames } from '../results/filters';
import { GenerateReport } from './GenerateReport';
import { messages } from './messages';
import { isStatus, pageOf, PAGE_SIZE, type ReportStatus } from './report-types';
import { ReportTable, StatusFilter } from './ReportTable';

/**
 * The list of report snapshots. Analysts see drafts and published reports (of one survey with
 * `?survey=`) and generate new ones; management sees the published ones only, and nothing else.
 */
export function ReportsPage() {
  const user = useUser();
  return user.role === 'management' ? <PublishedReports /> : <AnalystReports />;
}

function useReportList(query: { surveyId?: string; status?: ReportStatus; page: number }) {
  return $api.useQuery('get', '/api/v1/reports', {
    params: { query: { surveyId: query.surveyId, status: query.status, page: query.page, limit: PAGE_SIZE } },
  });
}

function PublishedReports() {
  const t = useMessages(messages);
  const f = useFormat();
  const languageNames = useLanguageNames();
  const [search, setSearch] = useSearchParams();
  const list = useReportList({ page: pageOf(search) });
  return (
    <>
      <h1>{t.publishedReports}</h1>
      <p>{t.managementIntro}</p>
      <LoadState loaded={list}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p className="notice">{t.noneForManagement}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="report-list">
                  <thead>
                    <tr>
                      <th scope="col">{t.title}</th>
                      <th scope="col">{t.language}</th>
                      <th scope="col" className="number">
                        {t.responses}
                      </th>
                      <th scope="col">{t.publishedAt}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((report) => (
                      <tr key={report.id} data-id={report.id}>
                        <th scope="row">
                          <Link to={`/reports/${report.id}`}>{report.title}</Link>
                        </th>
                        <td>{languageNames[report.language]}</td>
                        <td className="number">{f.number(report.responses)}</td>
                        <td>{report.publishedAt ? f.dateTime(report.publishedAt) : f.missing}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination meta={meta} onPage={(page) => setSearch({ page: String(page) })} />
            </>
          )
        }
      </LoadState>
    </>
  );
}

/** Names of the surveys a page of reports belongs to (a handful of look-ups, one per survey). */
function useSurveyNames(ids: string[]) {
  const unique = [...new Set(ids)].sort();
  return useQueries({
    queries: unique.map((id) => $api.queryOptions('get', '/api/v1/surveys/{id}', { params: { path: { id } } })),
    // A name that cannot be read is left out: the table shows a dash for it.
    combine: (results) =>
      new Map(results.flatMap((result, i) => (result.data ? [[unique[i], result.data.name] as const] : []))),
  });
}

function AnalystReports() {
  const t = useMessages(messages);
  const [search, setSearch] = useSearchParams();
  const surveyId = search.get('survey') ?? undefined;
  const statusParam = search.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const page = pageOf(search);
  const list = useReportList({ surveyId, status, page });
  const survey = $api.useQuery(
    'get',
    '/api/v1/surveys/{id}',
    { params: { path: { id: surveyId ?? '' } } },
    { enabled: Boolean(surveyId) },
  );
  const names = useSurveyNames(surveyId ? [] : (list.data?.items.map((r) => r.surveyId) ?? []));

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next);
  };

  return (
    <>
      <h1>{surveyId && survey.data ? t.surveyReports(survey.data.name) : t.reports}</h1>
      {surveyId && <SurveyTabs surveyId={surveyId} />}
      <QueryProblem query={survey} />
      <section className="panel" aria-labelledby="report-list-heading">
        <h2 id="report-list-heading">{t.list}</h2>
        <StatusFilter value={status} onChange={(value) => update({ status: value, page: undefined })} />
        <LoadState loaded={list}>
          {({ items, meta }) =>
            items.length === 0 ? (
              <p>{t.none}</p>
            ) : (
              <>
                <ReportTable items={items} surveyNames={surveyId ? undefined : names} />
                <Pagination meta={meta} onPage={(p) => update({ page: String(p) })} />
              </>
            )
          }
        </LoadState>
      </section>
      <GenerateReport surveyId={surveyId} onSurvey={(id) => update({ survey: id, page: undefined })} />
    </>
  );
}
