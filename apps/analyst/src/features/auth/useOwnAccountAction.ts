import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFailure } from '../../lib/query';

/** Changing the password or turning the second factor off: one mutation, a message once done, its refusal shown. */
export function useOwnAccountAction() {
  const [message, setMessage] = useState<string>();
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<unknown>; done: string }) => step(),
    onMutate: () => setMessage(undefined),
    onSuccess: (_result, { done }) => setMessage(done),
  });
  const failure = useFailure(action.error);

  function run(step: () => Promise<unknown>, done: string) {
    action.mutate({ step, done });
  }

  return { run, message, failure };
}
