import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import type { RequestDetail } from '../parts';

/** What only the stated purpose opens: the address and what the person and staff wrote. */
export function Person({ request }: { request: RequestDetail }) {
  const t = useMessages(privacyMessages);
  if (request.personalDataRemoved) {
    return <p className="notice">{t.request.removed}</p>;
  }
  const rows: [string, string | null][] = [
    [t.request.email, request.email],
    [t.request.details, request.details],
    [t.request.identityNote, request.identityNote],
    [t.request.extensionReason, request.extensionReason],
    [t.request.rejectionNote, request.rejectionNote],
  ];
  return (
    <section className="panel" aria-labelledby="request-person">
      <h2 id="request-person">{t.request.person}</h2>
      <dl className="facts personal">
        {rows
          .filter(([label, value]) => value !== null || label === t.request.email)
          .map(([label, value]) => (
            <div key={label} className="fact">
              <dt>{label}</dt>
              <dd className="personal-value">{value ?? t.request.nothing}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
