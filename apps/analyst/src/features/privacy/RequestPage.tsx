import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { FieldMessages, LoadState, ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, unwrap, type Failure } from '../../lib/problem';
import { api } from '../../lib/session';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { privacyMessages } from './messages';
import {
  DueBadges,
  REJECTION_REASONS,
  StatusBadge,
  dateInputValue,
  shortId,
  type RejectionReason,
  type RequestDetail,
  type RequestSummary,
} from './parts';
import { purposeMessages, type Purpose } from '../../lib/purposes';
import { PurposeSelect } from '../../components/PurposeSelect';
import { RectifyForm } from './RectifyForm';
import { Timeline } from './Timeline';

/** A UTC calendar-month addition, as the API computes due dates (31 Jan + 1 month = end of Feb). */
function addMonthsUtc(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(from.getTime());
  result.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return result;
}
/** GDPR Art. 12(3): one month, extensible once up to three months after verification. */
const MAX_MONTHS_TO_ANSWER = 3;

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
  const [purpose, setPurpose] = useState<Purpose | ''>('');
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

type Asking = 'reject' | 'fulfil' | undefined;

function RequestView({ id, purpose }: { id: string; purpose: Purpose }) {
  const t = useMessages(privacyMessages);
  const purposes = useMessages(purposeMessages);
  const header = { 'X-Purpose': purpose };
  const loaded = $api.useQuery(
    'get',
    '/api/v1/privacy-requests/{id}',
    { params: { path: { id }, header } },
    // Personal data: read afresh (and audited) each time, never kept once the page is gone.
    { gcTime: 0 },
  );
  const [current, setCurrent] = useState<RequestDetail>();
  const [notice, setNotice] = useState<string>();
  const invalidate = useInvalidate();
  const workflow = useMutation({
    mutationFn: ({ step }: { step: () => Promise<RequestDetail>; done: string }) => step(),
    onMutate: () => setNotice(undefined),
    onSuccess: (next, { done }) => {
      setCurrent(next);
      setNotice(done);
      // The queue shows the new status; this page shows the answer, without reading the request again.
      void invalidate('/api/v1/privacy-requests');
    },
  });
  const busy = workflow.isPending;
  const failure = useFailure(workflow.error);

  /** Runs one step of the workflow and shows its result, or the API's refusal, plainly. */
  function act(step: () => Promise<RequestDetail>, done: string): Promise<boolean> {
    return workflow.mutateAsync({ step, done }).then(
      () => true,
      () => false,
    );
  }

  return (
    <LoadState loaded={loaded}>
      {(fetched) => {
        const request = current ?? fetched;
        const open = request.status === 'verified' || request.status === 'in_progress';
        return (
          <>
            <h1>{t.request.title(t.types[request.type])}</h1>
            <p>
              <Link to="/privacy/requests">{t.request.back}</Link>
            </p>
            <p className="hint">{t.purpose.stated(purposes.labels[purpose])}</p>
            <div role="status" className="request-status">
              {notice && <p className="notice">{notice}</p>}
            </div>
            {failure && <ProblemMessage failure={failure} />}
            <Timeline request={request} />
            <Facts request={request} />
            <Person request={request} />
            {request.outcome && <Outcome outcome={request.outcome} />}
            {request.status === 'received' && <p className="notice warning">{t.request.notConfirmed}</p>}
            {open && (
              <section className="panel" aria-labelledby="request-actions">
                <h2 id="request-actions">{t.actions.title}</h2>
                {request.status === 'verified' && (
                  <div className="actions">
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      onClick={() =>
                        void act(async () => {
                          const started = unwrap(
                            await api.POST('/api/v1/privacy-requests/{id}/start', { params: { path: { id } } }),
                          );
                          return { ...request, ...started };
                        }, t.actions.started)
                      }
                    >
                      {t.actions.start}
                    </button>
                  </div>
                )}
                <Fulfil request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
                <Extend request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
                <Reject request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
              </section>
            )}
            {!open && request.status !== 'received' && <p>{t.actions.closed}</p>}
          </>
        );
      }}
    </LoadState>
  );
}

function Facts({ request }: { request: RequestDetail }) {
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

/** What only the stated purpose opens: the address and what the person and staff wrote. */
function Person({ request }: { request: RequestDetail }) {
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

function Outcome({ outcome }: { outcome: Record<string, unknown> }) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const show = (value: unknown) =>
    typeof value === 'number'
      ? f.number(value)
      : Array.isArray(value)
        ? value.map(String).join(', ') || t.request.nothing
        : String(value);
  return (
    <section className="panel" aria-labelledby="request-outcome">
      <h2 id="request-outcome">{t.request.outcome}</h2>
      <div className="table-wrap">
        <table className="outcome" data-testid="request-outcome">
          <tbody>
            {Object.entries(outcome).map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{t.request.outcomeKeys[key] ?? key}</th>
                <td className={typeof value === 'number' ? 'number' : undefined}>{show(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface StepProps {
  request: RequestDetail;
  purpose: Purpose;
  busy: boolean;
  failure: Failure | undefined;
  act: (step: () => Promise<RequestDetail>, done: string) => Promise<boolean>;
}

/** Doing what the request asks, with a confirmation suited to how much it cannot be undone. */
function Fulfil({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const [asking, setAsking] = useState<Asking>();
  const id = request.id;
  const fulfil = (changes?: Record<string, unknown>) =>
    api
      .POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { path: { id }, header: { 'X-Purpose': purpose } },
        body: changes ? { changes } : {},
      })
      .then(unwrap);
  const done = {
    access: t.actions.accessDone,
    rectification: t.actions.rectified,
    erasure: t.actions.erased,
    objection: t.actions.objected,
  }[request.type];
  const confirm = () => void act(() => fulfil(), done).then(() => setAsking(undefined));

  return (
    <section className="fulfil" aria-labelledby="request-fulfil">
      <h3 id="request-fulfil">{t.actions.fulfilTitle[request.type]}</h3>
      {request.type === 'access' && (
        <>
          <p>{t.actions.accessIntro}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => setAsking('fulfil')}>
            {t.actions.accessDo}
          </button>
          {asking && (
            <ConfirmDialog
              title={t.actions.fulfilTitle.access}
              confirmLabel={t.actions.confirm}
              busy={busy}
              onConfirm={confirm}
              onCancel={() => setAsking(undefined)}
            >
              <p>{t.actions.accessConfirm}</p>
            </ConfirmDialog>
          )}
        </>
      )}
      {request.type === 'rectification' && (
        <RectifyForm
          contactId={request.contactId}
          purpose={purpose}
          busy={busy}
          failure={failure}
          onSubmit={(changes) => act(() => fulfil(changes), done)}
        />
      )}
      {request.type === 'erasure' && (
        <>
          <p>{t.actions.eraseIntro}</p>
          {!request.knownContact && <p className="notice warning">{t.actions.eraseNoContact}</p>}
          <button type="button" className="danger" disabled={busy} onClick={() => setAsking('fulfil')}>
            {t.actions.eraseDo}
          </button>
          {asking && (
            <ConfirmDialog
              title={t.actions.eraseConfirmTitle}
              confirmLabel={t.actions.eraseFinal}
              danger
              requireWord={t.actions.eraseWord}
              busy={busy}
              onConfirm={confirm}
              onCancel={() => setAsking(undefined)}
            >
              <p>{t.actions.eraseConfirm}</p>
            </ConfirmDialog>
          )}
        </>
      )}
      {request.type === 'objection' && (
        <>
          <p>{t.actions.objectionIntro}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => setAsking('fulfil')}>
            {t.actions.objectionDo}
          </button>
          {asking && (
            <ConfirmDialog
              title={t.actions.fulfilTitle.objection}
              confirmLabel={t.actions.confirm}
              busy={busy}
              onConfirm={confirm}
              onCancel={() => setAsking(undefined)}
            >
              <p>{t.actions.objectionConfirm}</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </section>
  );
}

function Extend({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const id = useId();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  if (!request.dueAt || !request.verifiedAt) return null;
  if (request.extendedAt) {
    return (
      <section aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t.actions.extendTitle}</h3>
        <p>{t.actions.extendAlready(f.date(request.extendedAt))}</p>
      </section>
    );
  }
  const due = new Date(request.dueAt);
  const latest = addMonthsUtc(new Date(request.verifiedAt), MAX_MONTHS_TO_ANSWER);
  const earliest = new Date(due.getTime() + 86_400_000);
  const dateErrors = fieldMessages(failure, 'dueAt');
  const reasonErrors = fieldMessages(failure, 'reason');

  function submit(event: FormEvent) {
    event.preventDefault();
    // The chosen day at the current due date's time of day, never past the latest allowed moment.
    const [y, m, d] = date.split('-').map(Number);
    const chosen = date ? new Date(y, m - 1, d, due.getHours(), due.getMinutes(), due.getSeconds()) : undefined;
    const dueAt = chosen ? new Date(Math.min(chosen.getTime(), latest.getTime())).toISOString() : '';
    void act(
      () =>
        api
          .POST('/api/v1/privacy-requests/{id}/extend', {
            params: { path: { id: request.id }, header: { 'X-Purpose': purpose } },
            body: { dueAt, reason: reason.trim() },
          })
          .then(unwrap),
      t.actions.extended,
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t.actions.extendTitle}</h3>
      <p>{t.actions.extendIntro(f.date(latest))}</p>
      <label htmlFor={`${id}-date`}>{t.actions.newDueDate}</label>
      <input
        id={`${id}-date`}
        type="date"
        min={dateInputValue(earliest)}
        max={dateInputValue(latest)}
        value={date}
        onChange={(e) => setDate(e.target.value)}
        aria-invalid={dateErrors.length > 0 || undefined}
        aria-describedby={dateErrors.length > 0 ? `${id}-date-error` : undefined}
      />
      <FieldMessages id={`${id}-date-error`} messages={dateErrors} />
      <label htmlFor={`${id}-reason`}>{t.actions.reason}</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={reasonErrors.length > 0 || undefined}
        aria-describedby={reasonErrors.length > 0 ? `${id}-reason-error` : undefined}
      />
      <FieldMessages id={`${id}-reason-error`} messages={reasonErrors} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t.actions.extend}
        </button>
      </div>
    </form>
  );
}

function Reject({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [reason, setReason] = useState<RejectionReason>('identity-not-verified');
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const noteErrors = fieldMessages(failure, 'note');

  function reject() {
    void act(
      () =>
        api
          .POST('/api/v1/privacy-requests/{id}/reject', {
            params: { path: { id: request.id }, header: { 'X-Purpose': purpose } },
            body: { reason, note: note.trim() || undefined },
          })
          .then(unwrap),
      t.actions.rejected,
    ).then(() => setAsking(false));
  }

  return (
    <>
      <form
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          setAsking(true);
        }}
      >
        <h3 id={`${id}-title`}>{t.actions.rejectTitle}</h3>
        <label htmlFor={`${id}-reason`}>{t.actions.rejectReason}</label>
        <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value as RejectionReason)}>
          {REJECTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t.rejectionReasons[r]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-note`}>{t.actions.rejectNote}</label>
        <p className="hint" id={`${id}-note-hint`}>
          {t.actions.rejectNoteHint}
        </p>
        <textarea
          id={`${id}-note`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={noteErrors.length > 0 || undefined}
          aria-describedby={[`${id}-note-hint`, noteErrors.length > 0 ? `${id}-note-error` : '']
            .filter(Boolean)
            .join(' ')}
        />
        <FieldMessages id={`${id}-note-error`} messages={noteErrors} />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t.actions.reject}
          </button>
        </div>
      </form>
      {asking && (
        <ConfirmDialog
          title={t.actions.rejectConfirmTitle}
          confirmLabel={t.actions.rejectDo}
          danger
          busy={busy}
          onConfirm={reject}
          onCancel={() => setAsking(false)}
        >
          <p>{t.actions.rejectConfirm}</p>
          <p>
            <strong>{t.rejectionReasons[reason]}</strong>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
