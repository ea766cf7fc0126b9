import type { QuestionnaireProblem } from '@survey/questionnaire';
import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';

/**
 * What publishing would refuse, as the validator words it, each with the path of the value at
 * fault; in the form view each one can take the focus to the field concerned.
 */
export function ProblemsList({
  problems,
  onGoTo,
}: {
  problems: QuestionnaireProblem[];
  onGoTo?: (field: string) => void;
}) {
  const t = useMessages(surveyMessages);
  return (
    <section
      className="panel problems-panel"
      aria-labelledby="qe-problems-heading"
      data-testid="questionnaire-problems"
    >
      <h2 id="qe-problems-heading">{t.problemsTitle}</h2>
      <p className="hint">{t.problemsNote}</p>
      <p role="status" className="problem-count" data-count={problems.length}>
        {problems.length === 0 ? t.noProblems : t.problemCount(problems.length)}
      </p>
      {problems.length > 0 && (
        <ul className="problem-list">
          {problems.map((problem, index) => (
            <li key={`${problem.field}-${index}`}>
              <code>{problem.field || t.whole}</code> {problem.message}
              {onGoTo && problem.field && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t.goTo(problem.field)}
                    onClick={() => onGoTo(problem.field)}
                  >
                    {t.show}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
