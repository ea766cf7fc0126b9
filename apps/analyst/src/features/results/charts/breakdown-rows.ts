import { derivedHiddenBy, hiddenBy, type Breakdown, type Hidden, type QuestionMetrics } from './figures';
import { metricValue, type MetricParts } from './metrics';

export interface BreakdownRow {
  group: Breakdown['groups'][number];
  metrics: QuestionMetrics | undefined;
  answeredHidden: Hidden;
  hidden: Hidden;
  value: number | null;
}

/** Each group of a breakdown with the chosen figure, and why it or its n is hidden. */
export function breakdownRows(breakdown: Breakdown, parts: MetricParts): BreakdownRow[] {
  return breakdown.groups.map((group) => {
    const metrics = parts.item ? group.items[parts.item.name] : undefined;
    const groupHidden = hiddenBy(group.respondents);
    // n is hidden with the group or its item figures; the figure itself also when it is withheld alone.
    const answeredHidden = groupHidden ?? (metrics ? hiddenBy(metrics) : null);
    const hidden = parts.item ? (answeredHidden ?? (metrics ? derivedHiddenBy(metrics) : null)) : groupHidden;
    return {
      group,
      metrics,
      answeredHidden,
      hidden,
      value: parts.item ? metricValue(parts.kind, metrics) : group.respondents.value,
    };
  });
}
