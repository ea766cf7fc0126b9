import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFailure } from '../../../lib/query';
import type { StaffUser } from './roles';

/**
 * Each change of an account (details, password, second factor) runs as one mutation, with a
 * notice saying what was done; a step that returns the account passes it to `onChanged`.
 */
export function useAccountAction(onChanged: (user: StaffUser) => void) {
  const [notice, setNotice] = useState<string>();
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<StaffUser | undefined>; done: string }) => step(),
    onMutate: () => setNotice(undefined),
    onSuccess: (updated, { done }) => {
      setNotice(done);
      if (updated) onChanged(updated);
    },
  });
  const failure = useFailure(action.error);

  /** Runs the step; settles once it has succeeded or failed (the failure is shown from the mutation). */
  function run(step: () => Promise<StaffUser | undefined>, done: string): Promise<void> {
    return action.mutateAsync({ step, done }).then(
      () => undefined,
      () => undefined,
    );
  }

  return { run, notice, setNotice, busy: action.isPending, failure };
}
