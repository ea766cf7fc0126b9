import type { components } from '@survey/api-client';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fieldAria, FieldMessages, LoadState, Pagination } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages } from '../../lib/problem';
import { $api, useFailure } from '../../lib/query';
import { privacyMessages } from './messages';
import { purposeLabel, purposeMessages } from '../../lib/purposes';
import { shortId, startOfDay, startOfNextDay } from './parts';

type AuditEvent = components['schemas']['AuditEventDto'];
type ActorType = AuditEvent['actorType'];
type Outcome = AuditEvent['outcome'];
const ACTOR_TYPES = ['staff', 'api_key', 'system', 'anonymous'] as const satisfies readonly ActorType[];
const OUTCOMES = ['success', 'failure', 'denied'] as const satisfies readonly Outcome[];
const FILTERS = ['actorType', 'outcome', 'action', 'resourceType', 'resourceId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];
type FilterValues = Partial<Record<FilterName, string>>;
const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audit log: its integrity first, then the events, newest first, with filters. */
export function AuditPage() {
  const t = useMessages(privacyMessages);
  const [params, setParams] = useSearchParams();
  const filters: FilterValues = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const key = params.toString();
  const events = $api.useQuery('get', '/api/v1/audit-events', {
    params: {
      query: {
        page,
        limit: PAGE_SIZE,
        actorType: (ACTOR_TYPES as readonly string[]).includes(filters.actorType ?? '')
          ? (filters.actorType as ActorType)
          : undefined,
        outcome: (OUTCOMES as readonly string[]).includes(filters.outcome ?? '')
          ? (filters.outcome as Outcome)
          : undefined,
        action: filters.action,
        resourceType: filters.resourceType,
        resourceId: filters.resourceId,
        from: filters.from && DAY.test(filters.from) ? startOfDay(filters.from) : undefined,
        to: filters.to && DAY.test(filters.to) ? startOfNextDay(filters.to) : undefined,
      },
    },
  });
  const eventsFailure = useFailure(events.error);

  return (
    <>
      <h1>{t.audit.title}</h1>
      <p>{t.audit.intro}</p>
      <ChainStatus />
      <Filters
        key={key}
        initial={filters}
        errorsOf={(name) => fieldMessages(eventsFailure, name)}
        onApply={(values) => {
          const search = new URLSearchParams();
          for (const name of FILTERS) {
            const value = values[name]?.trim();
            if (value) search.set(name, value);
          }
          setParams(search);
        }}
      />
      <LoadState loaded={events}>
        {(data) => (
          <div aria-busy={events.isFetching}>
            <EventTable events={data.items} />
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
    </>
  );
}

/** Whether the hash chain holds, said in words: valid, or broken at which event and why. */
function ChainStatus() {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const verification = $api.useQuery('get', '/api/v1/audit-events/verify');
  const v = verification.data;
  const checking = verification.isFetching;
  return (
    <section
      className={`panel chain ${v ? (v.valid ? 'chain-valid' : 'chain-broken') : ''}`}
      aria-labelledby="audit-chain-title"
      data-testid="audit-chain"
    >
      <h2 id="audit-chain-title">{t.audit.chain}</h2>
      <LoadState loaded={verification}>
        {(result) => (
          <div role="status" aria-live="polite">
            {result.valid ? (
              <p className="chain-verdict">
                <span className="badge ok">✓</span>{' '}
                {result.checkedEvents === 0
                  ? t.audit.chainEmpty
                  : t.audit.chainValid(f.number(result.checkedEvents), f.number(result.lastSeq))}
              </p>
            ) : (
              <>
                <p className="chain-verdict">
                  <span className="badge failed">✗</span>{' '}
                  {t.audit.chainBroken(result.firstBrokenSeq === null ? f.missing : f.number(result.firstBrokenSeq))}
                </p>
                {result.reason && <p lang="en">{t.audit.chainReason(result.reason)}</p>}
              </>
            )}
          </div>
        )}
      </LoadState>
      <button type="button" onClick={() => void verification.refetch()} disabled={checking}>
        {checking ? t.audit.verifying : t.audit.verifyAgain}
      </button>
    </section>
  );
}

function Filters({
  initial,
  onApply,
  errorsOf,
}: {
  initial: FilterValues;
  onApply: (values: FilterValues) => void;
  errorsOf: (name: FilterName) => string[];
}) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [values, setValues] = useState<FilterValues>(initial);
  const set = (name: FilterName, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const described = (name: FilterName, hint?: boolean) => {
    return {
      id: `${id}-${name}`,
      ...fieldAria(errorsOf(name), `${id}-${name}-error`, hint ? `${id}-${name}-hint` : undefined),
    };
  };
  const text = (name: 'action' | 'resourceType' | 'resourceId', label: string, hint?: string) => (
    <div>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-${name}-hint`}>
          {hint}
        </p>
      )}
      <input
        {...described(name, !!hint)}
        autoComplete="off"
        spellCheck={false}
        value={values[name] ?? ''}
        onChange={(e) => set(name, e.target.value)}
      />
      <FieldMessages id={`${id}-${name}-error`} messages={errorsOf(name)} />
    </div>
  );
  return (
    <form
      className="panel filters"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onApply(values);
      }}
    >
      <h2 id={`${id}-title`}>{t.audit.filters}</h2>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-actorType`}>{t.audit.actorType}</label>
          <select
            {...described('actorType')}
            value={values.actorType ?? ''}
            onChange={(e) => set('actorType', e.target.value)}
          >
            <option value="">{t.any}</option>
            {ACTOR_TYPES.map((a) => (
              <option key={a} value={a}>
                {t.audit.actorTypes[a]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-outcome`}>{t.audit.outcome}</label>
          <select
            {...described('outcome')}
            value={values.outcome ?? ''}
            onChange={(e) => set('outcome', e.target.value)}
          >
            <option value="">{t.any}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t.audit.outcomes[o]}
              </option>
            ))}
          </select>
        </div>
        {text('action', t.audit.action, t.audit.actionHint)}
        {text('resourceType', t.audit.resourceType, t.audit.resourceTypeHint)}
        {text('resourceId', t.audit.resourceId)}
        <div>
          <label htmlFor={`${id}-from`}>{t.audit.from}</label>
          <input
            {...described('from')}
            type="date"
            value={values.from ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
          <FieldMessages id={`${id}-from-error`} messages={errorsOf('from')} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t.audit.to}</label>
          <input {...described('to')} type="date" value={values.to ?? ''} onChange={(e) => set('to', e.target.value)} />
          <FieldMessages id={`${id}-to-error`} messages={errorsOf('to')} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t.apply}
        </button>
        <button type="button" onClick={() => onApply({})}>
          {t.reset}
        </button>
      </div>
    </form>
  );
}

function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function EventTable({ events }: { events: AuditEvent[] }) {
  const t = useMessages(privacyMessages);
  const purposes = useMessages(purposeMessages);
  const f = useFormat();
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
            <tr key={e.seq} data-action={e.action}>
              <th scope="row" className="number">
                {f.number(e.seq)}
              </th>
              <td>{f.dateTime(e.occurredAt)}</td>
              <td>
                {t.audit.actorTypes[e.actorType]}
                {e.actorId && (
                  <>
                    {' '}
                    <code title={e.actorId}>{shortId(e.actorId)}</code>
                  </>
                )}
              </td>
              <td>
                <code className="audit-action">
                  {e.action.split('.').map((part, i) => (
                    <span key={i}>
                      {i > 0 && (
                        <>
                          .<wbr />
                        </>
                      )}
                      {part}
                    </span>
                  ))}
                </code>
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
          ))}
        </tbody>
      </table>
    </div>
  );
}
