import { useId, useState } from 'react';
import { LoadState, Pagination, ProblemMessage } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api, useFailure, useInvalidate } from '../../../lib/query';
import { webhookMessages } from './messages';
import type { Delivery, Subscription } from './webhooks';

const PAGE_SIZE = 20;
const PENDING_POLL_MS = 2_000;
const OUTCOME_BADGE = { pending: 'due-soon', succeeded: 'ok', failed: 'failed', cancelled: '' } as const;

/**
 * The delivery log of one subscription, latest first, a page at a time: the event, when, the
 * receiver's status code, how long the last attempt took, how many attempts, and the outcome.
 * The log refreshes itself while a delivery is pending. A delivery can be replayed (same event, same webhook-id), as a new delivery.
 */
export function Deliveries({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const t = useMessages(webhookMessages);
  const id = useId();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string>();
  const invalidate = useInvalidate();
  const deliveries = $api.useQuery(
    'get',
    '/api/v1/webhooks/subscriptions/{id}/deliveries',
    { params: { path: { id: subscription.id }, query: { page, limit: PAGE_SIZE } } },
    // While a delivery waits for its attempt, the log looks again now and then, to show how it went.
    {
      refetchInterval: (query) =>
        query.state.data?.items.some((d) => d.status === 'pending') ? PENDING_POLL_MS : false,
    },
  );
  const replay = $api.useMutation('post', '/api/v1/webhooks/deliveries/{id}/replay');
  const failure = useFailure(replay.error);

  function resend(delivery: Delivery) {
    setNotice(undefined);
    replay.mutate(
      { params: { path: { id: delivery.id } } },
      {
        onSuccess: () => {
          setNotice(t.replayed);
          setPage(1);
          void invalidate('/api/v1/webhooks/subscriptions/{id}/deliveries');
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="webhook-deliveries">
      <h2 id={`${id}-title`}>{t.deliveriesTitle(subscription.name)}</h2>
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {failure && <ProblemMessage failure={failure} />}
      <LoadState loaded={deliveries}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t.deliveriesEmpty}</p>
          ) : (
            <>
              <DeliveryTable deliveries={data.items} busy={replay.isPending} onReplay={resend} />
              <Pagination meta={data.meta} onPage={setPage} />
            </>
          )
        }
      </LoadState>
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t.closeDeliveries}
        </button>
      </div>
    </section>
  );
}

function DeliveryTable({
  deliveries,
  busy,
  onReplay,
}: {
  deliveries: Delivery[];
  busy: boolean;
  onReplay: (delivery: Delivery) => void;
}) {
  const t = useMessages(webhookMessages);
  const f = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t.event}</th>
            <th scope="col">{t.time}</th>
            <th scope="col">{t.statusCode}</th>
            <th scope="col">{t.duration}</th>
            <th scope="col">{t.attempt}</th>
            <th scope="col">{t.outcome}</th>
            <th scope="col">
              <span className="visually-hidden">{t.actionsColumn}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const last = d.attemptLog.at(-1);
            const when = f.dateTime(d.createdAt);
            return (
              <tr key={d.id} data-delivery-id={d.id} data-status={d.status}>
                <td>
                  <code>{d.eventType}</code>
                  {d.replayOf && <span className="badge">{t.replayOf}</span>}
                </td>
                <td>{when}</td>
                <td className="number">{last?.statusCode ?? (last ? t.noStatus : f.missing)}</td>
                <td className="number">{last ? t.durationMs(f.number(last.durationMs)) : f.missing}</td>
                <td className="number">{f.number(d.attempts)}</td>
                <td>
                  <span className={`badge ${OUTCOME_BADGE[d.status]}`}>{t.outcomes[d.status]}</span>
                  {last?.error && (
                    <>
                      {' '}
                      <code>{last.error}</code>
                    </>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={t.replayLabel(d.eventType, when)}
                    onClick={() => onReplay(d)}
                  >
                    {t.replay}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
