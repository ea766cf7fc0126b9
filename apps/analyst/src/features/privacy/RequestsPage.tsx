import { useSearchParams } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useInvalidate } from '../../lib/query';
import { privacyMessages } from './messages';
import { REQUEST_STATUSES, REQUEST_TYPES, startOfDay } from './parts';
import { QueueTable } from './QueueTable';
import { RegisterRequest } from './register/RegisterRequest';
import { oneOf, RequestFilters, type Flag } from './RequestFilters';

const PAGE_SIZE = 20;

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
      <RequestFilters key={key} initial={filters} onApply={apply} />
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
