import { useState } from 'react';
import { useI18n } from '../i18n';
import type { RespondentApi } from './respondent-api';

type State = 'offer' | 'sending' | 'sent' | 'throttled' | 'failed';

/**
 * On the expired-link page: asks for a new link, which goes to the address the invitation was
 * sent to (the person types none). The page says the same whatever the server did, as the
 * server itself does: it never tells whether an address exists or a message went out.
 */
export function NewLinkRequest({ api }: { api: RespondentApi }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>('offer');

  async function request() {
    if (state === 'sending') return;
    setState('sending');
    const outcome = await api.requestNewLink();
    if (outcome.ok) return setState('sent');
    setState(outcome.kind === 'link' && outcome.problem === 'throttled' ? 'throttled' : 'failed');
  }

  return (
    <div className="new-link" data-testid="new-link">
      {state !== 'sent' && (
        <>
          <p>{t.newLinkOffer}</p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void request()}
              aria-disabled={state === 'sending' || undefined}
            >
              {t.newLinkButton}
            </button>
          </div>
        </>
      )}
      <p role="status" aria-live="polite" className="result" data-testid="new-link-result">
        {state === 'sent' && t.newLinkSent}
        {state === 'throttled' && t.newLinkThrottled}
        {state === 'failed' && t.newLinkFailed}
      </p>
    </div>
  );
}
