import { useEffect, useMemo, useState } from 'react';
import { Layout } from '../components/Layout';
import { OptOutForm } from '../components/OptOutForm';
import { respondentApi } from '../survey/respondent-api';
import { useInvitationLanguage } from '../survey/use-invitation-language';

/**
 * `/r/opt-out#<token>`: the opt-out link of every invitation e-mail, in the invitation's
 * language (shown once that language's strings are in place).
 */
export function OptOut({ token }: { token: string | null }) {
  const api = useMemo(() => (token ? respondentApi(token) : null), [token]);
  const invitationLanguage = useInvitationLanguage(api);
  const [ready, setReady] = useState(api === null);

  useEffect(() => {
    const controller = new AbortController();
    void invitationLanguage(controller.signal).finally(() => {
      if (!controller.signal.aborted) setReady(true);
    });
    return () => controller.abort();
  }, [invitationLanguage]);

  if (!ready) return null;
  return (
    <Layout switcher="footer" links={{ notice: true, request: true }}>
      <OptOutForm token={token} />
    </Layout>
  );
}
