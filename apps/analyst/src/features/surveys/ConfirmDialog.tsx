import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { common } from '../../lib/common-messages';
import { useMessages } from '../../lib/i18n';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** A red button: the action removes or ends something. */
  danger?: boolean;
  onConfirm: () => void | Promise<void>;
}

/**
 * Asks before an action that cannot be taken back, in a modal <dialog>: the browser keeps the
 * focus inside it, Escape cancels, and the focus returns to the button that opened it.
 */
export function ConfirmDialog({ request, onDone }: { request: ConfirmRequest | null; onDone: () => void }) {
  const t = useMessages(common);
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);

  async function confirm() {
    if (!request || busy) return;
    setBusy(true);
    try {
      await request.onConfirm();
    } finally {
      setBusy(false);
      onDone();
    }
  }

  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${id}-title`} onClose={onDone}>
      {request && (
        <>
          <h2 id={`${id}-title`}>{request.title}</h2>
          <div>{request.body}</div>
          <div className="actions">
            <button type="button" className={request.danger ? 'danger' : 'primary'} onClick={() => void confirm()}>
              {request.confirmLabel}
            </button>
            <button type="button" onClick={onDone} disabled={busy}>
              {t.cancel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
