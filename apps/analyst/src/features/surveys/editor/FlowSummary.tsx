import { useMessages } from '../../../lib/i18n';
import { surveyMessages } from '../messages';
import { flowLines } from './flow-summary';

/** The questionnaire's jumps, early ends and page conditions as sentences; edited with their pages and in TriggersEditor. */
export function FlowSummary({ draft }: { draft: unknown }) {
  const t = useMessages(surveyMessages);
  const lines = flowLines(draft);
  if (lines.length === 0) return null;
  return (
    <section className="flow-summary" aria-labelledby="qe-flow-title" data-testid="flow-summary">
      <h2 id="qe-flow-title">{t.flowTitle}</h2>
      <ul>
        {lines.map((line, index) => (
          <li key={index}>
            {line.kind === 'page'
              ? t.flowPage(line.page, line.condition)
              : line.kind === 'complete'
                ? t.flowComplete(line.condition)
                : t.flowSkip(line.condition, line.page ?? line.question)}
          </li>
        ))}
      </ul>
      <p className="hint">{t.flowHint}</p>
    </section>
  );
}
