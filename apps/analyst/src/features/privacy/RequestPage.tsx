import { useId, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { PurposeSelect } from '../../components/PurposeSelect';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { type Purpose } from '../../lib/purposes';
import { privacyMessages } from './messages';
import { DueBadges, shortId, StatusBadge, type RequestSummary } from './parts';
import { RequestView } from './request/RequestView';

/**
 * One request. Its address and details are personal data: the officer states why they open them
 * (sent as X-Purpose, recorded in the audit log) before anything personal is fetched.
 */
export function PrivacyRequestPage() {
  const { requestId = '' } = useParams();
  const summary = (useLocation().state as { summary?: RequestSummary } | null)?.summary;
  // A purpose is stated for one request: opening another asks again.
  return <RequestPage key={requestId} requestId={requestId} known={summary?.id === requestId ? summary : undefined} />;
}

function RequestPage({ requestId, known }: { requestId: string; known: RequestSummary | undefined }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const [purpose, setPurpose] = useState<Purpose>();

  if (purpose) return <RequestView id={requestId} purpose={purpose} />;
  return (
    <>
      <h1>{known ? t.request.title(t.types[known.type]) : t.queue.request}</h1>
      <p>
        <Link to="/privacy/requests">{t.request.back}</Link>
      </p>
      {known && (
        <dl className="facts panel">
          <dt>{t.request.reference}</dt>
          <dd>{shortId(known.id)}</dd>
          <dt>{t.request.status}</dt>
          <dd>
            <StatusBadge status={known.status} />
          </dd>
          <dt>{t.request.dueAt}</dt>
          <dd>
            {known.dueAt ? f.date(known.dueAt) : t.queue.notDue} <DueBadges {...known} />
          </dd>
        </dl>
      )}
      <PurposeGate onStated={setPurpose} />
    </>
  );
}

function PurposeGate({ onStated }: { onStated: (purpose: Purpose) => void }) {
  const t = useMessages(privacyMessages);
  const id = useId();
  // Handling the request is why this page exists: that purpose is chosen, and can be changed.
  const [purpose, setPurpose] = useState<Purpose | ''>('privacy-request');
  const [missing, setMissing] = useState(false);
  return (
    <form
      className="panel purpose-gate"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (purpose) onStated(purpose);
        else setMissing(true);
      }}
    >
      <h2 id={`${id}-title`}>{t.purpose.title}</h2>
      <p>{t.purpose.intro}</p>
      <PurposeSelect
        id={`${id}-purpose`}
        label={t.purpose.label}
        value={purpose}
        onChange={(p) => {
          setPurpose(p);
          setMissing(false);
        }}
        errors={missing ? [t.purpose.required] : []}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t.purpose.show}
        </button>
      </div>
    </form>
  );
}
