import { createApiClient } from '@survey/api-client';
import { useState } from 'react';

type State = 'asking' | 'sending' | 'done' | 'invalid' | 'failed';

/**
 * `/r/opt-out#<token>`: the opt-out link of every invitation. The token came in the URL
 * fragment (never sent to a server) and is sent only in the X-Invitation-Token header.
 */
export function OptOut({ token }: { token: string | null }) {
  const [state, setState] = useState<State>(token ? 'asking' : 'invalid');

  async function optOut() {
    setState('sending');
    try {
      const { response } = await createApiClient().POST('/api/v1/respond/opt-out', {
        headers: { 'X-Invitation-Token': token ?? '' },
      });
      setState(response.ok ? 'done' : response.status === 404 || response.status === 400 ? 'invalid' : 'failed');
    } catch {
      setState('failed');
    }
  }

  return (
    <main className="page">
      <h1>Stop messages about this survey</h1>
      {(state === 'asking' || state === 'sending') && (
        <>
          <p>You will receive no further invitation or reminder about this survey. Nothing else changes.</p>
          <button type="button" className="button" onClick={() => void optOut()} disabled={state === 'sending'}>
            Stop messages about this survey
          </button>
        </>
      )}
      <p role="status" aria-live="polite" data-testid="opt-out-result">
        {state === 'done' && 'Done: you will not receive any further message about this survey.'}
        {state === 'invalid' &&
          'This link is not valid. Please use the link from your most recent e-mail about the survey.'}
        {state === 'failed' && 'The service could not be reached. Please try again in a moment.'}
      </p>
      <p>
        <a href="/r/privacy">How your data is handled (privacy notice)</a>
      </p>
    </main>
  );
}
