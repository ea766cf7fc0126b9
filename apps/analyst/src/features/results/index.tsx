import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState, ProblemMessage, QueryProblem } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { fileNameOf, saveBlob } from '../../lib/download';
import { useFormat } from '../../lib/format';
import { useLocale, useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api } from '../../lib/session';
import { $api, useFailure } from '../../lib/query';
import { StatisticsView } from './charts';
import {
  choiceFromSearch,
  choiceToSearch,
  crosstabOf,
  crosstabProblem,
  defaultChoice,
  narrowingCount,
  narrowingQuery,
  useCampaigns,
  type StatisticsChoice,
} from './filters';
import { messages } from './messages';
import { StatisticsFields } from './fields/StatisticsFields';
import { periodRules } from './period-rules';
import { useFormCheck } from '../../lib/form-check';
import { Headline } from './charts/Headline';
import { questionnaireOf } from './questions';

export { CommentsPage } from './CommentsPage';
export { ResponsesPage } from './ResponsesPage';

/** Rows per page of raw responses; the API allows up to 5000. */
const CSV_PAGE = 5000;

/** The statistics query for the chosen filters. */
function statisticsQuery(choice: StatisticsChoice) {
  const crosstab = crosstabOf(choice);
  return {
    ...narrowingQuery(choice),
    breakdowns: choice.breakdowns.length > 0 ? choice.breakdowns : undefined,
    crosstabs: crosstab ? [`${crosstab.rows}:${crosstab.columns}`] : undefined,
    language: choice.language,
  };
}

/**
 * Live statistics of one survey: the headline figures and the charts first; the filters in a bar
 * that opens on demand (and stays open while the API refuses one of them).
 */
export function ResultsPage() {
  const { surveyId = '' } = useParams();
  const t = useMessages(messages);
  const { locale } = useLocale();
  const [search, setSearch] = useSearchParams();
  const searchKey = search.toString();
  const applied = choiceFromSearch(search, locale);
  const [draft, setDraft] = useState<StatisticsChoice>(applied);
  const [incomplete, setIncomplete] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  // Back and forward change the applied filters: the form follows them.
  useEffect(() => {
    setDraft(choiceFromSearch(new URLSearchParams(searchKey), locale));
  }, [searchKey, locale]);

  const survey = $api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } });
  const campaigns = useCampaigns(surveyId);
  const statistics = $api.useQuery('get', '/api/v1/surveys/{id}/statistics', {
    params: { path: { id: surveyId }, query: statisticsQuery(applied) },
  });

  const failure = useFailure(statistics.error);
  const form = useFormCheck(periodRules(draft), failure);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const checked = form.check({ to: draft.to });
    setIncomplete(crosstabProblem(draft));
    if (!checked || crosstabProblem(draft)) return;
    if (choiceToSearch(draft).toString() === searchKey) void statistics.refetch();
    else setSearch(choiceToSearch(draft));
  };
  const reset = () => {
    setIncomplete(false);
    form.clear();
    setDraft(defaultChoice(locale));
    setSearch(new URLSearchParams());
  };

  const open = filtersOpen || Boolean(failure?.fieldErrors.length);
  const name = survey.data?.name;
  return (
    <>
      <h1>{name ? t.title(name) : t.titlePlain}</h1>
      <SurveyTabs surveyId={surveyId} />
      <QueryProblem query={survey} />
      <div className="filter-bar">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="results-filters"
          onClick={() => setFiltersOpen(!open)}
          data-testid="filters-toggle"
        >
          {open ? t.hideFilters : t.showFilters}
        </button>
        <span className="filter-count" data-testid="filters-count">
          {t.activeFilters(narrowingCount(applied))}
        </span>
      </div>
      <form
        id="results-filters"
        className="panel results-filters"
        onSubmit={apply}
        aria-labelledby="filters-heading"
        noValidate
        hidden={!open}
        ref={form.ref}
      >
        <h2 id="filters-heading">{t.filters}</h2>
        <StatisticsFields
          value={draft}
          onChange={setDraft}
          campaigns={campaigns.data ?? []}
          errorsOf={form.errorsOf}
          crosstabIncomplete={incomplete}
          narrowing={{ questionnaire: questionnaireOf(survey.data?.questionnaire) }}
        />
        <div className="actions">
          <button type="submit" className="primary">
            {t.apply}
          </button>
          <button type="button" onClick={reset}>
            {t.reset}
          </button>
        </div>
      </form>
      <QueryProblem query={campaigns} />
      {statistics.isFetching && statistics.data && (
        <p className="loading" role="status">
          {t.updating}
        </p>
      )}
      <LoadState loaded={statistics}>
        {(data) => (
          <>
            <Headline statistics={data} />
            <StatisticsView statistics={data} populationLast />
          </>
        )}
      </LoadState>
      <RawResponsesDownload surveyId={surveyId} surveyName={name} />
    </>
  );
}

/**
 * Pseudonymised raw responses as one CSV file: the pages the API gives (5000 rows each, following
 * its cursor) joined under one header row. `onBytes` hears the bytes received so far.
 */
async function rawResponsesCsv(
  surveyId: string,
  onBytes: (bytes: number) => void,
): Promise<{ file: Blob; bytes: number }> {
  const parts: Blob[] = [];
  let headerBytes = 0;
  let bytes = 0;
  let cursor: string | undefined;
  do {
    const result = await api.GET('/api/v1/surveys/{id}/responses', {
      params: { path: { id: surveyId }, query: { format: 'csv', limit: CSV_PAGE, cursor } },
      parseAs: 'blob',
    });
    const blob = unwrap(result);
    if (parts.length === 0) {
      const head = await blob.slice(0, 65_536).text();
      const end = head.indexOf('\n');
      headerBytes = new TextEncoder().encode(end < 0 ? head : head.slice(0, end + 1)).length;
      parts.push(blob);
    } else {
      // Every page starts with the same header row; the file keeps the first one only.
      parts.push(blob.slice(headerBytes));
    }
    bytes += blob.size;
    onBytes(bytes);
    cursor = result.response.headers.get('X-Next-Cursor') ?? undefined;
  } while (cursor);
  return { file: new Blob(parts, { type: 'text/csv;charset=utf-8' }), bytes };
}

/** The raw responses as one CSV file, handed to the browser's download, with its progress in kilobytes. */
function RawResponsesDownload({ surveyId, surveyName }: { surveyId: string; surveyName?: string }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const f = useFormat();
  const [received, setReceived] = useState(0);
  const download = useMutation({
    mutationFn: () => rawResponsesCsv(surveyId, setReceived),
    onMutate: () => setReceived(0),
    onSuccess: ({ file }) => saveBlob(file, fileNameOf(`${surveyName ?? 'survey'} responses`, 'csv')),
  });
  const failure = useFailure(download.error);
  const kilobytes = (bytes: number) => f.number(Math.ceil(bytes / 1024));
  const running = download.isPending;

  return (
    <section className="panel" aria-labelledby="raw-heading">
      <h2 id="raw-heading">{t.rawResponses}</h2>
      <p className="hint">{t.rawHint}</p>
      <div className="actions">
        <button type="button" onClick={() => download.mutate()} disabled={running}>
          {t.downloadCsv}
        </button>
      </div>
      <p role="status" className="download-status">
        {running
          ? t.downloading(kilobytes(received))
          : download.isSuccess
            ? t.downloaded(kilobytes(download.data.bytes))
            : ''}
      </p>
      {failure && <ProblemMessage failure={failure} onRetry={() => download.mutate()} />}
      {running && <progress aria-label={c.loading} />}
    </section>
  );
}
