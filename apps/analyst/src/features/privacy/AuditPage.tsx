import { useSearchParams } from 'react-router';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useFailure } from '../../lib/query';
import { AuditFilters } from './audit/AuditFilters';
import { ACTOR_TYPES, FILTERS, OUTCOMES, type ActorType, type FilterValues, type Outcome } from './audit/audit-filters';
import { ChainStatus } from './audit/ChainStatus';
import { EventTable } from './audit/EventTable';
import { privacyMessages } from './messages';
import { startOfDay, startOfNextDay } from './parts';

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
      <AuditFilters
        key={key}
        initial={filters}
        failure={eventsFailure}
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
