import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { common } from '../lib/common-messages';
import { useMessages } from '../lib/i18n';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
  /** The person must type this word before the action can be confirmed (for what cannot be undone). */
  requireWord?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before a destructive action (the browser's own <dialog>: focus stays inside,
 * Escape cancels). Rendered only while it is asked.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  requireWord,
  busy,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const c = useMessages(common);
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const ready = !requireWord || typed.trim() === requireWord;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (ready && !busy) onConfirm();
  }

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        {requireWord && (
          <>
            <label htmlFor={`${id}-word`}>{c.typeToConfirm(requireWord)}</label>
            <input
              id={`${id}-word`}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </>
        )}
        <div className="actions">
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={!ready || busy}>
            {busy ? c.saving : confirmLabel}
          </button>
          <button type="button" onClick={onCancel} autoFocus={!requireWord}>
            {c.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
