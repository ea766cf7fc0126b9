import type { ReactNode } from 'react';
import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { derivedHiddenBy, hiddenBy, type QuestionMetrics } from './figures';

/** n, mean with its interval, top-2-box and NPS of one question, where it has them. */
export function ItemSummary({ metrics }: { metrics: QuestionMetrics }) {
  const t = useMessages(messages);
  const f = useFormat();
  const hidden = hiddenBy(metrics);
  const derivedHidden = derivedHiddenBy(metrics);
  const show = (value: number | null | undefined, format: (v: number) => string): ReactNode =>
    derivedHidden ? (
      <Suppressed reason={derivedHidden} />
    ) : value === null || value === undefined ? (
      t.notApplicable
    ) : (
      format(value)
    );
  return (
    <dl className="facts item-summary">
      <dt>{t.answered}</dt>
      <dd data-testid="answered">{hidden ? <Suppressed reason={hidden} /> : f.number(metrics.n ?? 0)}</dd>
      {metrics.mean !== undefined && (
        <>
          <dt>{t.mean}</dt>
          <dd data-testid="mean">{show(metrics.mean?.value, (v) => f.number(v, 2))}</dd>
          <dt>{t.confidenceInterval}</dt>
          <dd>
            {show(metrics.mean?.ciLow, () =>
              t.ciRange(f.number(metrics.mean!.ciLow, 2), f.number(metrics.mean!.ciHigh, 2)),
            )}
          </dd>
        </>
      )}
      {metrics.topTwoBox !== undefined && (
        <>
          <dt>{t.topTwoBox}</dt>
          <dd data-testid="top-two-box">{show(metrics.topTwoBox, (v) => f.percent(v))}</dd>
        </>
      )}
      {metrics.quartiles !== undefined && (
        <>
          <dt>{t.quartiles}</dt>
          <dd data-testid="quartiles">
            {show(metrics.quartiles?.median, () =>
              [metrics.quartiles!.q1, metrics.quartiles!.median, metrics.quartiles!.q3]
                .map((v) => f.number(v, 2))
                .join(' · '),
            )}
          </dd>
        </>
      )}
      {metrics.firstChoiceShare !== undefined && (
        <>
          <dt>{t.firstChoiceShare}</dt>
          <dd data-testid="first-choice-share">{show(metrics.firstChoiceShare, (v) => f.percent(v))}</dd>
        </>
      )}
      {metrics.nps !== undefined && (
        <>
          <dt>{t.npsShort}</dt>
          <dd data-testid="nps">{show(metrics.nps?.score, (v) => f.number(v, 1))}</dd>
        </>
      )}
    </dl>
  );
}
