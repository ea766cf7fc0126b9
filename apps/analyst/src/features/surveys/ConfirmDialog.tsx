import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ConfirmDialog as Dialog } from '../../components/ConfirmDialog';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** A red button: the action removes or ends something. */
  danger?: boolean;
  onConfirm: () => void | Promise<void>;
}

/**
 * The console's confirmation dialog, driven by a request object: the surveys pages keep one
 * pending question in state and the dialog waits for the action before closing.
 */
export function ConfirmDialog({ request, onDone }: { request: ConfirmRequest | null; onDone: () => void }) {
  const confirming = useMutation({
    mutationFn: async (pending: ConfirmRequest) => pending.onConfirm(),
    onSettled: onDone,
  });
  if (!request) return null;

  return (
    <Dialog
      title={request.title}
      confirmLabel={request.confirmLabel}
      danger={request.danger}
      busy={confirming.isPending}
      onConfirm={() => confirming.mutate(request)}
      onCancel={onDone}
    >
      {request.body}
    </Dialog>
  );
}
