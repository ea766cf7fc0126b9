import { useId, useState } from 'react';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useInvalidate } from '../../lib/query';
import type { SurveyRef } from './keys/keys';
import { SecretShownOnce } from './keys/SecretShownOnce';
import { CreateWebhook } from './webhooks/CreateWebhook';
import { Deliveries } from './webhooks/Deliveries';
import { webhookMessages } from './webhooks/messages';
import { SubscriptionTable } from './webhooks/SubscriptionTable';
import type { ShownSecret, Subscription } from './webhooks/webhooks';

const PAGE_SIZE = 20;
const LIST = '/api/v1/webhooks/subscriptions';

/**
 * The administrators' webhook subscriptions: subscribing a receiver (its signing secret shown
 * once, here, and again once after each rotation), the list with each one's state, and the
 * delivery log of the one chosen, with replay. The surveys to filter on come from the retention
 * policy's list, which administrators may read (names and ids only).
 */
export function WebhooksPage() {
  const t = useMessages(webhookMessages);
  const id = useId();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string>();
  const [shown, setShown] = useState<ShownSecret>();
  const [open, setOpen] = useState<Subscription>();
  const invalidate = useInvalidate();
  const subscriptions = $api.useQuery('get', LIST, { params: { query: { page, limit: PAGE_SIZE } } });
  const surveys = $api.useQuery('get', '/api/v1/retention/policy', undefined, {
    select: (policy) => policy.surveys.map((s): SurveyRef => ({ surveyId: s.surveyId, name: s.name })),
  });
  // The open log follows the list, so its title and state stay current.
  const openNow = open && (subscriptions.data?.items.find((s) => s.id === open.id) ?? open);

  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {shown && <SecretShownOnce {...shown} texts={t} testId="webhook-secret" onHide={() => setShown(undefined)} />}
      <LoadState loaded={surveys}>
        {(list) => (
          <CreateWebhook
            surveys={list}
            onCreated={(created) => {
              setShown(created);
              setNotice(t.created(created.name));
              void invalidate(LIST);
            }}
          />
        )}
      </LoadState>
      <section className="panel" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t.listTitle}</h2>
        <div role="status">{notice && <p className="notice">{notice}</p>}</div>
        <LoadState loaded={subscriptions}>
          {(data) => (
            <>
              <SubscriptionTable
                subscriptions={data.items}
                surveys={surveys.data ?? []}
                onChanged={(text, removed) => {
                  setNotice(text);
                  if (removed && removed.id === open?.id) setOpen(undefined);
                  void invalidate(LIST);
                }}
                onRotated={setShown}
                onShowDeliveries={setOpen}
              />
              <Pagination meta={data.meta} onPage={setPage} />
            </>
          )}
        </LoadState>
      </section>
      {openNow && <Deliveries key={openNow.id} subscription={openNow} onClose={() => setOpen(undefined)} />}
    </>
  );
}
