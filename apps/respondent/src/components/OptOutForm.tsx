import { useState } from 'react';
import { FocusHeading } from './Layout';
import { useI18n } from '../i18n';
import { respondentApi } from '../survey/respondent-api';

type State = 'asking' | 'sending' | 'done' | 'invalid' | 'failed';

/**
 * Asks for and makes the opt-out of one invitation. The token came in a URL fragment (never sent
 * to a server) and is sent only in the X-Invitation-Token header.
 */
export function OptOutForm({
  token,
  onCancel,
  onDone,
}: {
  token: string | null;
  onCancel?: () => void;
  onDone?: () => void;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<State>(token ? 'asking' : 'invalid');

  async function optOut() {
    if (!token || state === 'sending') return;
    setState('sending');
    const outcome = await respondentApi(token).optOut();
    if (outcome.ok && onDone) return onDone();
    setState(outcome.ok ? 'done' : outcome.kind === 'link' && outcome.problem === 'invalid' ? 'invalid' : 'failed');
  }

  return (
    <section className="opt-out" data-testid="opt-out">
      <FocusHeading level={onCancel ? 2 : 1}>{t.optOut}</FocusHeading>
      {(state === 'asking' || state === 'sending' || state === 'failed') && (
        <>
          <p>{t.optOutExplain}</p>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => void optOut()}
              aria-disabled={state === 'sending' || undefined}
            >
              {t.optOut}
            </button>
            {onCancel && (
              <button type="button" className="button secondary" onClick={onCancel}>
                {t.cancel}
              </button>
            )}
          </div>
        </>
      )}
      <p role="status" aria-live="polite" data-testid="opt-out-result" className="result">
        {state === 'done' && t.optOutDone}
        {state === 'invalid' && t.optOutInvalid}
        {state === 'failed' && t.optOutFailed}
      </p>
    </section>
  );
}
