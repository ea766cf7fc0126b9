import { useFormat } from '../../../lib/format';
import { useLocale, useMessages } from '../../../lib/i18n';
import { purposeLabel, purposeMessages } from '../../../lib/purposes';
import { privacyMessages } from '../messages';
import { shortId } from '../parts';
import { actionLabel, AUDIT_ACTION_LABELS } from './action-labels';
import type { AuditEvent } from './audit-filters';

function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The events of one page of the log, in the order the API gives them. */
export function EventTable({ events }: { events: AuditEvent[] }) {
  const t = useMessages(privacyMessages);
  if (events.length === 0) return <p role="status">{t.audit.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="audit-events" data-testid="audit-events">
        <thead>
          <tr>
            <th scope="col" className="number">
              {t.audit.seq}
            </th>
            <th scope="col">{t.audit.time}</th>
            <th scope="col">{t.audit.actor}</th>
            <th scope="col">{t.audit.action}</th>
            <th scope="col">{t.audit.resource}</th>
            <th scope="col">{t.audit.purpose}</th>
            <th scope="col">{t.audit.outcome}</th>
            <th scope="col">{t.audit.details}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <EventRow key={e.seq} event={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One event: who did what to which record, for which purpose, how it ended, and its details. */
function EventRow({ event: e }: { event: AuditEvent }) {
  const t = useMessages(privacyMessages);
  const purposes = useMessages(purposeMessages);
  const labels = AUDIT_ACTION_LABELS[useLocale().locale];
  const f = useFormat();
  return (
    <tr data-action={e.action}>
      <th scope="row" className="number">
        {f.number(e.seq)}
      </th>
      <td>{f.dateTime(e.occurredAt)}</td>
      <td>
        {e.actorName ?? t.audit.actorTypes[e.actorType]}
        {e.actorId && !e.actorName && (
          <>
            {' '}
            <code title={e.actorId}>{shortId(e.actorId)}</code>
          </>
        )}
      </td>
      <td>
        <span className="audit-action" title={e.action}>
          {actionLabel(labels, e.action)}
        </span>
      </td>
      <td>
        <code>{e.resourceType}</code>
        {e.resourceId && (
          <>
            {' '}
            <code title={e.resourceId}>{shortId(e.resourceId)}</code>
          </>
        )}
      </td>
      <td>{e.purpose ? purposeLabel(purposes.labels, e.purpose) : f.missing}</td>
      <td>
        <span className={`badge outcome-${e.outcome}`}>{t.audit.outcomes[e.outcome]}</span>
      </td>
      <td>
        {Object.keys(e.details).length === 0 ? (
          f.missing
        ) : (
          <ul className="audit-details">
            {Object.entries(e.details).map(([k, v]) => (
              <li key={k}>
                <code>
                  {k}: {detailText(v)}
                </code>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
