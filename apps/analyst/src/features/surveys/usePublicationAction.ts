import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useFailure } from '../../lib/query';

type Survey = components['schemas']['SurveyDto'];
export type Done = { published: number } | 'closed';

/**
 * Publishing or closing as one mutation. What was done is kept as data, so the message says it
 * in the language of the moment (which may change while the message shows).
 */
export function usePublicationAction(reload: () => void) {
  const [done, setDone] = useState<Done | null>(null);
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<Survey>; message: (survey: Survey) => Done }) => step(),
    onMutate: () => setDone(null),
    onSuccess: (updated, { message }) => {
      setDone(message(updated));
      reload();
    },
  });
  const failure = useFailure(action.error);

  /** Publishes or closes; settles once done or refused (the refusal shows from the mutation). */
  function run(step: () => Promise<Survey>, message: (survey: Survey) => Done): Promise<void> {
    return action.mutateAsync({ step, message }).then(
      () => undefined,
      () => undefined,
    );
  }

  return { run, done, failure };
}
