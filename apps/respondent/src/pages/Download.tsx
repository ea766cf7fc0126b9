import { useState } from 'react';
import { Layout, StateView } from '../components/Layout';
import { useI18n } from '../i18n';
import { privacyRequestsApi } from '../lib/privacy-requests-api';

type Format = 'json' | 'html';

/** Hands a fetched file to the browser as a download, without navigating anywhere. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * `/r/download#<token>`: the link to an access request's data package. The token is sent only in
 * the X-Download-Token header; the package comes back as a file, never as a page of this app.
 */
export function Download({ token }: { token: string | null }) {
  const { t } = useI18n();
  const [state, setState] = useState<'ready' | 'sending' | 'started' | 'unknown' | 'failed'>(
    token ? 'ready' : 'unknown',
  );

  async function download(format: Format) {
    if (!token || state === 'sending') return;
    setState('sending');
    const result = await privacyRequestsApi.downloadPackage(token, format);
    if (result.ok) {
      save(result.data, `my-survey-data.${format}`);
      setState('started');
    } else {
      setState(result.status === 404 || result.status === 400 ? 'unknown' : 'failed');
    }
  }

  if (state === 'unknown') {
    return (
      <Layout>
        <StateView state="download-unknown" title={t.downloadTitle}>
          <p>{t.downloadUnknown}</p>
          <p>
            <a href="/r/privacy-request">{t.privacyRequest}</a>
          </p>
        </StateView>
      </Layout>
    );
  }
  return (
    <Layout>
      <StateView state="download" title={t.downloadTitle}>
        <p>{t.downloadIntro}</p>
        <div className="actions">
          {(['html', 'json'] as Format[]).map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              aria-disabled={state === 'sending' || undefined}
              onClick={() => void download(format)}
            >
              {format === 'json' ? t.downloadJson : t.downloadHtml}
            </button>
          ))}
        </div>
        <p role="status" className="result" data-testid="download-result">
          {state === 'started' && t.downloadStarted}
          {state === 'failed' && t.requestFailed}
        </p>
      </StateView>
    </Layout>
  );
}
