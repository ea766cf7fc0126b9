import type { Format } from '../../../lib/format';
import type { ItemStatistics, Messages, QuestionMetrics } from './figures';

/** The figure a breakdown or crosstab shows: respondents, or a rating's mean, NPS or top-2-box. */
export type Metric = 'respondents' | `${'mean' | 'nps' | 'topTwoBox'}:${string}`;

export interface MetricChoice {
  value: Metric;
  label: string;
}

export function metricChoices(items: ItemStatistics[], t: Messages, means: boolean): MetricChoice[] {
  const choices: MetricChoice[] = [{ value: 'respondents', label: t.respondents }];
  for (const item of items) {
    if (item.type !== 'rating') continue;
    if (item.ratingKind === 'nps') choices.push({ value: `nps:${item.name}`, label: t.metricNps(item.title) });
    if (means) choices.push({ value: `mean:${item.name}`, label: t.metricMean(item.title) });
    if (item.ratingKind !== 'nps') choices.push({ value: `topTwoBox:${item.name}`, label: t.metricTopTwo(item.title) });
  }
  return choices;
}

export interface MetricParts {
  kind: 'respondents' | 'mean' | 'nps' | 'topTwoBox';
  item?: ItemStatistics;
}

export function metricParts(metric: Metric, items: ItemStatistics[]): MetricParts {
  if (metric === 'respondents') return { kind: 'respondents' };
  const [kind, ...rest] = metric.split(':');
  const item = items.find((candidate) => candidate.name === rest.join(':'));
  return item ? { kind: kind as MetricParts['kind'], item } : { kind: 'respondents' };
}

/** The value of a metric in a group's figures. */
export function metricValue(kind: MetricParts['kind'], metrics: QuestionMetrics | undefined): number | null {
  if (!metrics) return null;
  if (kind === 'mean') return metrics.mean?.value ?? null;
  if (kind === 'nps') return metrics.nps?.score ?? null;
  if (kind === 'topTwoBox') return metrics.topTwoBox ?? null;
  return metrics.n;
}

export function metricFormat(kind: MetricParts['kind'], f: Format): (value: number) => string {
  if (kind === 'mean') return (v) => f.number(v, 2);
  if (kind === 'nps') return (v) => f.number(v, 1);
  if (kind === 'topTwoBox') return (v) => f.percent(v);
  return (v) => f.number(v);
}

/** Fixed axis ends, so groups compare on the scale itself: the rating's range, -100–100, 0–100 %. */
export function metricRange(parts: MetricParts): { min?: number; max?: number } {
  if (parts.kind === 'nps') return { min: -100, max: 100 };
  if (parts.kind === 'topTwoBox') return { min: 0, max: 1 };
  if (parts.kind === 'mean' && parts.item) {
    const values = parts.item.distribution.map((entry) => Number(entry.value)).filter(Number.isFinite);
    return values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : {};
  }
  return { min: 0 };
}

/** The first NPS question's score, else respondents: what a breakdown shows first. */
export function defaultMetric(items: ItemStatistics[]): Metric {
  const nps = items.find((item) => item.ratingKind === 'nps');
  return nps ? `nps:${nps.name}` : 'respondents';
}

/** A figure's column heading; the table's caption names the question. */
export function metricShort(kind: MetricParts['kind'], t: Messages): string {
  return kind === 'mean' ? t.mean : kind === 'nps' ? t.npsShort : kind === 'topTwoBox' ? t.topTwoBox : t.respondents;
}

export function metricLabel(parts: MetricParts, t: Messages): string {
  if (!parts.item) return t.respondents;
  if (parts.kind === 'nps') return t.metricNps(parts.item.title);
  if (parts.kind === 'mean') return t.metricMean(parts.item.title);
  return t.metricTopTwo(parts.item.title);
}
