import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';
import { DueBadges, shortId, StatusBadge, type RequestSummary } from './parts';

/** One page of the queue: each request with its status, due date and flags. */
export function QueueTable({ items }: { items: RequestSummary[] }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  if (items.length === 0) return <p role="status">{t.queue.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="request-queue">
        <thead>
          <tr>
            <th scope="col">{t.queue.request}</th>
            <th scope="col">{t.queue.status}</th>
            <th scope="col">{t.queue.due}</th>
            <th scope="col">{t.queue.received}</th>
            <th scope="col">{t.queue.channel}</th>
            <th scope="col">{t.queue.knownContact}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-request-id={r.id}>
              <th scope="row">
                <Link to={`/privacy/requests/${r.id}`} state={{ summary: r }}>
                  {t.queue.open(t.types[r.type], shortId(r.id))}
                </Link>
              </th>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="due">
                {r.dueAt ? <span>{f.date(r.dueAt)}</span> : <span className="privacy-muted">{t.queue.notDue}</span>}{' '}
                <DueBadges overdue={r.overdue} dueSoon={r.dueSoon} />
              </td>
              <td>{f.date(r.receivedAt)}</td>
              <td>{t.channels[r.channel]}</td>
              <td>{r.status === 'received' ? f.missing : r.knownContact ? t.yes : t.no}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
