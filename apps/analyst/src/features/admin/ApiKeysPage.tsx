import { useId, useState } from 'react';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useInvalidate } from '../../lib/query';
import { CreateKey } from './keys/CreateKey';
import { KeyTable } from './keys/KeyTable';
import { STATUSES, type KeyStatus, type SurveyRef } from './keys/keys';
import { adminMessages } from './messages';

const PAGE_SIZE = 20;

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
