import { Link } from 'react-router';
import { LoadState, ProblemMessage } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { purposeMessages, type Purpose } from '../../../lib/purposes';
import { $api } from '../../../lib/query';
import { privacyMessages } from '../messages';
import { Timeline } from '../Timeline';
import { Facts } from './Facts';
import { Outcome } from './Outcome';
import { Person } from './Person';
import { RequestActions } from './RequestActions';
import { useWorkflow } from './useWorkflow';

/** The request as read with the stated purpose, and what can be done with it now. */
export function RequestView({ id, purpose }: { id: string; purpose: Purpose }) {
  const t = useMessages(privacyMessages);
  const purposes = useMessages(purposeMessages);
  const header = { 'X-Purpose': purpose };
  const loaded = $api.useQuery(
    'get',
    '/api/v1/privacy-requests/{id}',
    { params: { path: { id }, header } },
    // Personal data: read afresh (and audited) each time, never kept once the page is gone.
    { gcTime: 0 },
  );
  const { current, notice, busy, failure, act } = useWorkflow();

  return (
    <LoadState loaded={loaded}>
      {(fetched) => {
        const request = current ?? fetched;
        const open = request.status === 'verified' || request.status === 'in_progress';
        return (
          <>
            <h1>{t.request.title(t.types[request.type])}</h1>
            <p>
              <Link to="/privacy/requests">{t.request.back}</Link>
            </p>
            <p className="hint">{t.purpose.stated(purposes.labels[purpose])}</p>
            <div role="status" className="request-status">
              {notice && <p className="notice">{notice}</p>}
            </div>
            {failure && <ProblemMessage failure={failure} />}
            <Timeline request={request} />
            <Facts request={request} />
            <Person request={request} />
            {request.outcome && <Outcome outcome={request.outcome} />}
            {request.status === 'received' && <p className="notice warning">{t.request.notConfirmed}</p>}
            {open && <RequestActions request={request} purpose={purpose} busy={busy} act={act} failure={failure} />}
            {!open && request.status !== 'received' && <p>{t.actions.closed}</p>}
          </>
        );
      }}
    </LoadState>
  );
}
