import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import { DueBadges, shortId, StatusBadge, type RequestDetail } from '../parts';

/** What the request is, where it stands and by when it must be answered; nothing personal. */
export function Facts({ request }: { request: RequestDetail }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  return (
    <section className="panel" aria-labelledby="request-facts">
      <h2 id="request-facts">{t.request.facts}</h2>
      <dl className="facts">
        <dt>{t.request.reference}</dt>
        <dd>{shortId(request.id)}</dd>
        <dt>{t.request.status}</dt>
        <dd>
          <StatusBadge status={request.status} />
        </dd>
        <dt>{t.request.dueAt}</dt>
        <dd data-testid="request-due">
          {request.dueAt ? f.date(request.dueAt) : t.queue.notDue} <DueBadges {...request} />
          {request.extendedAt && <> · {t.request.extended(f.date(request.extendedAt))}</>}
        </dd>
        {request.verificationExpiresAt && (
          <>
            <dt>{t.request.confirmBy}</dt>
            <dd>{f.dateTime(request.verificationExpiresAt)}</dd>
          </>
        )}
        <dt>{t.request.channel}</dt>
        <dd>{t.channels[request.channel]}</dd>
        <dt>{t.request.identity}</dt>
        <dd>{request.identityVerification ? t.identity[request.identityVerification] : t.request.nothing}</dd>
        <dt>{t.request.language}</dt>
        <dd>{t.languages[request.language as keyof typeof t.languages] ?? request.language}</dd>
        <dt>{t.request.knownContact}</dt>
        <dd>{request.knownContact ? t.yes : t.no}</dd>
        {request.rejectionReason && (
          <>
            <dt>{t.request.rejectionReason}</dt>
            <dd>{t.rejectionReasons[request.rejectionReason]}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
