import { createApiClient } from '@survey/api-client';
import { useEffect, useState } from 'react';

const api = createApiClient();

type ServiceStatus = 'checking' | 'available' | 'unavailable';

const statusText: Record<ServiceStatus, string> = {
  checking: 'Service status: checking…',
  available: 'Service status: available',
  unavailable: 'Service status: unavailable',
};

export function App() {
  const [status, setStatus] = useState<ServiceStatus>('checking');

  useEffect(() => {
    const controller = new AbortController();
    api
      .GET('/health/live', { signal: controller.signal })
      .then(({ data }) => setStatus(data?.status === 'ok' ? 'available' : 'unavailable'))
      .catch(() => {
        if (!controller.signal.aborted) setStatus('unavailable');
      });
    return () => controller.abort();
  }, []);

  return (
    <main className="page">
      <h1>Satisfaction survey</h1>
      <p>The survey opens from the personal link in your invitation e-mail.</p>
      <p className="status" data-state={status} data-testid="api-status" aria-live="polite">
        {statusText[status]}
      </p>
    </main>
  );
}
