import { useEffect, useId, useRef } from 'react';
import { useMessages } from '../../../lib/i18n';
import { campaignsMessages } from '../messages';

/** The last step before invitations go out: says how many, to which survey; takes the focus. */
export function ConfirmSend({
  toInvite,
  surveyName,
  sending,
  onSend,
  onCancel,
}: {
  toInvite: string;
  surveyName: string;
  sending: boolean;
  onSend: () => void;
  onCancel: () => void;
}) {
  const t = useMessages(campaignsMessages);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-labelledby={`${id}-confirm-title`} tabIndex={-1} ref={ref}>
      <h3 id={`${id}-confirm-title`}>{t.confirmTitle}</h3>
      <p>{t.confirmText(toInvite, surveyName)}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onSend} disabled={sending}>
          {sending ? t.sending : t.sendNow}
        </button>
        <button type="button" onClick={onCancel} disabled={sending}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
