import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import type { ProblemSentence } from './problem-sentences';

/**
 * What publishing would refuse, each as a sentence naming the field concerned (the validator's
 * path stays in a tooltip for whoever edits the JSON); in the form view each one can take the
 * focus to that field, where the same sentence is shown.
 */
export function ProblemsList({ problems, onGoTo }: { problems: ProblemSentence[]; onGoTo?: (field: string) => void }) {
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
              <span title={problem.field || undefined} data-field={problem.field}>
                {problem.sentence}
              </span>
              {onGoTo && problem.field && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t.goTo(problem.sentence)}
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
