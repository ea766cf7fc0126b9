import { createApiClient } from '@survey/api-client';
import { useEffect, useState } from 'react';
import { OptOut } from './pages/OptOut';
import { PrivacyNotice } from './pages/PrivacyNotice';

const api = createApiClient();

type ServiceStatus = 'checking' | 'available' | 'unavailable';

const statusText: Record<ServiceStatus, string> = {
  checking: 'Service status: checking…',
  available: 'Service status: available',
  unavailable: 'Service status: unavailable',
};

/** The token of an invitation link arrives in the fragment; it is taken once and wiped from the address bar. */
function takeTokenFromFragment(): string | null {
  const token = window.location.hash.slice(1);
  if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token || null;
}

export function App() {
  const path = window.location.pathname.replace(/\/+$/, '');
  if (path === '/r/opt-out') return <OptOut token={takeTokenFromFragment()} />;
  if (path === '/r/privacy') return <PrivacyNotice />;
  return <Home />;
}

function Home() {
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
