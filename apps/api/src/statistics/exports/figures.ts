import type {
  CountCellDto,
  ItemStatisticsDto,
  QuestionMetricsDto,
  ReportDto,
  SuppressionReasonDto,
} from '../statistics.dto';

/** A figure of the report as the exports write it: a number, a withheld number, or nothing to show. */
export type Figure =
  { kind: 'value'; value: number } | { kind: 'suppressed'; reason: SuppressionReasonDto } | { kind: 'none' };

export const NONE: Figure = { kind: 'none' };

export function figure(value: number | null | undefined, suppressed: SuppressionReasonDto | null): Figure {
  if (suppressed) return { kind: 'suppressed', reason: suppressed };
  return typeof value === 'number' && Number.isFinite(value) ? { kind: 'value', value } : NONE;
}

export function countFigure(cell: CountCellDto): Figure {
  return figure(cell.value, cell.suppressed);
}

/** The summary figures of a question, in the order the exports show them. */
export const METRICS = [
  'n',
  'mean',
  'standardDeviation',
  'ciLow',
  'ciHigh',
  'topTwoBox',
  'nps',
  'promoters',
  'passives',
  'detractors',
  'q1',
  'median',
  'q3',
  'firstChoiceShare',
] as const;
export type Metric = (typeof METRICS)[number];

/** Shares (0–1) among the metrics; the rest are counts, scores or scale points. */
export const SHARE_METRICS: ReadonlySet<Metric> = new Set([
  'topTwoBox',
  'promoters',
  'passives',
  'detractors',
  'firstChoiceShare',
]);

/** Which summary figures a question has: ratings have a mean; NPS ratings an NPS, others a top-2-box. */
export function itemMetrics(item: Pick<ItemStatisticsDto, 'type' | 'ratingKind'>): Metric[] {
  const mean: Metric[] = ['n', 'mean', 'standardDeviation', 'ciLow', 'ciHigh'];
  if (item.type === 'slider') return [...mean, 'q1', 'median', 'q3'];
  if (item.type === 'ranking') return [...mean, 'firstChoiceShare'];
  if (item.type !== 'rating') return ['n'];
  return item.ratingKind === 'nps' ? [...mean, 'nps', 'promoters', 'passives', 'detractors'] : [...mean, 'topTwoBox'];
}

/** The one figure that sums up a question in a breakdown table or crosstab. */
export function headlineMetric(item: Pick<ItemStatisticsDto, 'type' | 'ratingKind'>): 'nps' | 'mean' | 'n' {
  if (item.type !== 'rating') return 'n';
  return item.ratingKind === 'nps' ? 'nps' : 'mean';
}

function metricValue(metrics: QuestionMetricsDto, metric: Metric): number | null | undefined {
  switch (metric) {
    case 'n':
      return metrics.n;
    case 'mean':
      return metrics.mean?.value;
    case 'standardDeviation':
      return metrics.mean?.standardDeviation;
    case 'ciLow':
      return metrics.mean?.ciLow;
    case 'ciHigh':
      return metrics.mean?.ciHigh;
    case 'topTwoBox':
      return metrics.topTwoBox;
    case 'nps':
      return metrics.nps?.score;
    case 'promoters':
      return metrics.nps?.promoters;
    case 'passives':
      return metrics.nps?.passives;
    case 'detractors':
      return metrics.nps?.detractors;
    case 'q1':
      return metrics.quartiles?.q1;
    case 'median':
      return metrics.quartiles?.median;
    case 'q3':
      return metrics.quartiles?.q3;
    case 'firstChoiceShare':
      return metrics.firstChoiceShare;
  }
}

/** One summary figure of a question over a group; suppressed when the group is. */
export function metricFigure(metrics: QuestionMetricsDto | undefined, metric: Metric): Figure {
  if (!metrics) return NONE;
  return figure(metricValue(metrics, metric), metrics.suppressed);
}

export function itemByName(report: ReportDto): Map<string, ItemStatisticsDto> {
  return new Map(report.content.items.map((item) => [item.name, item]));
}

/** Where suppression occurs in the report, to explain only what is there. */
export function suppressionReasonsUsed(report: ReportDto): Set<SuppressionReasonDto> {
  const reasons = new Set<SuppressionReasonDto>();
  const note = (reason: SuppressionReasonDto | null | undefined) => {
    if (reason) reasons.add(reason);
  };
  const { content } = report;
  note(content.population.responses.suppressed);
  for (const item of content.items) {
    note(item.overall.suppressed);
    for (const entry of item.distribution) note(entry.suppressed);
  }
  for (const measure of content.measures ?? []) note(measure.suppressed);
  for (const breakdown of content.breakdowns) {
    for (const group of breakdown.groups) {
      note(group.respondents.suppressed);
      for (const metrics of Object.values(group.items)) note(metrics.suppressed);
    }
  }
  for (const crosstab of content.crosstabs) {
    for (const row of crosstab.cells) for (const cell of row) note(cell.suppressed);
    for (const cell of [...crosstab.rowTotals, ...crosstab.columnTotals, crosstab.total]) note(cell.suppressed);
    for (const item of crosstab.items) for (const row of item.cells) for (const cell of row) note(cell.suppressed);
  }
  return reasons;
}
