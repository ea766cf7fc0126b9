import { createApiClient } from '@survey/api-client';
import { useCallback, useEffect, useState } from 'react';

const api = createApiClient();

type Liveness = 'checking' | 'ok' | 'unreachable';
type Database = 'checking' | 'up' | 'down' | 'unknown';

interface Health {
  live: Liveness;
  database: Database;
}

const checking: Health = { live: 'checking', database: 'checking' };

const liveText: Record<Liveness, string> = {
  checking: 'API: checking…',
  ok: 'API: ok',
  unreachable: 'API: unreachable',
};

const databaseText: Record<Database, string> = {
  checking: 'Database: checking…',
  up: 'Database: up',
  down: 'Database: down',
  unknown: 'Database: unknown',
};

function fetchReadiness(signal: AbortSignal) {
  return api.GET('/health/ready', { signal });
}

function databaseState(ready: PromiseSettledResult<Awaited<ReturnType<typeof fetchReadiness>>>): Database {
  if (ready.status === 'rejected') return 'unknown';
  if (ready.value.data?.checks.database === 'up') return 'up';
  // The API answers 503 with a problem document when the database does not respond.
  return ready.value.response.status === 503 ? 'down' : 'unknown';
}

async function fetchHealth(signal: AbortSignal): Promise<Health> {
  const [live, ready] = await Promise.allSettled([api.GET('/health/live', { signal }), fetchReadiness(signal)]);
  return {
    live: live.status === 'fulfilled' && live.value.data?.status === 'ok' ? 'ok' : 'unreachable',
    database: databaseState(ready),
  };
}

export function App() {
  const [health, setHealth] = useState<Health>(checking);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then((result) => {
      if (!controller.signal.aborted) setHealth(result);
    });
    return () => controller.abort();
  }, [attempt]);

  const refresh = useCallback(() => {
    setHealth(checking);
    setAttempt((n) => n + 1);
  }, []);

  return (
    <main className="page">
      <h1>Survey platform — staff console</h1>
      <section className="panel" aria-labelledby="status-heading">
        <h2 id="status-heading">Service status</h2>
        <ul className="status-list" aria-live="polite">
          <li className="status" data-state={health.live} data-testid="api-status">
            {liveText[health.live]}
          </li>
          <li className="status" data-state={health.database} data-testid="db-status">
            {databaseText[health.database]}
          </li>
        </ul>
        <button type="button" onClick={refresh}>
          Check again
        </button>
      </section>
    </main>
  );
}
