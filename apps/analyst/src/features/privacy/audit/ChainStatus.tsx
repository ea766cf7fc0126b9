import { LoadState } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { $api } from '../../../lib/query';
import { privacyMessages } from '../messages';

/** Whether the hash chain holds, said in words: valid, or broken at which event and why. */
export function ChainStatus() {
  const t = useMessages(privacyMessages);
  const f = useFormat();
  const verification = $api.useQuery('get', '/api/v1/audit-events/verify');
  const v = verification.data;
  const checking = verification.isFetching;
  return (
    <section
      className={`panel chain ${v ? (v.valid ? 'chain-valid' : 'chain-broken') : ''}`}
      aria-labelledby="audit-chain-title"
      data-testid="audit-chain"
    >
      <h2 id="audit-chain-title">{t.audit.chain}</h2>
      <LoadState loaded={verification}>
        {(result) => (
          <div role="status" aria-live="polite">
            {result.valid ? (
              <p className="chain-verdict">
                <span className="badge ok">✓</span>{' '}
                {result.checkedEvents === 0
                  ? t.audit.chainEmpty
                  : t.audit.chainValid(f.number(result.checkedEvents), f.number(result.lastSeq))}
              </p>
            ) : (
              <>
                <p className="chain-verdict">
                  <span className="badge failed">✗</span>{' '}
                  {t.audit.chainBroken(result.firstBrokenSeq === null ? f.missing : f.number(result.firstBrokenSeq))}
                </p>
                {result.reason && <p lang="en">{t.audit.chainReason(result.reason)}</p>}
              </>
            )}
          </div>
        )}
      </LoadState>
      <button type="button" onClick={() => void verification.refetch()} disabled={checking}>
        {checking ? t.audit.verifying : t.audit.verifyAgain}
      </button>
    </section>
  );
}
