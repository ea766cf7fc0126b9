import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import type { Failure } from '../../lib/problem';
import { CompositionConflicts } from './CompositionConflicts';
import { messages } from './messages';

const REPORT_TOO_SMALL_TYPE = 'urn:survey:problem:report-population-too-small';
const REPORT_COMPOSITION_TYPE = 'urn:survey:problem:report-composition';

/**
 * The API's problem, and what to do about the two refusals that protect respondents: too few
 * responses, or figures that, read beside reports already published, would single someone out.
 */
export function ReportProblem({ failure, k, surveyId }: { failure: Failure; k?: number; surveyId?: string }) {
  const t = useMessages(messages);
  return (
    <>
      <ProblemMessage failure={failure} />
      {failure.type === REPORT_TOO_SMALL_TYPE && <p className="notice warning">{t.tooSmallHint}</p>}
      {failure.type === REPORT_COMPOSITION_TYPE && (
        <CompositionConflicts conflicts={failure.conflicts ?? []} k={k} surveyId={surveyId} />
      )}
    </>
  );
}
