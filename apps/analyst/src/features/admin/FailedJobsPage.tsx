import type { components } from '@survey/api-client';
import { useId, useState } from 'react';
import { LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { adminMessages } from './messages';

type FailedJob = components['schemas']['FailedJobDto'];

const PAGE_SIZE = 20;

/**
 * Background jobs that used all their attempts (the dead-letter list), latest failure first: what
 * they were, how often they ran, the last error's phrase (never a personal value) and when. An
 * administrator runs one again with its attempts given back.
 */
export function FailedJobsPage() {
  const t = useMessages(adminMessages);
  const id = useId();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string>();
  const invalidate = useInvalidate();
  const jobs = $api.useQuery('get', '/api/v1/jobs/failed', { params: { query: { page, limit: PAGE_SIZE } } });
  const retry = $api.useMutation('post', '/api/v1/jobs/{id}/retry');
  const failure = useFailure(retry.error);

  function rerun(job: FailedJob) {
    setNotice(undefined);
    retry.mutate(
      { params: { path: { id: job.id } } },
      {
        onSuccess: () => {
          setNotice(t.jobs.retried(job.task));
          void invalidate('/api/v1/jobs/failed');
        },
      },
    );
  }

  return (
    <>
      <h1>{t.jobs.title}</h1>
      <p>{t.jobs.intro}</p>
      <section className="panel" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t.jobs.listTitle}</h2>
        <div role="status">{notice && <p className="notice">{notice}</p>}</div>
        {failure && <ProblemMessage failure={failure} />}
        <LoadState loaded={jobs}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t.jobs.empty}</p>
            ) : (
              <>
                <FailedJobTable jobs={data.items} busy={retry.isPending} onRetry={rerun} />
                <Pagination meta={data.meta} onPage={setPage} />
              </>
            )
          }
        </LoadState>
      </section>
    </>
  );
}

function FailedJobTable({
  jobs,
  busy,
  onRetry,
}: {
  jobs: FailedJob[];
  busy: boolean;
  onRetry: (job: FailedJob) => void;
}) {
  const t = useMessages(adminMessages);
  const f = useFormat();
  return (
    <div className="table-wrap">
      <table data-testid="failed-jobs">
        <thead>
          <tr>
            <th scope="col">{t.jobs.task}</th>
            <th scope="col">{t.jobs.attempts}</th>
            <th scope="col">{t.jobs.lastError}</th>
            <th scope="col">{t.jobs.failedAt}</th>
            <th scope="col">{t.jobs.createdAt}</th>
            <th scope="col">
              <span className="visually-hidden">{t.jobs.actionsColumn}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>
                <code>{job.task}</code>
              </td>
              <td className="number">{t.jobs.attemptsOf(f.number(job.attempts), f.number(job.maxAttempts))}</td>
              <td>{job.lastError ?? f.missing}</td>
              <td>{f.dateTime(job.failedAt)}</td>
              <td>{f.dateTime(job.createdAt)}</td>
              <td>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t.jobs.retryLabel(job.task, job.id)}
                  onClick={() => onRetry(job)}
                >
                  {t.jobs.retry}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
