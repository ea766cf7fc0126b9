import { useState, type ReactNode } from 'react';
import { ConfirmDialog, type ConfirmDialogProps } from '../../../components/ConfirmDialog';

/** A step done with one button, after a confirmation; the question closes once the step is over. */
export function ConfirmedStep({
  intro,
  buttonClass,
  buttonLabel,
  dialog,
  busy,
  onConfirm,
}: {
  intro: ReactNode;
  buttonClass: 'primary' | 'danger';
  buttonLabel: string;
  dialog: Pick<ConfirmDialogProps, 'title' | 'confirmLabel' | 'danger' | 'requireWord' | 'children'>;
  busy: boolean;
  onConfirm: () => Promise<unknown>;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      {intro}
      <button type="button" className={buttonClass} disabled={busy} onClick={() => setAsking(true)}>
        {buttonLabel}
      </button>
      {asking && (
        <ConfirmDialog
          {...dialog}
          busy={busy}
          onConfirm={() => void onConfirm().then(() => setAsking(false))}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}
