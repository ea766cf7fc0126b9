import type { Failure } from '../../../lib/problem';
import type { Purpose } from '../../../lib/purposes';
import type { RequestDetail } from '../parts';

/** What each step of the workflow is given: the request, the stated purpose, and the one way to act. */
export interface StepProps {
  request: RequestDetail;
  purpose: Purpose;
  busy: boolean;
  failure: Failure | undefined;
  act: (step: () => Promise<RequestDetail>, done: string) => Promise<boolean>;
}
