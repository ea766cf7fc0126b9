import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemMessage } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api, useFailure } from '../../../lib/query';
import type { SurveyRef } from '../keys/keys';
import { webhookMessages } from './messages';
import { hostOf, type ShownSecret, type Subscription } from './webhooks';

type Asking = { action: 'rotate' | 'remove'; subscription: Subscription };

/**
 * The subscriptions of one page: receiver host, events, surveys, state (with why it is disabled)
 * and failures in a row; each can show its deliveries, get a new secret, be disabled or enabled
 * again, or be deleted (rotation and deletion after a confirmation).
 */
export function SubscriptionTable({
  subscriptions,
  surveys,
  onChanged,
  onRotated,
  onShowDeliveries,
}: {
  subscriptions: Subscription[];
  surveys: SurveyRef[];
  onChanged: (notice: string, removed?: Subscription) => void;
  onRotated: (shown: ShownSecret) => void;
  onShowDeliveries: (subscription: Subscription) => void;
}) {
  const t = useMessages(webhookMessages);
  const [asking, setAsking] = useState<Asking>();
  const close = { onSettled: () => setAsking(undefined) };
  const rotation = $api.useMutation('post', '/api/v1/webhooks/subscriptions/{id}/rotate-secret', close);
  const removal = $api.useMutation('delete', '/api/v1/webhooks/subscriptions/{id}', close);
  const change = $api.useMutation('patch', '/api/v1/webhooks/subscriptions/{id}');
  const failure = useFailure(rotation.error ?? removal.error ?? change.error);
  const busy = rotation.isPending || removal.isPending || change.isPending;
  const surveyName = (surveyId: string) => surveys.find((s) => s.surveyId === surveyId)?.name ?? surveyId.slice(0, 8);

  function confirm({ action, subscription: s }: Asking) {
    const path = { params: { path: { id: s.id } } };
    if (action === 'rotate') {
      rotation.mutate(
        { ...path, body: {} },
        {
          onSuccess: (result) => {
            onRotated({ name: result.subscription.name, secret: result.secret });
            onChanged(t.rotated(s.name));
          },
        },
      );
    } else {
      removal.mutate(path, { onSuccess: () => onChanged(t.removed(s.name), s) });
    }
  }

  function toggle(s: Subscription) {
    change.mutate(
      { params: { path: { id: s.id } }, body: { enabled: !s.enabled } },
      { onSuccess: () => onChanged(s.enabled ? t.disabledNotice(s.name) : t.enabledNotice(s.name)) },
    );
  }

  if (subscriptions.length === 0) return <p>{t.empty}</p>;
  return (
    <>
      {failure && <ProblemMessage failure={failure} />}
      <div className="table-wrap">
        <table data-testid="webhook-subscriptions">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.host}</th>
              <th scope="col">{t.events}</th>
              <th scope="col">{t.surveys}</th>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.failureStreak}</th>
              <th scope="col">
                <span className="visually-hidden">{t.actionsColumn}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((s) => (
              <SubscriptionRow
                key={s.id}
                subscription={s}
                surveyName={surveyName}
                busy={busy}
                onDeliveries={() => onShowDeliveries(s)}
                onRotate={() => setAsking({ action: 'rotate', subscription: s })}
                onToggle={() => toggle(s)}
                onRemove={() => setAsking({ action: 'remove', subscription: s })}
              />
            ))}
          </tbody>
        </table>
      </div>
      {asking && (
        <ConfirmDialog
          title={
            asking.action === 'rotate'
              ? t.rotateTitle(asking.subscription.name)
              : t.removeTitle(asking.subscription.name)
          }
          confirmLabel={asking.action === 'rotate' ? t.rotateDo : t.removeDo}
          danger={asking.action === 'remove'}
          busy={busy}
          onConfirm={() => confirm(asking)}
          onCancel={() => setAsking(undefined)}
        >
          <p>{asking.action === 'rotate' ? t.rotateBody : t.removeBody}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function SubscriptionRow({
  subscription: s,
  surveyName,
  busy,
  onDeliveries,
  onRotate,
  onToggle,
  onRemove,
}: {
  subscription: Subscription;
  surveyName: (surveyId: string) => string;
  busy: boolean;
  onDeliveries: () => void;
  onRotate: () => void;
  onToggle: () => void;
  onRemove: () => void;
}) {
  const t = useMessages(webhookMessages);
  const f = useFormat();
  const which = <span className="visually-hidden">{t.which(s.name)}</span>;
  return (
    <tr data-subscription-id={s.id} data-enabled={s.enabled}>
      <th scope="row">{s.name}</th>
      <td>
        <code className="break">{hostOf(s.url)}</code>
      </td>
      <td>
        <ul className="plain-list">
          {s.events.map((event) => (
            <li key={event}>
              <code>{event}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>
        {s.surveyIds.length === 0 ? (
          t.allSurveys
        ) : (
          <ul className="plain-list">
            {s.surveyIds.map((surveyId) => (
              <li key={surveyId}>{surveyName(surveyId)}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <span className={`badge ${s.enabled ? 'ok' : 'failed'}`}>{s.enabled ? t.enabled : t.disabled}</span>
        {!s.enabled && s.disabledReason && (
          <>
            {' '}
            {t.disabledReasons[s.disabledReason]}
            {s.disabledAt && <> ({f.dateTime(s.disabledAt)})</>}
          </>
        )}
        {s.previousSecretExpiresAt && (
          <p className="hint">{t.previousSecretUntil(f.dateTime(s.previousSecretExpiresAt))}</p>
        )}
      </td>
      <td className="number">{f.number(s.failureStreak)}</td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={onDeliveries}>
            {t.deliveries}
            <span className="visually-hidden">{t.deliveriesOf(s.name)}</span>
          </button>
          <button type="button" disabled={busy} onClick={onRotate}>
            {t.rotate}…{which}
          </button>
          <button type="button" disabled={busy} onClick={onToggle}>
            {s.enabled ? t.disable : t.enable}
            {which}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={onRemove}>
            {t.remove}…{which}
          </button>
        </div>
      </td>
    </tr>
  );
}
