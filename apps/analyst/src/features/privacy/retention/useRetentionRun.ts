import type { components } from '@survey/api-client';
import { useEffect, useState } from 'react';
import { $api, useFailure } from '../../../lib/query';

type Run = components['schemas']['RetentionRunDto'];

const POLL_MS = 1000;

/**
 * Starting a retention run and following it (polled) until it ends; a run already going, started
 * elsewhere, is followed too. `onFinished` runs once with the run as it ended.
 */
export function useRetentionRun(latest: Run | undefined, onFinished: (run: Run) => void, onStarted: () => void) {
  const [run, setRun] = useState<Run>();
  const following = run?.status === 'running';
  const starting = $api.useMutation('post', '/api/v1/retention/runs', {
    onSuccess: setRun,
    onSettled: onStarted,
  });
  const polled = $api.useQuery(
    'get',
    '/api/v1/retention/runs/{id}',
    { params: { path: { id: run?.id ?? '' } } },
    { enabled: following, refetchInterval: POLL_MS, placeholderData: undefined },
  );
  const failure = useFailure(starting.error ?? polled.error);

  useEffect(() => {
    if (!run && latest?.status === 'running') setRun(latest);
  }, [latest, run]);

  useEffect(() => {
    const next = polled.data;
    if (!following || !next || next.id !== run?.id) return;
    setRun(next);
    if (next.status !== 'running') onFinished(next);
  }, [polled.data, following, run?.id, onFinished]);

  return { run, following, start: () => starting.mutate({}), busy: starting.isPending, failure };
}
