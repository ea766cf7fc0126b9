import { stringify } from 'csv-stringify/sync';
import { SPREADSHEET_SAFE_CSV } from '../../common/spreadsheet-text';
import type { BreakdownDto, CrosstabDto, ItemStatisticsDto, MeasureStatisticsDto, ReportDto } from '../statistics.dto';
import { countFigure, figure, itemByName, itemMetrics, metricFigure, type Figure, type Metric } from './figures';

/**
 * The report as CSV for analysis tools: a few `key,value` lines describing the report, a blank
 * line, then one tidy table with a line per figure group (a question overall, an answer, a
 * breakdown group, a crosstab cell). Column names and codes are stable English identifiers
 * whatever the report's language; titles and labels are in the report's language.
 *
 * A withheld figure is written as the word `suppressed` (never 0 or empty), and the line's
 * `suppressed` column says why: `primary` (fewer than k respondents) or `complementary`.
 * Every text cell that a spreadsheet could take for a formula (= + - @ tab CR) is prefixed with
 * a quote by the exports' shared `spreadsheetText` (common/spreadsheet-text.ts).
 */

export const SUPPRESSED_MARK = 'suppressed';
/** Stands for "all values" of a dimension in crosstab margins. */
export const ALL_VALUES = '*';

export const CSV_COLUMNS = [
  'section',
  'item',
  'question',
  'item_type',
  'dimension',
  'group',
  'group_label',
  'dimension2',
  'group2',
  'group2_label',
  'answer',
  'answer_label',
  'n',
  'count',
  'share',
  'mean',
  'sd',
  'ci_low',
  'ci_high',
  'top_two_box',
  'nps',
  'promoters',
  'passives',
  'detractors',
  'q1',
  'median',
  'q3',
  'first_choice_share',
  'from_month',
  'to_month',
  'suppressed',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number>>;

const METRIC_COLUMNS: Record<Metric, Column> = {
  n: 'n',
  mean: 'mean',
  standardDeviation: 'sd',
  ciLow: 'ci_low',
  ciHigh: 'ci_high',
  topTwoBox: 'top_two_box',
  nps: 'nps',
  promoters: 'promoters',
  passives: 'passives',
  detractors: 'detractors',
  q1: 'q1',
  median: 'median',
  q3: 'q3',
  firstChoiceShare: 'first_choice_share',
};

/** Six decimals: enough for any use, and no floating-point noise like 0.30000000000000004. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Writes a figure into `row[column]`; a withheld one as the mark, with its reason in `suppressed`. */
function put(row: Row, column: Column, value: Figure): void {
  if (value.kind === 'value') row[column] = round(value.value);
  else if (value.kind === 'suppressed') {
    row[column] = SUPPRESSED_MARK;
    row.suppressed = value.reason;
  }
}

function answerCode(value: string | number | boolean): string | number {
  return typeof value === 'boolean' ? String(value) : value;
}

export function reportToCsv(report: ReportDto): string {
  const { content } = report;
  const items = itemByName(report);
  const rows: Row[] = [
    ...questionRows(content.items),
    ...measureRows(content.measures ?? []),
    ...content.breakdowns.flatMap((breakdown) => breakdownRows(breakdown, content.items)),
    ...content.crosstabs.flatMap((crosstab) => crosstabRows(crosstab, items)),
  ];
  // A lone CR or LF is quoted too, so no reader takes it for the end of a line.
  const options = { ...SPREADSHEET_SAFE_CSV, bom: true, record_delimiter: 'windows' as const, quoted_match: /[\r\n]/ };
  const table = stringify(
    rows.map((row) => CSV_COLUMNS.map((column) => row[column] ?? '')),
    { ...options, bom: false, header: true, columns: [...CSV_COLUMNS] },
  );
  return stringify(headerLines(report), options) + '\r\n' + table;
}

/** The lines above the table: what the report is, its population and filters. */
function headerLines(report: ReportDto): Array<[string, string | number]> {
  const { content } = report;
  return [
    ['report', report.title],
    ['survey', content.surveyTitle],
    ['status', report.status],
    ['language', report.language],
    ['period_first', content.population.firstSubmittedAt ?? ''],
    ['period_last', content.population.lastSubmittedAt ?? ''],
    [
      'responses',
      content.population.responses.value ?? (content.population.responses.suppressed ? SUPPRESSED_MARK : ''),
    ],
    ['invited', content.population.invited ?? ''],
    ['response_rate', content.population.responseRate === null ? '' : round(content.population.responseRate)],
    ['k', content.k],
    ['filter_campaign', content.filters.campaignId ?? ''],
    ['filter_from', content.filters.from ?? ''],
    ['filter_to', content.filters.to ?? ''],
    ['computed_at', content.computedAt],
    ['published_at', report.publishedAt ?? ''],
  ];
}

/** The columns naming a question. */
function itemColumns(item: ItemStatisticsDto): Row {
  return { item: item.name, question: item.title, item_type: item.ratingKind ?? item.type };
}

/** Each question's overall figures, then every answer's count and share. */
function questionRows(items: ItemStatisticsDto[]): Row[] {
  const rows: Row[] = [];
  for (const item of items) {
    const overall: Row = { section: 'overall', ...itemColumns(item) };
    for (const metric of itemMetrics(item)) put(overall, METRIC_COLUMNS[metric], metricFigure(item.overall, metric));
    rows.push(overall);
    for (const entry of item.distribution) {
      const row: Row = {
        section: 'answer',
        ...itemColumns(item),
        answer: answerCode(entry.value),
        answer_label: entry.label,
      };
      put(row, 'count', figure(entry.count, entry.suppressed));
      put(row, 'share', figure(entry.share, entry.suppressed));
      rows.push(row);
    }
  }
  return rows;
}

/**
 * A line per number, date or expression question (section `measure`, `item_type` number, date or
 * expression): n, and the mean and quartiles of numbers, or the months (YYYY-MM) that bound dates.
 */
function measureRows(measures: MeasureStatisticsDto[]): Row[] {
  return measures.map((measure) => {
    const row: Row = {
      section: 'measure',
      item: measure.name,
      question: measure.title,
      item_type: measure.type === 'expression' ? 'expression' : measure.kind,
    };
    put(row, 'n', figure(measure.n, measure.suppressed));
    if (measure.kind === 'number') {
      put(row, 'mean', figure(measure.mean, measure.suppressed));
      put(row, 'q1', figure(measure.q1, measure.suppressed));
      put(row, 'median', figure(measure.median, measure.suppressed));
      put(row, 'q3', figure(measure.q3, measure.suppressed));
    } else if (measure.suppressed) {
      row.from_month = SUPPRESSED_MARK;
      row.to_month = SUPPRESSED_MARK;
    } else {
      row.from_month = measure.from ?? '';
      row.to_month = measure.to ?? '';
    }
    return row;
  });
}

/** Per group of a breakdown: its respondents, then every question's figures. */
function breakdownRows(breakdown: BreakdownDto, items: ItemStatisticsDto[]): Row[] {
  const rows: Row[] = [];
  for (const group of breakdown.groups) {
    const where: Row = { dimension: breakdown.dimension, group: group.value, group_label: group.label };
    const respondents: Row = { section: 'breakdown', ...where };
    put(respondents, 'n', countFigure(group.respondents));
    rows.push(respondents);
    for (const item of items) {
      const metrics = group.items[item.name];
      if (!metrics) continue;
      const row: Row = { section: 'breakdown', ...itemColumns(item), ...where };
      for (const metric of itemMetrics(item)) put(row, METRIC_COLUMNS[metric], metricFigure(metrics, metric));
      rows.push(row);
    }
  }
  return rows;
}

/** A crosstab's respondents per cell with the margins, then every question's figures per cell. */
function crosstabRows(crosstab: CrosstabDto, items: Map<string, ItemStatisticsDto>): Row[] {
  const rows: Row[] = [];
  const where = (rowIndex: number | null, columnIndex: number | null): Row => {
    const rowValue = rowIndex === null ? null : crosstab.rowValues[rowIndex];
    const columnValue = columnIndex === null ? null : crosstab.columnValues[columnIndex];
    return {
      dimension: crosstab.rows,
      group: rowValue?.value ?? ALL_VALUES,
      group_label: rowValue?.label ?? '',
      dimension2: crosstab.columns,
      group2: columnValue?.value ?? ALL_VALUES,
      group2_label: columnValue?.label ?? '',
    };
  };
  const respondents = (rowIndex: number | null, columnIndex: number | null, cell: Figure) => {
    const row: Row = { section: 'crosstab', ...where(rowIndex, columnIndex) };
    put(row, 'n', cell);
    rows.push(row);
  };
  crosstab.rowValues.forEach((_, r) => {
    crosstab.columnValues.forEach((_, c) =>
      respondents(r, c, countFigure(crosstab.cells[r]?.[c] ?? { value: null, suppressed: null })),
    );
    respondents(r, null, countFigure(crosstab.rowTotals[r]));
  });
  crosstab.columnValues.forEach((_, c) => respondents(null, c, countFigure(crosstab.columnTotals[c])));
  respondents(null, null, countFigure(crosstab.total));

  for (const crosstabItem of crosstab.items) {
    const item = items.get(crosstabItem.name);
    if (!item) continue;
    crosstabItem.cells.forEach((cells, r) =>
      cells.forEach((metrics, c) => {
        const row: Row = { section: 'crosstab', ...itemColumns(item), ...where(r, c) };
        for (const metric of itemMetrics(item)) put(row, METRIC_COLUMNS[metric], metricFigure(metrics, metric));
        rows.push(row);
      }),
    );
  }
  return rows;
}
