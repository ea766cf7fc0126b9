import { ProblemType, type components } from '@survey/api-client';
import type { Language } from '@survey/questionnaire';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { fileNameOf, saveBlob } from '../../lib/download';
import { useFormat } from '../../lib/format';
import { useLocale, useMessages } from '../../lib/i18n';
import { failureOf, fieldMessages, unwrap, type Failure, type PublicationConflict } from '../../lib/problem';
import { api, useUser } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { StatisticsView } from '../results/charts';
import {
  crosstabOf,
  crosstabProblem,
  defaultChoice,
  periodOf,
  StatisticsFields,
  useCampaigns,
  useLanguageNames,
  type StatisticsChoice,
} from '../results/filters';
import { messages as resultsMessages } from '../results/messages';
import { messages } from './messages';
import './reports.css';

type Report = components['schemas']['ReportDto'];
type ReportSummary = components['schemas']['ReportSummaryDto'];
type ReportStatus = ReportSummary['status'];
type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** Conflicts listed at once; the rest open on request. */
const CONFLICTS_SHOWN = 10;
const PAGE_SIZE = 20;

function isStatus(value: string | null): value is ReportStatus {
  return value === 'draft' || value === 'published';
}

/**
 * The API's problem, and what to do about the two refusals that protect respondents: too few
 * responses, or figures that, read beside reports already published, would single someone out.
 */
function ReportProblem({ failure, k, surveyId }: { failure: Failure; k?: number; surveyId?: string }) {
  const t = useMessages(messages);
  return (
    <>
      <ProblemMessage failure={failure} />
      {failure.type === ProblemType.ReportPopulationTooSmall && <p className="notice warning">{t.tooSmallHint}</p>}
      {failure.type === ProblemType.ReportComposition && (
        <CompositionConflicts conflicts={failure.conflicts ?? []} k={k} surveyId={surveyId} />
      )}
    </>
  );
}

/** Links to the earlier reports a conflict names, in a sentence. */
function ReportLinks({ publications }: { publications: PublicationConflict['publications'] }) {
  return (
    <>
      {publications.map((publication, index) => (
        <span key={publication.id}>
          {index > 0 && ', '}
          <Link to={`/reports/${publication.id}`}>{publication.title}</Link>
        </span>
      ))}
    </>
  );
}

function ConflictItem({ conflict, k }: { conflict: PublicationConflict; k: string }) {
  const t = useMessages(messages);
  const kinds = t.conflictKinds;
  const kind =
    conflict.kind === 'small'
      ? kinds.small(k)
      : conflict.kind === 'hiddenTooFew'
        ? kinds.hiddenTooFew(k)
        : kinds[conflict.kind];
  return (
    <li data-kind={conflict.kind} data-part={conflict.part}>
      <strong>{conflict.figure}</strong>: {kind}, {t.conflictParts[conflict.part]}{' '}
      <ReportLinks publications={conflict.publications} />.
    </li>
  );
}

/**
 * Why the publication check refused a report: each figure at stake in words (never its number),
 * what is wrong with it, where its respondents are and which earlier reports it clashes with;
 * then what to change.
 */
function CompositionConflicts({
  conflicts,
  k,
  surveyId,
}: {
  conflicts: PublicationConflict[];
  k?: number;
  surveyId?: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const kText = k === undefined ? 'k' : f.number(k);
  const earlier = [...new Map(conflicts.flatMap((c) => c.publications).map((p) => [p.id, p] as const)).values()];
  const shown = conflicts.slice(0, CONFLICTS_SHOWN);
  const more = conflicts.slice(CONFLICTS_SHOWN);
  const key = (c: PublicationConflict, i: number) => `${i}:${c.kind}:${c.part}:${c.figure}`;
  return (
    <section className="notice warning conflicts" aria-labelledby={id} data-testid="composition-conflicts">
      <h3 id={id}>{t.conflictsHeading}</h3>
      {conflicts.length > 0 && (
        <>
          <p>{t.conflictsIntro(f.number(conflicts.length))}</p>
          <ul data-testid="conflict-list">
            {shown.map((conflict, i) => (
              <ConflictItem key={key(conflict, i)} conflict={conflict} k={kText} />
            ))}
          </ul>
          {more.length > 0 && (
            <details>
              <summary>{t.moreConflicts(f.number(more.length))}</summary>
              <ul>
                {more.map((conflict, i) => (
                  <ConflictItem key={key(conflict, i + CONFLICTS_SHOWN)} conflict={conflict} k={kText} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <h4>{t.whatToChange}</h4>
      <ul data-testid="conflict-remedies">
        <li>
          {t.sameFilters} <ReportLinks publications={earlier} />
          {t.sameFiltersEnd}
        </li>
        <li>{t.otherPeriod}</li>
        <li>{t.fewerBreakdowns}</li>
      </ul>
      {surveyId && (
        <p>
          <Link to={`/reports?survey=${surveyId}`}>{t.newReport}</Link>
        </p>
      )}
    </section>
  );
}

/**
 * The list of report snapshots. Analysts see drafts and published reports (of one survey with
 * `?survey=`) and generate new ones; management sees the published ones only, and nothing else.
 */
export function ReportsPage() {
  const user = useUser();
  return user.role === 'management' ? <PublishedReports /> : <AnalystReports />;
}

function useReportList(query: { surveyId?: string; status?: ReportStatus; page: number }) {
  return useLoad(
    async (signal) =>
      unwrap(
        await api.GET('/api/v1/reports', {
          params: { query: { surveyId: query.surveyId, status: query.status, page: query.page, limit: PAGE_SIZE } },
          signal,
        }),
      ),
    [query.surveyId, query.status, query.page],
  );
}

function pageOf(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
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
  const key = [...new Set(ids)].sort().join(',');
  return useLoad(
    async (signal) => {
      const names = new Map<string, string>();
      await Promise.all(
        key
          .split(',')
          .filter(Boolean)
          .map(async (id) => {
            const { data } = await api.GET('/api/v1/surveys/{id}', { params: { path: { id } }, signal });
            if (data) names.set(id, data.name);
          }),
      );
      return names;
    },
    [key],
  );
}

function AnalystReports() {
  const t = useMessages(messages);
  const [search, setSearch] = useSearchParams();
  const surveyId = search.get('survey') ?? undefined;
  const statusParam = search.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const page = pageOf(search);
  const list = useReportList({ surveyId, status, page });
  const survey = useLoad(
    async (signal) =>
      surveyId ? unwrap(await api.GET('/api/v1/surveys/{id}', { params: { path: { id: surveyId } }, signal })) : null,
    [surveyId],
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
      <h1>{survey.data ? t.surveyReports(survey.data.name) : t.reports}</h1>
      {surveyId && <SurveyTabs surveyId={surveyId} />}
      {survey.status === 'failed' && <ProblemMessage failure={survey.failure} onRetry={survey.reload} />}
      <section className="panel" aria-labelledby="report-list-heading">
        <h2 id="report-list-heading">{t.list}</h2>
        <StatusFilter value={status} onChange={(value) => update({ status: value, page: undefined })} />
        <LoadState loaded={list}>
          {({ items, meta }) =>
            items.length === 0 ? (
              <p>{t.none}</p>
            ) : (
              <>
                <ReportTable items={items} surveyNames={surveyId ? undefined : (names.data ?? new Map())} />
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

function StatusFilter({ value, onChange }: { value?: ReportStatus; onChange: (value?: ReportStatus) => void }) {
  const t = useMessages(messages);
  const id = useId();
  return (
    <div className="form-row">
      <div>
        <label htmlFor={id}>{t.status}</label>
        <select
          id={id}
          value={value ?? ''}
          onChange={(e) => onChange(isStatus(e.target.value) ? e.target.value : undefined)}
        >
          <option value="">{t.allStatuses}</option>
          <option value="draft">{t.statuses.draft}</option>
          <option value="published">{t.statuses.published}</option>
        </select>
      </div>
    </div>
  );
}

function ReportTable({ items, surveyNames }: { items: ReportSummary[]; surveyNames?: Map<string, string> }) {
  const t = useMessages(messages);
  const f = useFormat();
  const languageNames = useLanguageNames();
  return (
    <div className="table-wrap">
      <table data-testid="report-list">
        <thead>
          <tr>
            <th scope="col">{t.title}</th>
            {surveyNames && <th scope="col">{t.survey}</th>}
            <th scope="col">{t.status}</th>
            <th scope="col">{t.language}</th>
            <th scope="col" className="number">
              {t.responses}
            </th>
            <th scope="col">{t.createdAt}</th>
            <th scope="col">{t.publishedAt}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((report) => (
            <tr key={report.id} data-id={report.id}>
              <th scope="row">
                <Link to={`/reports/${report.id}`}>{report.title}</Link>
              </th>
              {surveyNames && (
                <td>
                  <Link to={`/reports?survey=${report.surveyId}`}>{surveyNames.get(report.surveyId) ?? f.missing}</Link>
                </td>
              )}
              <td>
                <span className={`badge ${report.status === 'published' ? 'ok' : ''}`}>
                  {t.statuses[report.status]}
                </span>
              </td>
              <td>{languageNames[report.language]}</td>
              <td className="number">{f.number(report.responses)}</td>
              <td>{f.dateTime(report.createdAt)}</td>
              <td>{report.publishedAt ? f.dateTime(report.publishedAt) : t.notPublished}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The open and closed surveys an analyst may report on (the latest hundred). */
function useReportableSurveys() {
  return useLoad(
    async (signal) =>
      unwrap(await api.GET('/api/v1/surveys', { params: { query: { limit: 100 } }, signal })).items.filter(
        (survey) => survey.status !== 'draft',
      ),
    [],
  );
}

/** The form that makes a draft report from chosen filters, then opens it for review. */
function GenerateReport({ surveyId, onSurvey }: { surveyId?: string; onSurvey: (id?: string) => void }) {
  const t = useMessages(messages);
  const navigate = useNavigate();
  const id = useId();
  const surveys = useReportableSurveys();
  const campaigns = useCampaigns(surveyId);
  const [title, setTitle] = useState('');
  const { locale } = useLocale();
  const [choice, setChoice] = useState<StatisticsChoice>(() => defaultChoice(locale));
  const [incomplete, setIncomplete] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const titleErrors = fieldMessages(failure, 'title');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!surveyId) return;
    if (crosstabProblem(choice)) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setBusy(true);
    setFailure(undefined);
    const period = periodOf(choice);
    const crosstab = crosstabOf(choice);
    try {
      const report = unwrap(
        await api.POST('/api/v1/surveys/{id}/reports', {
          params: { path: { id: surveyId } },
          body: {
            title,
            language: choice.language,
            filters: { campaignId: choice.campaignId || undefined, from: period.from, to: period.to },
            breakdowns: choice.breakdowns,
            crosstabs: crosstab ? [crosstab] : [],
          },
        }),
      );
      navigate(`/reports/${report.id}`);
    } catch (error) {
      setFailure(failureOf(error));
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>{t.generate}</h2>
      <p className="hint">{t.generateHint}</p>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-survey`}>{t.survey}</label>
          <select id={`${id}-survey`} value={surveyId ?? ''} onChange={(e) => onSurvey(e.target.value || undefined)}>
            <option value="">{t.chooseSurvey}</option>
            {surveyId && !surveys.data?.some((s) => s.id === surveyId) && <option value={surveyId}>{surveyId}</option>}
            {(surveys.data ?? []).map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
              </option>
            ))}
          </select>
        </div>
        <div className="grow">
          <label htmlFor={`${id}-title`}>{t.reportTitle}</label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            required
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={titleErrors.length > 0 || undefined}
            aria-describedby={titleErrors.length > 0 ? `${id}-title-error` : undefined}
          />
          <FieldMessages id={`${id}-title-error`} messages={titleErrors} />
        </div>
      </div>
      {surveys.status === 'failed' && <ProblemMessage failure={surveys.failure} onRetry={surveys.reload} />}
      {surveyId && (
        <>
          <StatisticsFields
            value={choice}
            onChange={setChoice}
            campaigns={campaigns.data ?? []}
            failure={failure}
            filterField="filters."
            crosstabIncomplete={incomplete}
            languageLabel={t.reportLanguage}
          />
        </>
      )}
      {failure && <ReportProblem failure={failure} surveyId={surveyId} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={!surveyId || busy}>
          {t.generateButton}
        </button>
      </div>
      <p role="status" className="download-status">
        {busy ? t.generating : ''}
      </p>
    </form>
  );
}

/** One report: its parameters, downloads, publication (analysts, drafts) and its charts and tables. */
export function ReportPage() {
  const { reportId = '' } = useParams();
  const t = useMessages(messages);
  const user = useUser();
  const loaded = useLoad(
    async (signal) => unwrap(await api.GET('/api/v1/reports/{id}', { params: { path: { id: reportId } }, signal })),
    [reportId],
  );
  const [published, setPublished] = useState<Report>();
  const report = published?.id === reportId ? published : loaded.data;
  const analyst = user.role !== 'management';

  if (!report) {
    return (
      <>
        <h1>{t.reports}</h1>
        <LoadState loaded={loaded}>{() => null}</LoadState>
      </>
    );
  }
  return (
    <>
      <div className="report-header">
        <h1>{report.title}</h1>
        <span className={`badge ${report.status === 'published' ? 'ok' : ''}`} data-testid="report-status">
          {t.statuses[report.status]}
        </span>
      </div>
      {analyst && <SurveyTabs surveyId={report.surveyId} />}
      <ReportFacts report={report} analyst={analyst} />
      <ReportActions report={report} analyst={analyst} onPublished={setPublished} />
      <StatisticsView statistics={report.content} report />
    </>
  );
}

function ReportFacts({ report, analyst }: { report: Report; analyst: boolean }) {
  const t = useMessages(messages);
  const r = useMessages(resultsMessages);
  const f = useFormat();
  const languageNames = useLanguageNames();
  const { parameters } = report;
  const campaignId = parameters.filters.campaignId;
  // Analysts may read campaigns; management sees that one was chosen, not which.
  const campaign = useLoad(
    async (signal) =>
      analyst && campaignId
        ? unwrap(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id: campaignId } }, signal })).name
        : null,
    [analyst, campaignId],
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

type ActionState =
  | { status: 'idle' }
  | { status: 'downloading'; format: ExportFormat }
  | { status: 'downloaded'; format: ExportFormat }
  | { status: 'publishing' }
  | { status: 'published' }
  | { status: 'failed'; failure: Failure };

const FORMAT_NAMES: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF' };

function ReportActions({
  report,
  analyst,
  onPublished,
}: {
  report: Report;
  analyst: boolean;
  onPublished: (report: Report) => void;
}) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const publishRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const download = async (format: ExportFormat) => {
    setState({ status: 'downloading', format });
    try {
      const blob = unwrap(
        await api.GET('/api/v1/reports/{id}/export', {
          params: { path: { id: report.id }, query: { format } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, fileNameOf(report.title, format));
      setState({ status: 'downloaded', format });
    } catch (error) {
      setState({ status: 'failed', failure: failureOf(error) });
    }
  };

  const publish = async () => {
    setState({ status: 'publishing' });
    try {
      const done = unwrap(await api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }));
      setConfirming(false);
      onPublished(done);
      setState({ status: 'published' });
    } catch (error) {
      setConfirming(false);
      setState({ status: 'failed', failure: failureOf(error) });
    }
  };

  const cancel = () => {
    setConfirming(false);
    publishRef.current?.focus();
  };

  const busy = state.status === 'downloading' || state.status === 'publishing';
  const status =
    state.status === 'downloading'
      ? t.downloading(FORMAT_NAMES[state.format])
      : state.status === 'downloaded'
        ? t.downloaded(FORMAT_NAMES[state.format])
        : state.status === 'publishing'
          ? t.publishing
          : state.status === 'published'
            ? t.publishedNow
            : '';
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{analyst && report.status === 'draft' ? t.downloadAndPublish : t.download}</h2>
      <div className="actions">
        {(['pdf', 'xlsx', 'csv'] as const).map((format) => (
          <button key={format} type="button" disabled={busy} onClick={() => void download(format)}>
            {t.downloadAs(FORMAT_NAMES[format])}
          </button>
        ))}
        {analyst && report.status === 'draft' && !confirming && (
          <button
            type="button"
            className="primary"
            ref={publishRef}
            disabled={busy}
            onClick={() => setConfirming(true)}
          >
            {t.publish}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-labelledby="confirm-title" aria-describedby="confirm-text">
          <p id="confirm-title" className="confirm-title">
            {t.confirmTitle}
          </p>
          <p id="confirm-text">{t.confirmText}</p>
          <div className="actions">
            <button type="button" className="primary" ref={confirmRef} disabled={busy} onClick={() => void publish()}>
              {t.confirmPublish}
            </button>
            <button type="button" onClick={cancel} disabled={busy}>
              {c.cancel}
            </button>
          </div>
        </div>
      )}
      <p role="status" className="download-status">
        {status}
      </p>
      {state.status === 'failed' && (
        <ReportProblem
          failure={state.failure}
          k={report.parameters.k}
          surveyId={analyst ? report.surveyId : undefined}
        />
      )}
    </section>
  );
}
