import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fieldAria, FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages } from '../../lib/problem';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { privacyMessages } from './messages';
import {
  DueBadges,
  LANGUAGES,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  StatusBadge,
  dateInputValue,
  shortId,
  startOfDay,
  type RequestDetail,
  type RequestStatus,
  type RequestSummary,
  type RequestType,
} from './parts';
import { PurposeSelect } from '../../components/PurposeSelect';
import type { Purpose } from '../../lib/purposes';

type Flag = 'overdue' | 'due-soon';
const PAGE_SIZE = 20;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The queue: what was asked and when, soonest due first, with the flags that need attention. */
export function PrivacyRequestsPage() {
  const t = useMessages(privacyMessages);
  const [params, setParams] = useSearchParams();
  const filters = {
    status: oneOf(REQUEST_STATUSES, params.get('status')),
    type: oneOf(REQUEST_TYPES, params.get('type')),
    flag: oneOf<Flag>(['overdue', 'due-soon'], params.get('flag')),
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(params.get('dueBefore') ?? '') ? params.get('dueBefore')! : undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const key = params.toString();
  const invalidate = useInvalidate();
  const loaded = $api.useQuery('get', '/api/v1/privacy-requests', {
    params: {
      query: {
        page,
        limit: PAGE_SIZE,
        status: filters.status,
        type: filters.type,
        flag: filters.flag,
        dueBefore: filters.dueBefore ? startOfDay(filters.dueBefore) : undefined,
      },
    },
  });

  function apply(next: Record<string, string | undefined>) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(next)) if (value) search.set(name, value);
    setParams(search);
  }

  return (
    <>
      <h1>{t.queue.title}</h1>
      <p>{t.queue.intro}</p>
      <Filters key={key} initial={filters} onApply={apply} />
      <LoadState loaded={loaded}>
        {(data) => (
          <div aria-busy={loaded.isFetching}>
            <QueueTable items={data.items} />
            <Pagination
              meta={data.meta}
              onPage={(p) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              }}
            />
          </div>
        )}
      </LoadState>
      <RegisterRequest onRegistered={() => void invalidate('/api/v1/privacy-requests')} />
    </>
  );
}

interface FilterValues {
  status?: RequestStatus;
  type?: RequestType;
  flag?: Flag;
  dueBefore?: string;
}

function Filters({
  initial,
  onApply,
}: {
  initial: FilterValues;
  onApply: (f: Record<string, string | undefined>) => void;
}) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [values, setValues] = useState(initial);
  const set = (patch: Partial<FilterValues>) => setValues((v) => ({ ...v, ...patch }));
  return (
    <form
      className="panel filters"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ status: values.status, type: values.type, flag: values.flag, dueBefore: values.dueBefore });
      }}
    >
      <h2 id={`${id}-title`}>{t.queue.filters}</h2>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-status`}>{t.queue.status}</label>
          <select
            id={`${id}-status`}
            value={values.status ?? ''}
            onChange={(e) => set({ status: oneOf(REQUEST_STATUSES, e.target.value) })}
          >
            <option value="">{t.any}</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.statuses[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-type`}>{t.queue.type}</label>
          <select
            id={`${id}-type`}
            value={values.type ?? ''}
            onChange={(e) => set({ type: oneOf(REQUEST_TYPES, e.target.value) })}
          >
            <option value="">{t.any}</option>
            {REQUEST_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.types[type]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-flag`}>{t.queue.flag}</label>
          <select
            id={`${id}-flag`}
            value={values.flag ?? ''}
            onChange={(e) => set({ flag: oneOf<Flag>(['overdue', 'due-soon'], e.target.value) })}
          >
            <option value="">{t.any}</option>
            <option value="overdue">{t.queue.flagOverdue}</option>
            <option value="due-soon">{t.queue.flagDueSoon}</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-due`}>{t.queue.dueBefore}</label>
          <input
            id={`${id}-due`}
            type="date"
            value={values.dueBefore ?? ''}
            onChange={(e) => set({ dueBefore: e.target.value || undefined })}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t.apply}
          </button>
          <button type="button" onClick={() => onApply({})}>
            {t.reset}
          </button>
        </div>
      </div>
    </form>
  );
}

function QueueTable({ items }: { items: RequestSummary[] }) {
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

type IdentityCheck = 'known-address' | 'signed-letter' | 'identity-document' | 'other';
const IDENTITY_CHECKS: IdentityCheck[] = ['known-address', 'signed-letter', 'identity-document', 'other'];
type Language = (typeof LANGUAGES)[number];

/** A request that came by letter or e-mail, registered by the officer who checked who sent it. */
function RegisterRequest({ onRegistered }: { onRegistered: () => void }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const id = useId();
  const today = dateInputValue(new Date());
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<RequestType>('access');
  const [email, setEmail] = useState('');
  const [details, setDetails] = useState('');
  const [language, setLanguage] = useState<Language>('en');
  const [channel, setChannel] = useState<'letter' | 'email'>('letter');
  const [receivedOn, setReceivedOn] = useState(today);
  const [identity, setIdentity] = useState<IdentityCheck>('signed-letter');
  const [identityNote, setIdentityNote] = useState('');
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [registered, setRegistered] = useState<RequestDetail>();
  const registering = $api.useMutation('post', '/api/v1/privacy-requests/register', {
    onSuccess: (created) => {
      setRegistered(created);
      setEmail('');
      setDetails('');
      setIdentityNote('');
      setOpen(false);
      onRegistered();
    },
  });
  const busy = registering.isPending;
  const failure = useFailure(registering.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setRegistered(undefined);
    registering.mutate({
      params: { header: { 'X-Purpose': purpose || undefined } },
      body: {
        type,
        email: email.trim(),
        details: details.trim() || undefined,
        language,
        channel,
        receivedAt: receivedOn && receivedOn !== today ? startOfDay(receivedOn) : undefined,
        identityVerification: identity,
        identityNote: identityNote.trim() || undefined,
      },
    });
  }

  const field = (name: string) => {
    const messages = fieldMessages(failure, name);
    return {
      errors: messages,
      props: fieldAria(messages, `${id}-${name}-error`),
    };
  };
  const emailField = field('email');
  const detailsField = field('details');
  const receivedField = field('receivedAt');
  const noteField = field('identityNote');

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.register.title}</h2>
      <p>{t.register.intro}</p>
      {registered && (
        <p className="notice" role="status">
          {t.register.done}{' '}
          <Link to={`/privacy/requests/${registered.id}`} state={{ summary: registered }}>
            {t.register.openNew}
          </Link>
        </p>
      )}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)} aria-expanded="false">
          {t.register.show}
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          {failure && <ProblemMessage failure={failure} />}
          <label htmlFor={`${id}-type`}>{t.queue.type}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as RequestType)}>
            {REQUEST_TYPES.map((r) => (
              <option key={r} value={r}>
                {t.types[r]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-email`}>{t.register.email}</label>
          <input
            id={`${id}-email`}
            className="wide"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...emailField.props}
          />
          <FieldMessages id={`${id}-email-error`} messages={emailField.errors} />
          <label htmlFor={`${id}-details`}>{t.register.details}</label>
          <textarea
            id={`${id}-details`}
            value={details}
            onChange={(e) => setDetails(e.target.value)}
            {...detailsField.props}
          />
          <FieldMessages id={`${id}-details-error`} messages={detailsField.errors} />
          <div className="form-row">
            <div>
              <label htmlFor={`${id}-language`}>{t.register.language}</label>
              <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t.languages[l]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-channel`}>{t.register.channel}</label>
              <select
                id={`${id}-channel`}
                value={channel}
                onChange={(e) => setChannel(e.target.value === 'email' ? 'email' : 'letter')}
              >
                <option value="letter">{t.channels.letter}</option>
                <option value="email">{t.channels.email}</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-received`}>{t.register.receivedAt}</label>
              <input
                id={`${id}-received`}
                type="date"
                max={today}
                value={receivedOn}
                onChange={(e) => setReceivedOn(e.target.value)}
                {...receivedField.props}
              />
              <FieldMessages id={`${id}-receivedAt-error`} messages={receivedField.errors} />
            </div>
          </div>
          <label htmlFor={`${id}-identity`}>{t.register.identityVerification}</label>
          <select id={`${id}-identity`} value={identity} onChange={(e) => setIdentity(e.target.value as IdentityCheck)}>
            {IDENTITY_CHECKS.map((check) => (
              <option key={check} value={check}>
                {t.identity[check]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-identityNote`}>{t.register.identityNote}</label>
          <p className="hint" id={`${id}-identityNote-hint`}>
            {t.register.identityNoteHint}
          </p>
          <textarea
            id={`${id}-identityNote`}
            value={identityNote}
            onChange={(e) => setIdentityNote(e.target.value)}
            aria-invalid={noteField.errors.length > 0 || undefined}
            aria-describedby={[`${id}-identityNote-hint`, noteField.errors.length > 0 ? `${id}-identityNote-error` : '']
              .filter(Boolean)
              .join(' ')}
          />
          <FieldMessages id={`${id}-identityNote-error`} messages={noteField.errors} />
          <PurposeSelect
            id={`${id}-purpose`}
            label={t.purpose.label}
            value={purpose}
            onChange={setPurpose}
            errors={fieldMessages(failure, 'purpose')}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? c.saving : t.register.submit}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t.register.hide}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
