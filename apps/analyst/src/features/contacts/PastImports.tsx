import { useId, useState } from 'react';
import { Link } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { contactsMessages } from './messages';

/** The imports already made, a page at a time, each with a link to its report. */
export function PastImports() {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const id = useId();
  const [page, setPage] = useState(1);
  const loaded = $api.useQuery('get', '/api/v1/contacts/imports', { params: { query: { page, limit: 10 } } });
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.pastImports}</h2>
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p>{t.noImports}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="imports-table">
                  <thead>
                    <tr>
                      <th scope="col">{t.importedAt}</th>
                      <th scope="col">{t.format}</th>
                      <th scope="col">{t.status}</th>
                      <th scope="col" className="number">
                        {t.rows}
                      </th>
                      <th scope="col" className="number">
                        {t.created}
                      </th>
                      <th scope="col" className="number">
                        {t.updated}
                      </th>
                      <th scope="col" className="number">
                        {t.rejected}
                      </th>
                      <th scope="col" className="number">
                        {t.warnings}
                      </th>
                      <th scope="col">{t.report}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((job) => (
                      <tr key={job.id}>
                        <td>{f.dateTime(job.createdAt)}</td>
                        <td>{job.format.toUpperCase()}</td>
                        <td>
                          <span className={`badge ${job.status === 'failed' ? 'failed' : ''}`}>
                            {t.statuses[job.status]}
                          </span>
                        </td>
                        <td className="number">{f.number(job.totalRows)}</td>
                        <td className="number">{f.number(job.created)}</td>
                        <td className="number">{f.number(job.updated)}</td>
                        <td className="number">{f.number(job.rejected)}</td>
                        <td className="number">{f.number(job.warnings)}</td>
                        <td>
                          <Link to={`/contacts/imports/${job.id}`} aria-label={t.openReport(f.dateTime(job.createdAt))}>
                            {t.report}
                          </Link>
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
