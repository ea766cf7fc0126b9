import { useId } from 'react';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { campaignsMessages } from '../messages';
import type { Counted } from './useLiveCount';

/** How many the target would invite, kept up to date as it changes; announced to screen readers. */
export function LiveCount({ counted }: { counted: Counted }) {
  const t = useMessages(campaignsMessages);
  const f = useFormat();
  const id = useId();
  const preview = counted.preview;
  return (
    <div className="live-count" aria-labelledby={`${id}-count-title`} role="group">
      <h3 id={`${id}-count-title`}>{t.liveCount}</h3>
      <div role="status" data-testid="live-count" data-state={counted.status}>
        {preview && (
          <p className="count">
            <strong>
              {preview.toInvite === 0
                ? t.willInviteNone
                : preview.toInvite === 1
                  ? t.willInviteOne
                  : t.willInvite(f.number(preview.toInvite))}
            </strong>
          </p>
        )}
        {preview && (
          <p className="hint">{t.countDetail(f.number(preview.matching), f.number(preview.alreadyInvited))}</p>
        )}
        {counted.status === 'counting' && <p className="hint">{t.counting}</p>}
        {counted.status === 'failed' && <p className="field-error">{t.countFailed}</p>}
      </div>
    </div>
  );
}
