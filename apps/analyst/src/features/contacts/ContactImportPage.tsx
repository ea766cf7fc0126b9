import type { components } from '@survey/api-client';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api } from '../../lib/session';
import { $api } from '../../lib/query';
import { contactsMessages } from './messages';

type ContactImport = components['schemas']['ContactImportDto'];
type Severity = components['schemas']['ImportIssueSeverity'];

const POLL_MS = 1000;

function inProgress(job: ContactImport | undefined): boolean {
  return job?.status === 'queued' || job?.status === 'running';
}

/** Step 2 of an import: the background processing as it goes, its counts and its row report. */
export function ContactImportPage() {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const { importId = '' } = useParams();
  const loaded = $api.useQuery(
    'get',
    '/api/v1/contacts/imports/{id}',
    { params: { path: { id: importId } } },
    { refetchInterval: (query) => (inProgress(query.state.data) ? POLL_MS : false) },
  );

  return (
    <>
      <p>
        <Link to="/contacts">{t.backToContacts}</Link>
      </p>
      <h1>{t.importPageTitle}</h1>
      <LoadState loaded={loaded}>
        {(job) => (
          <>
            <dl className="facts">
              <dt>{t.startedAt}</dt>
              <dd>{f.dateTime(job.createdAt)}</dd>
              <dt>{t.fileFormat}</dt>
              <dd>{job.format.toUpperCase()}</dd>
              <dt>{t.fileSize}</dt>
              <dd>{t.kilobytes(f.number(job.sizeBytes / 1024, 1))}</dd>
              <dt>{t.finishedAt}</dt>
              <dd>{job.finishedAt ? f.dateTime(job.finishedAt) : f.missing}</dd>
            </dl>
            <ImportProgress job={job} />
            <ImportCounts job={job} />
            <ImportIssues job={job} />
          </>
        )}
      </LoadState>
    </>
  );
}

function ImportProgress({ job }: { job: ContactImport }) {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const share = job.percent / 100;
  const status =
    job.status === 'queued'
      ? t.progressQueued
      : job.status === 'running'
        ? t.progressRunning(f.number(job.processedRows), f.number(job.totalRows), f.percent(share, 0))
        : job.status === 'completed'
          ? t.progressDone(f.number(job.totalRows))
          : t.progressFailed(job.failureReason ?? t.statuses.failed);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.processingTitle}</h2>
      <label htmlFor={`${id}-bar`}>{t.processingStep}</label>
      <progress
        id={`${id}-bar`}
        max={100}
        value={job.status === 'queued' ? 0 : job.percent}
        data-status={job.status}
        data-testid="import-progress"
      >
        {f.percent(share, 0)}
      </progress>
      <p role="status" className={job.status === 'failed' ? 'problem' : undefined} data-testid="import-status">
        <span className={`badge ${job.status === 'failed' ? 'failed' : job.status === 'completed' ? 'ok' : ''}`}>
          {t.statuses[job.status]}
        </span>{' '}
        {status}
      </p>
    </section>
  );
}

function ImportCounts({ job }: { job: ContactImport }) {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const rows: [string, number, string?][] = [
    [t.totalRows, job.totalRows],
    [t.processedRows, job.processedRows],
    [t.created, job.created, t.createdHelp],
    [t.updated, job.updated, t.updatedHelp],
    [t.rejected, job.rejected, t.rejectedHelp],
    [t.warnings, job.warnings, t.warningsHelp],
  ];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.countsTitle}</h2>
      <div className="table-wrap">
        <table className="counts" data-testid="import-counts">
          <thead>
            <tr>
              <th scope="col">{t.outcome}</th>
              <th scope="col" className="number">
                {t.count}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value, help]) => (
              <tr key={label}>
                <th scope="row">
                  {label}
                  {help && <span className="hint"> ({help})</span>}
                </th>
                <td className="number">{f.number(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ImportIssues({ job }: { job: ContactImport }) {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const [page, setPage] = useState(1);
  const [severity, setSeverity] = useState<'' | Severity>('');
  const init = { params: { path: { id: job.id }, query: { page, limit: 20, ...(severity ? { severity } : {}) } } };
  const loaded = useQuery({
    // Reloads as the import moves on, so the report fills in while rows are processed.
    queryKey: ['get', '/api/v1/contacts/imports/{id}/issues', init, job.processedRows, job.status],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/contacts/imports/{id}/issues', { ...init, signal })),
  });
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.issuesTitle}</h2>
      <p className="hint">{t.issuesHelp}</p>
      {inProgress(job) && <p className="hint">{t.issuesWhileRunning}</p>}
      <label htmlFor={`${id}-severity`}>{t.severityFilter}</label>
      <select
        id={`${id}-severity`}
        value={severity}
        onChange={(e) => {
          setSeverity(e.target.value as '' | Severity);
          setPage(1);
        }}
      >
        <option value="">{t.severityAll}</option>
        <option value="error">{t.severities.error}</option>
        <option value="warning">{t.severities.warning}</option>
      </select>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p>{t.noIssues}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="import-issues">
                  <thead>
                    <tr>
                      <th scope="col" className="number">
                        {t.row}
                      </th>
                      <th scope="col">{t.field}</th>
                      <th scope="col">{t.severity}</th>
                      <th scope="col">{t.reason}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((issue, index) => (
                      <tr key={`${issue.row}-${issue.field}-${index}`}>
                        <td className="number">{f.number(issue.row)}</td>
                        <td>
                          <code>{issue.field}</code>
                        </td>
                        <td>
                          <span className={`badge ${issue.severity === 'error' ? 'failed' : ''}`}>
                            {t.severities[issue.severity]}
                          </span>
                        </td>
                        <td>{issue.reason}</td>
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
