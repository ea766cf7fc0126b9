import { ProblemType } from '@survey/api-client';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import type { Failure } from '../../lib/problem';
import { CompositionConflicts } from './CompositionConflicts';
import { messages } from './messages';

/**
 * The API's problem, and what to do about the two refusals that protect respondents: too few
 * responses, or figures that, read beside reports already published, would single someone out.
 */
export function ReportProblem({ failure, k, surveyId }: { failure: Failure; k?: number; surveyId?: string }) {
  const t = useMessages(messages);
  return (
    <>
      <ProblemMessage failure={failure} />
      {failure.type === ProblemType.ReportPopulationTooSmall && <p className="notice warning">{t.tooSmallHint}</p>}
      {failure.type === ProblemType.ReportComposition && (
        <CompositionConflicts conflicts={failure.conflicts ?? []} k={k} surveyId={surveyId} />
      )}
    </>
  );
}
