import { useMessages } from '../../../lib/i18n';
import { unwrap } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { privacyMessages } from '../messages';
import { Extend } from './Extend';
import { Fulfil } from './Fulfil';
import { Reject } from './Reject';
import type { StepProps } from './steps';

/** What can be done with an open request: start work on it (once verified), fulfil, extend or reject it. */
export function RequestActions({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const id = request.id;
  return (
    <section className="panel" aria-labelledby="request-actions">
      <h2 id="request-actions">{t.actions.title}</h2>
      {request.status === 'verified' && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const started = unwrap(
                  await api.POST('/api/v1/privacy-requests/{id}/start', { params: { path: { id } } }),
                );
                return { ...request, ...started };
              }, t.actions.started)
            }
          >
            {t.actions.start}
          </button>
        </div>
      )}
      <Fulfil request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
      <Extend request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
      <Reject request={request} purpose={purpose} busy={busy} act={act} failure={failure} />
    </section>
  );
}
