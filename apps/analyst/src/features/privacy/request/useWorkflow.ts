import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFailure, useInvalidate } from '../../../lib/query';
import type { RequestDetail } from '../parts';

/**
 * The workflow's steps as one mutation: the request as the last step left it, the notice saying
 * what was done, and the refusal of the last step.
 */
export function useWorkflow() {
  const [current, setCurrent] = useState<RequestDetail>();
  const [notice, setNotice] = useState<string>();
  const invalidate = useInvalidate();
  const workflow = useMutation({
    mutationFn: ({ step }: { step: () => Promise<RequestDetail>; done: string }) => step(),
    onMutate: () => setNotice(undefined),
    onSuccess: (next, { done }) => {
      setCurrent(next);
      setNotice(done);
      // The queue shows the new status; this page shows the answer, without reading the request again.
      void invalidate('/api/v1/privacy-requests');
    },
  });
  const failure = useFailure(workflow.error);

  /** Runs one step of the workflow and shows its result, or the API's refusal, plainly. */
  function act(step: () => Promise<RequestDetail>, done: string): Promise<boolean> {
    return workflow.mutateAsync({ step, done }).then(
      () => true,
      () => false,
    );
  }

  return { current, notice, busy: workflow.isPending, failure, act };
}
