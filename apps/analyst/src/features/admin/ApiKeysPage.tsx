import type { components } from '@survey/api-client';
import { useId, useState, type FormEvent } from 'react';
import { FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages } from '../../lib/problem';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { adminMessages } from './messages';

type ApiKey = components['schemas']['ApiKeyDto'];
type Scope = components['schemas']['ApiKeyScope'];
type KeyStatus = ApiKey['status'];
type SurveyRef = { surveyId: string; name: string };

/** Every scope the API knows; the type check fails if the API gains one this list lacks. */
const SCOPES = [
  'responses:write',
  'responses:read',
  'statistics:read',
  'erasures:read',
] as const satisfies readonly Scope[];
type MissingScope = Exclude<Scope, (typeof SCOPES)[number]>;
const EVERY_SCOPE_LISTED: MissingScope extends never ? true : never = true;
void EVERY_SCOPE_LISTED;

const STATUSES = ['active', 'revoked', 'expired'] as const satisfies readonly KeyStatus[];
const PAGE_SIZE = 20;
const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 90;

function dateValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A year from now, as the API counts it (same day and time next year, UTC). */
function aYearFrom(now: Date): Date {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  return latest;
}

/**
 * The provider's API keys. The surveys a key may reach are chosen from the retention policy's
 * list of surveys, which administrators may read (names and ids only).
 */
export function ApiKeysPage() {
  const t = useMessages(adminMessages);
  const id = useId();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<KeyStatus | ''>('');
  const invalidate = useInvalidate();
  const keys = $api.useQuery('get', '/api/v1/api-keys', {
    params: { query: { page, limit: PAGE_SIZE, status: status || undefined } },
  });
  const surveys = $api.useQuery('get', '/api/v1/retention/policy', undefined, {
    select: (policy) => policy.surveys.map((s): SurveyRef => ({ surveyId: s.surveyId, name: s.name })),
  });
  const [notice, setNotice] = useState<string>();

  return (
    <>
      <h1>{t.keys.title}</h1>
      <p>{t.keys.intro}</p>
      <LoadState loaded={surveys}>
        {(list) => <CreateKey surveys={list} onCreated={() => void invalidate('/api/v1/api-keys')} />}
      </LoadState>
      <section className="panel" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t.keys.title}</h2>
        <div className="form-row">
          <div>
            <label htmlFor={`${id}-status`}>{t.keys.status}</label>
            <select
              id={`${id}-status`}
              value={status}
              onChange={(e) => {
                setPage(1);
                const value = e.target.value;
                setStatus((STATUSES as readonly string[]).includes(value) ? (value as KeyStatus) : '');
              }}
            >
              <option value="">{t.any}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.keys.statuses[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div role="status">{notice && <p className="notice">{notice}</p>}</div>
        <LoadState loaded={keys}>
          {(data) => (
            <>
              <KeyTable
                keys={data.items}
                surveys={surveys.data ?? []}
                onRevoked={(key) => {
                  setNotice(t.keys.revoked(key.name));
                  void invalidate('/api/v1/api-keys');
                }}
              />
              <Pagination meta={data.meta} onPage={setPage} />
            </>
          )}
        </LoadState>
      </section>
    </>
  );
}

function CreateKey({ surveys, onCreated }: { surveys: SurveyRef[]; onCreated: () => void }) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const now = new Date();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [surveyIds, setSurveyIds] = useState<string[]>([]);
  const [expires, setExpires] = useState(dateValue(new Date(now.getTime() + DEFAULT_DAYS * DAY_MS)));
  /** The secret lives here only, until the administrator hides it: never stored, never in a URL. */
  const [created, setCreated] = useState<{ name: string; secret: string }>();

  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  const creating = $api.useMutation('post', '/api/v1/api-keys', {
    onSuccess: (result) => {
      setCreated({ name: result.apiKey.name, secret: result.secret });
      setName('');
      setScopes([]);
      setSurveyIds([]);
      onCreated();
    },
  });
  const busy = creating.isPending;
  const failure = useFailure(creating.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    // The end of the chosen day, but never past the latest moment the API accepts.
    const [y, m, d] = expires.split('-').map(Number);
    const chosen = expires ? new Date(y, m - 1, d, 23, 59, 0) : undefined;
    const latest = aYearFrom(new Date()).getTime() - 60_000;
    const expiresAt = chosen ? new Date(Math.min(chosen.getTime(), latest)).toISOString() : '';
    creating.mutate({ body: { name: name.trim(), scopes, surveyIds, expiresAt } });
  }

  const errors = (field: string) => fieldMessages(failure, field);
  const described = (field: string, hint?: boolean) => {
    const ids = [hint ? `${id}-${field}-hint` : '', errors(field).length ? `${id}-${field}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.keys.create}</h2>
      {created && <SecretShownOnce {...created} onHide={() => setCreated(undefined)} />}
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-name`}>{t.keys.name}</label>
        <p className="hint" id={`${id}-name-hint`}>
          {t.keys.nameHint}
        </p>
        <input
          id={`${id}-name`}
          className="wide"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors('name').length > 0 || undefined}
          aria-describedby={described('name', true)}
        />
        <FieldMessages id={`${id}-name-error`} messages={errors('name')} />
        <fieldset className="choices" aria-describedby={described('scopes')}>
          <legend>{t.keys.scopes}</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                value={scope}
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((list) => toggle(list, scope, e.target.checked))}
              />
              {t.keys.scopeNames[scope]}
            </label>
          ))}
          <FieldMessages id={`${id}-scopes-error`} messages={errors('scopes')} />
        </fieldset>
        <fieldset className="choices" aria-describedby={described('surveyIds')}>
          <legend>{t.keys.surveys}</legend>
          {surveys.length === 0 && <p className="hint">{t.keys.noSurveys}</p>}
          {surveys.map((survey) => (
            <label key={survey.surveyId} className="checkbox">
              <input
                type="checkbox"
                value={survey.surveyId}
                checked={surveyIds.includes(survey.surveyId)}
                onChange={(e) => setSurveyIds((list) => toggle(list, survey.surveyId, e.target.checked))}
              />
              {survey.name}
            </label>
          ))}
          <FieldMessages id={`${id}-surveyIds-error`} messages={errors('surveyIds')} />
        </fieldset>
        <label htmlFor={`${id}-expiresAt`}>{t.keys.expiresAt}</label>
        <p className="hint" id={`${id}-expiresAt-hint`}>
          {t.keys.expiresHint}
        </p>
        <input
          id={`${id}-expiresAt`}
          type="date"
          min={dateValue(new Date(now.getTime() + DAY_MS))}
          max={dateValue(aYearFrom(now))}
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          aria-invalid={errors('expiresAt').length > 0 || undefined}
          aria-describedby={described('expiresAt', true)}
        />
        <FieldMessages id={`${id}-expiresAt-error`} messages={errors('expiresAt')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? c.saving : t.keys.createDo}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new key's secret, this once, with a copy button and a plain warning. */
function SecretShownOnce({ name, secret, onHide }: { name: string; secret: string; onHide: () => void }) {
  const t = useMessages(adminMessages);
  const id = useId();
  const [copy, setCopy] = useState<'copied' | 'failed'>();
  return (
    <div className="secret-once" role="region" aria-labelledby={`${id}-title`} data-testid="api-key-secret">
      <h3 id={`${id}-title`}>{t.keys.secretTitle}</h3>
      <p className="notice warning" role="alert">
        {t.keys.secretWarning}
      </p>
      <label htmlFor={`${id}-secret`}>{t.keys.secretLabel(name)}</label>
      <input
        id={`${id}-secret`}
        className="secret-value"
        readOnly
        value={secret}
        spellCheck={false}
        autoComplete="off"
        onFocus={(e) => e.target.select()}
      />
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopy('copied'),
              () => setCopy('failed'),
            )
          }
        >
          {t.keys.copy}
        </button>
        <button type="button" onClick={onHide}>
          {t.keys.stored}
        </button>
      </div>
      <p role="status">{copy === 'copied' ? t.keys.copied : copy === 'failed' ? t.keys.copyFailed : ''}</p>
    </div>
  );
}

function KeyTable({
  keys,
  surveys,
  onRevoked,
}: {
  keys: ApiKey[];
  surveys: SurveyRef[];
  onRevoked: (key: ApiKey) => void;
}) {
  const t = useMessages(adminMessages);
  const f = useFormat();
  const [revoking, setRevoking] = useState<ApiKey>();
  const revocation = $api.useMutation('post', '/api/v1/api-keys/{id}/revoke', {
    onSettled: () => setRevoking(undefined),
  });
  const busy = revocation.isPending;
  const failure = useFailure(revocation.error);
  const surveyName = (surveyId: string) =>
    surveys.find((s) => s.surveyId === surveyId)?.name ?? t.keys.unknownSurvey(surveyId.slice(0, 8));

  function revoke(key: ApiKey) {
    revocation.mutate({ params: { path: { id: key.id } } }, { onSuccess: () => onRevoked(key) });
  }

  if (keys.length === 0) return <p>{t.keys.empty}</p>;
  return (
    <>
      {failure && <ProblemMessage failure={failure} />}
      <div className="table-wrap">
        <table data-testid="api-keys">
          <thead>
            <tr>
              <th scope="col">{t.keys.name}</th>
              <th scope="col">{t.keys.prefix}</th>
              <th scope="col">{t.keys.status}</th>
              <th scope="col">{t.keys.scopes}</th>
              <th scope="col">{t.keys.surveys}</th>
              <th scope="col">{t.keys.expires}</th>
              <th scope="col">{t.keys.lastUsed}</th>
              <th scope="col">{t.keys.created}</th>
              <th scope="col">
                <span className="visually-hidden">{t.keys.actionsColumn}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-key-id={key.id} data-status={key.status}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>{key.prefix}</code>
                </td>
                <td>
                  <span className={`badge key-${key.status}`}>{t.keys.statuses[key.status]}</span>
                </td>
                <td>
                  <ul className="plain-list">
                    {key.scopes.map((s) => (
                      <li key={s}>
                        <code>{s}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  <ul className="plain-list">
                    {key.surveyIds.map((s) => (
                      <li key={s}>{surveyName(s)}</li>
                    ))}
                  </ul>
                </td>
                <td>{f.date(key.expiresAt)}</td>
                <td>{key.lastUsedAt ? f.dateTime(key.lastUsedAt) : t.keys.never}</td>
                <td>{f.date(key.createdAt)}</td>
                <td>
                  {key.status === 'active' && (
                    <button type="button" className="danger" onClick={() => setRevoking(key)}>
                      {t.keys.revoke}…<span className="visually-hidden">{t.keys.revokeWhich(key.name)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking && (
        <ConfirmDialog
          title={t.keys.revokeTitle(revoking.name)}
          confirmLabel={t.keys.revokeDo}
          danger
          busy={busy}
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          <p>{t.keys.revokeBody}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
