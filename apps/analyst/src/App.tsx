import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { AccountPage, MfaRequiredPage, PasswordChangeRequiredPage } from './features/auth/AccountPage';
import { LoginPage } from './features/auth/LoginPage';
import { common } from './lib/common-messages';
import { LocaleProvider, useMessages } from './lib/i18n';
import { newQueryClient } from './lib/query';
import { homeOf, mayUse, type Area } from './lib/roles';
import { session, useSession } from './lib/session';

/** Each feature's code loads when first opened, so signing in stays fast. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const surveys = () => import('./features/surveys');
const contacts = () => import('./features/contacts');
const campaigns = () => import('./features/campaigns');
const results = () => import('./features/results');
const reports = () => import('./features/reports');
const privacy = () => import('./features/privacy');
const admin = () => import('./features/admin');

const SurveyListPage = page(surveys, 'SurveyListPage');
const SurveyNewPage = page(surveys, 'SurveyNewPage');
const SurveyPage = page(surveys, 'SurveyPage');
const SurveyEditorPage = page(surveys, 'SurveyEditorPage');
const ContactsPage = page(contacts, 'ContactsPage');
const ContactImportPage = page(contacts, 'ContactImportPage');
const CampaignsPage = page(campaigns, 'CampaignsPage');
const CampaignPage = page(campaigns, 'CampaignPage');
const ResultsPage = page(results, 'ResultsPage');
const ResponsesPage = page(results, 'ResponsesPage');
const CommentsPage = page(results, 'CommentsPage');
const ReportsPage = page(reports, 'ReportsPage');
const ReportPage = page(reports, 'ReportPage');
const PrivacyRequestsPage = page(privacy, 'PrivacyRequestsPage');
const PrivacyRequestPage = page(privacy, 'PrivacyRequestPage');
const RetentionPage = page(privacy, 'RetentionPage');
const AuditPage = page(privacy, 'AuditPage');
const UsersPage = page(admin, 'UsersPage');
const ApiKeysPage = page(admin, 'ApiKeysPage');
const BrandingPage = page(admin, 'BrandingPage');
const FailedJobsPage = page(admin, 'FailedJobsPage');
const WebhooksPage = page(admin, 'WebhooksPage');

function Loading() {
  const t = useMessages(common);
  return (
    <p className="loading" role="status">
      {t.loading}
    </p>
  );
}

/** A page of an area the role may use; otherwise a plain refusal (the API refuses too). */
function Guard({ area, children }: { area: Area; children: ReactNode }) {
  const t = useMessages(common);
  const state = useSession();
  if (state.status !== 'signed-in') return null;
  if (!mayUse(state.user.role, area)) {
    return (
      <>
        <h1>{t.forbiddenTitle}</h1>
        <p className="problem" role="alert">
          {t.forbidden}
        </p>
      </>
    );
  }
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Moves focus to the page's content after each navigation, for keyboard and screen-reader users. */
function FocusOnNavigate() {
  const location = useLocation();
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);
  return null;
}

function SignedIn() {
  const state = useSession();
  if (state.status !== 'signed-in') return null;
  if (state.user.passwordChangeRequired) {
    return (
      <Layout navigation={false}>
        <PasswordChangeRequiredPage />
      </Layout>
    );
  }
  if (state.mfaEnrolmentRequired) {
    return (
      <Layout navigation={false}>
        <MfaRequiredPage />
      </Layout>
    );
  }
  const g = (area: Area, element: ReactNode) => <Guard area={area}>{element}</Guard>;
  return (
    <>
      <FocusOnNavigate />
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Navigate to={homeOf(state.user.role)} replace />} />
          <Route path="login" element={<Navigate to={homeOf(state.user.role)} replace />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="surveys" element={g('surveys', <SurveyListPage />)} />
          <Route path="surveys/new" element={g('surveys', <SurveyNewPage />)} />
          <Route path="surveys/:surveyId" element={g('surveys', <SurveyPage />)} />
          <Route path="surveys/:surveyId/edit" element={g('surveys', <SurveyEditorPage />)} />
          <Route path="surveys/:surveyId/campaigns" element={g('surveys', <CampaignsPage />)} />
          <Route path="surveys/:surveyId/results" element={g('surveys', <ResultsPage />)} />
          <Route path="surveys/:surveyId/responses" element={g('surveys', <ResponsesPage />)} />
          <Route path="surveys/:surveyId/comments" element={g('surveys', <CommentsPage />)} />
          <Route path="campaigns/:campaignId" element={g('surveys', <CampaignPage />)} />
          <Route path="contacts" element={g('contacts', <ContactsPage />)} />
          <Route path="contacts/imports/:importId" element={g('contacts', <ContactImportPage />)} />
          <Route path="reports" element={g('reports', <ReportsPage />)} />
          <Route path="reports/:reportId" element={g('reports', <ReportPage />)} />
          <Route path="privacy/requests" element={g('privacyRequests', <PrivacyRequestsPage />)} />
          <Route path="privacy/requests/:requestId" element={g('privacyRequests', <PrivacyRequestPage />)} />
          <Route path="privacy/retention" element={g('retention', <RetentionPage />)} />
          <Route path="privacy/audit" element={g('audit', <AuditPage />)} />
          <Route path="admin/users" element={g('users', <UsersPage />)} />
          <Route path="admin/api-keys" element={g('apiKeys', <ApiKeysPage />)} />
          <Route path="admin/branding" element={g('branding', <BrandingPage />)} />
          <Route path="admin/failed-jobs" element={g('failedJobs', <FailedJobsPage />)} />
          <Route path="admin/webhooks" element={g('webhooks', <WebhooksPage />)} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}

function NotFound() {
  const t = useMessages(common);
  return (
    <>
      <h1>{t.notFoundTitle}</h1>
      <p className="problem" role="alert">
        {t.notFound}
      </p>
    </>
  );
}

/** One cache for the tab; emptied when the session ends, so the next person sees nothing of it. */
const queryClient = newQueryClient();

function Root() {
  const state = useSession();
  useEffect(() => {
    void session.restore();
  }, []);
  useEffect(() => {
    if (state.status === 'signed-out') queryClient.clear();
  }, [state.status]);
  if (state.status === 'restoring') return <Loading />;
  if (state.status === 'signed-out') return <LoginPage reason={state.reason} />;
  return <SignedIn />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <BrowserRouter>
          <Root />
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
