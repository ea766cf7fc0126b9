import { useState } from 'react';
import { Layout, StateView } from '../components/Layout';
import { useI18n } from '../i18n';
import { privacyRequestsApi, type PrivacyRequestType } from '../lib/privacy-requests-api';

type State =
  { kind: 'asking' | 'sending' | 'unknown' | 'failed' } | { kind: 'verified'; type: PrivacyRequestType; dueAt: string };

/**
 * `/r/verify-request#<token>`: the link mailed to whoever filed a privacy request. Pressing the
 * button (not merely opening the link, which mail scanners do) confirms the address is theirs.
 */
export function VerifyRequest({ token }: { token: string | null }) {
  const { t, formatDate } = useI18n();
  const [state, setState] = useState<State>({ kind: token ? 'asking' : 'unknown' });

  async function verify() {
    if (!token || state.kind === 'sending') return;
    setState({ kind: 'sending' });
    const result = await privacyRequestsApi.verify(token);
    if (result.ok) setState({ kind: 'verified', type: result.data.type, dueAt: result.data.dueAt });
    else setState({ kind: result.status === 404 || result.status === 400 ? 'unknown' : 'failed' });
  }

  if (state.kind === 'verified') {
    return (
      <Layout>
        <StateView state="request-verified" title={t.verifiedTitle}>
          <p>{t.verifiedBody(t.requestTypeNames[state.type] ?? state.type, formatDate(state.dueAt, false))}</p>
        </StateView>
      </Layout>
    );
  }
  if (state.kind === 'unknown') {
    return (
      <Layout>
        <StateView state="request-unknown" title={t.verifyTitle}>
          <p>{t.verifyUnknown}</p>
          <p>
            <a href="/r/privacy-request">{t.privacyRequest}</a>
          </p>
        </StateView>
      </Layout>
    );
  }
  return (
    <Layout>
      <StateView state="request-verify" title={t.verifyTitle}>
        <p>{t.verifyIntro}</p>
        <button
          type="button"
          className="button"
          aria-disabled={state.kind === 'sending' || undefined}
          onClick={() => void verify()}
        >
          {t.verifyButton}
        </button>
        <p role="status" className="result">
          {state.kind === 'failed' && t.requestFailed}
        </p>
      </StateView>
    </Layout>
  );
}
