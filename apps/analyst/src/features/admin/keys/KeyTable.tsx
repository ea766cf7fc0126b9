import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemMessage } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api, useFailure } from '../../../lib/query';
import { adminMessages } from '../messages';
import type { ApiKey, SurveyRef } from './keys';

/** The keys of one page; an active key can be revoked, after a confirmation. */
export function KeyTable({
  keys,
  surveys,
  onRevoked,
}: {
  keys: ApiKey[];
  surveys: SurveyRef[];
  onRevoked: (key: ApiKey) => void;
}) {
  const t = useMessages(adminMessages);
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
              <KeyRow key={key.id} apiKey={key} surveyName={surveyName} onRevoke={() => setRevoking(key)} />
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

/** One key: its name, prefix, status, what it may reach, its dates, and revoking it while active. */
function KeyRow({
  apiKey: key,
  surveyName,
  onRevoke,
}: {
  apiKey: ApiKey;
  surveyName: (surveyId: string) => string;
  onRevoke: () => void;
}) {
  const t = useMessages(adminMessages);
  const f = useFormat();
  return (
    <tr data-key-id={key.id} data-status={key.status}>
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
          <button type="button" className="danger" onClick={onRevoke}>
            {t.keys.revoke}…<span className="visually-hidden">{t.keys.revokeWhich(key.name)}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
