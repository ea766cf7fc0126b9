import { createApiClient } from '@survey/api-client';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { BrandProvider } from './brand/BrandProvider';
import { Layout } from './components/Layout';
import { I18nProvider, initialLanguage, useI18n } from './i18n';
import { takeTokenFromFragment } from './lib/fragment-token';
import { SurveyPage } from './survey/SurveyPage';
import { surveySession } from './survey/survey-session';

// Only the survey is in the first download; the other pages load when opened.
const OptOut = lazy(() => import('./pages/OptOut').then((m) => ({ default: m.OptOut })));
const PrivacyNotice = lazy(() => import('./pages/PrivacyNotice').then((m) => ({ default: m.PrivacyNotice })));
const PrivacyRequest = lazy(() => import('./pages/PrivacyRequest').then((m) => ({ default: m.PrivacyRequest })));
const VerifyRequest = lazy(() => import('./pages/VerifyRequest').then((m) => ({ default: m.VerifyRequest })));
const Download = lazy(() => import('./pages/Download').then((m) => ({ default: m.Download })));
// The staff console's questionnaire editor frames this page to preview a draft.
const PreviewPage = lazy(() => import('./preview/PreviewPage').then((m) => ({ default: m.PreviewPage })));

/** Picks the page from the path; links carry their secret in the fragment, taken once here. */
function route(): ReactNode {
  const path = window.location.pathname.replace(/\/+$/, '');
  switch (path) {
    case '/r/opt-out':
      return <OptOut token={takeTokenFromFragment()} />;
    case '/r/privacy':
      return <PrivacyNotice />;
    case '/r/privacy-request':
      return <PrivacyRequest />;
    case '/r/verify-request':
      return <VerifyRequest token={takeTokenFromFragment()} />;
    case '/r/download':
      return <Download token={takeTokenFromFragment()} />;
    case '/r/preview':
      return <PreviewPage />;
    default: {
      const token = surveySession.start(takeTokenFromFragment());
      return token ? <SurveyPage token={token} /> : <Home />;
    }
  }
}

/** The page the app was opened on, worked out once (StrictMode renders twice in development). */
let opened: ReactNode | undefined;

export function App() {
  const [page, setPage] = useState(() => ({ node: (opened ??= route()), key: 0 }));

  // A link opened in a tab that already shows the app changes only the fragment: open it afresh.
  useEffect(() => {
    const onHashChange = () => {
      if (window.location.hash.length > 1) setPage((shown) => ({ node: route(), key: shown.key + 1 }));
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  return (
    <I18nProvider initial={initialLanguage()}>
      <BrandProvider>
        <Suspense key={page.key} fallback={null}>
          {page.node}
        </Suspense>
      </BrandProvider>
    </I18nProvider>
  );
}

type ServiceStatus = 'checking' | 'available' | 'unavailable';

/** `/r/` without a link: says where the survey is, and whether the service is up. */
function Home() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ServiceStatus>('checking');

  useEffect(() => {
    const controller = new AbortController();
    createApiClient()
      .GET('/health/live', { signal: controller.signal })
      .then(({ data }) => setStatus(data?.status === 'ok' ? 'available' : 'unavailable'))
      .catch(() => {
        if (!controller.signal.aborted) setStatus('unavailable');
      });
    return () => controller.abort();
  }, []);

  const text = { checking: t.serviceChecking, available: t.serviceAvailable, unavailable: t.serviceUnavailable };
  return (
    <Layout>
      <h1>{t.appName}</h1>
      <p>{t.homeIntro}</p>
      <p className="status" data-state={status} data-testid="api-status" aria-live="polite">
        {text[status]}
      </p>
    </Layout>
  );
}
