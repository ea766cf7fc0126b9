import { Workbook, type Cell, type Row, type Worksheet } from 'exceljs';
import type { Language } from '@survey/questionnaire';
import { spreadsheetText } from '../../common/spreadsheet-text';
import type { BreakdownDto, CrosstabDto, ItemStatisticsDto, MeasureStatisticsDto, ReportDto } from '../statistics.dto';
import {
  countFigure,
  figure,
  headlineMetric,
  itemByName,
  itemMetrics,
  METRICS,
  metricFigure,
  SHARE_METRICS,
  suppressionReasonsUsed,
  type Figure,
  type Metric,
} from './figures';
import { methodFacts } from './method';
import { dimensionHeading, dimensionName, suppressionReasonText, text, type TextKey } from './texts';

/**
 * The report as a workbook for people: a Summary sheet (what the report is, how it was made,
 * what "suppressed" means), a Questions sheet (each question's figures and answers), one sheet
 * per breakdown and one per crosstab. A withheld figure is the word "suppressed" in the report's
 * language, greyed, with a note giving the reason. Every value is written as a plain value:
 * nothing from the report ever becomes a formula, and text that starts like one is prefixed with
 * `'` as in the CSV export.
 */

const SUPPRESSED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } } as const;
const SUPPRESSED_FONT = { italic: true, color: { argb: 'FF666666' } } as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } } as const;

const METRIC_LABELS: Record<Metric, TextKey> = {
  n: 'n',
  mean: 'mean',
  standardDeviation: 'standardDeviation',
  ciLow: 'ciLow',
  ciHigh: 'ciHigh',
  topTwoBox: 'topTwoBox',
  nps: 'nps',
  promoters: 'promoters',
  passives: 'passives',
  detractors: 'detractors',
  q1: 'q1',
  median: 'median',
  q3: 'q3',
  firstChoiceShare: 'firstChoiceShare',
};

function numberFormat(metric: Metric | 'count' | 'share'): string {
  if (metric === 'n' || metric === 'count') return '0';
  if (metric === 'share' || SHARE_METRICS.has(metric)) return '0.0%';
  if (metric === 'nps') return '+0.0;-0.0;0.0';
  return '0.00';
}

class SheetWriter {
  constructor(
    private readonly report: ReportDto,
    private readonly language: Language,
  ) {}

  private get k(): number {
    return this.report.content.k;
  }

  /** Puts a figure in a cell: a number with its format, or the suppressed mark with its reason. */
  figure(cell: Cell, value: Figure, format: string): void {
    if (value.kind === 'value') {
      cell.value = value.value;
      cell.numFmt = format;
    } else if (value.kind === 'suppressed') {
      cell.value = text('suppressed', this.language);
      cell.note = suppressionReasonText(value.reason, this.k, this.language);
      cell.fill = SUPPRESSED_FILL;
      cell.font = SUPPRESSED_FONT;
      cell.alignment = { horizontal: 'right' };
    }
  }

  header(row: Row): void {
    row.font = { bold: true };
    row.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  }

  title(sheet: Worksheet, value: string): void {
    const row = sheet.addRow([value]);
    row.font = { bold: true, size: 14 };
  }
}

/** Sheet names: at most 31 characters, none of \ / ? * [ ] :, unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[\\/?*[\]:]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i += 1) name = `${base.slice(0, 27)} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}

/** What every sheet of one workbook shares: the report, its language, and the writer. */
interface Book {
  report: ReportDto;
  language: Language;
  t: (key: TextKey, values?: Record<string, string | number>) => string;
  writer: SheetWriter;
  addSheet: (name: string) => Worksheet;
}

export async function reportToXlsx(report: ReportDto): Promise<Buffer> {
  const language = report.language;
  const { content } = report;
  const workbook = new Workbook();
  workbook.creator = '';
  workbook.lastModifiedBy = '';
  workbook.title = report.title;
  workbook.created = new Date(content.computedAt);
  workbook.modified = new Date(report.publishedAt ?? content.computedAt);
  const names = new Set<string>();
  const book: Book = {
    report,
    language,
    t: (key, values) => text(key, language, values),
    writer: new SheetWriter(report, language),
    addSheet: (name) => workbook.addWorksheet(sheetName(name, names), { views: [{ rightToLeft: language === 'ar' }] }),
  };

  writeSummarySheet(book);
  writeQuestionsSheet(book);
  for (const breakdown of content.breakdowns) writeBreakdownSheet(book, breakdown);
  const items = itemByName(report);
  for (const crosstab of content.crosstabs) writeCrosstabSheet(book, crosstab, items);

  // Every text cell through the exports' one rule (common/spreadsheet-text.ts): a title, label or
  // imported role that starts like a formula is shown as text, also once the sheet is saved as CSV.
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = spreadsheetText(cell.value);
      }),
    ),
  );
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}

/** What the report is, how it was made, and what each suppression mark means. */
function writeSummarySheet({ report, language, t, writer, addSheet }: Book): void {
  const { content } = report;
  const summary = addSheet(t('summary'));
  summary.columns = [{ width: 34 }, { width: 100 }];
  writer.title(summary, report.title);
  summary.addRow([content.surveyTitle]).font = { size: 12 };
  if (report.status !== 'published') summary.addRow([t('draft')]).font = { bold: true, color: { argb: 'FFC00000' } };
  summary.addRow([]);
  for (const fact of methodFacts(report)) {
    const row = summary.addRow([fact.label, fact.value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { horizontal: language === 'ar' ? 'right' : 'left', wrapText: true };
  }
  summary.addRow([]);
  summary.addRow([t('method')]).font = { bold: true, size: 12 };
  const paragraphs: Array<[string, string]> = [
    [t('suppressionTitle'), t('suppressionIntro', { suppressed: t('suppressed') })],
    ['', t('primaryExplained', { k: content.k })],
    ['', t('complementaryExplained')],
    ['', t('compositionExplained', { k: content.k })],
    [t('mean'), t('metricsExplained')],
    ...((content.measures?.length ?? 0) > 0
      ? [[t('measures'), t('measuresExplained', { k: content.k })] as [string, string]]
      : []),
  ];
  for (const [label, paragraph] of paragraphs) {
    const row = summary.addRow([label, paragraph]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  summary.addRow([]);
  summary.addRow([t('legend')]).font = { bold: true, size: 12 };
  for (const reason of suppressionReasonsUsed(report)) {
    const row = summary.addRow(['', suppressionReasonText(reason, content.k, language)]);
    writer.figure(row.getCell(1), { kind: 'suppressed', reason }, '');
  }
}

/** Each question's overall figures, then every answer's count and share. */
function writeQuestionsSheet({ report, t, writer, addSheet }: Book): void {
  const { content } = report;
  const questions = addSheet(t('questions'));
  questions.columns = [{ width: 60 }, { width: 24 }, ...Array.from({ length: METRICS.length }, () => ({ width: 12 }))];
  writer.title(questions, t('overallResults'));
  writer.header(questions.addRow([t('question'), ...METRICS.map((metric) => t(METRIC_LABELS[metric]))]));
  for (const item of content.items) {
    const row = questions.addRow([item.title]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    const shown = new Set(itemMetrics(item));
    METRICS.forEach((metric, index) => {
      if (shown.has(metric))
        writer.figure(row.getCell(2 + index), metricFigure(item.overall, metric), numberFormat(metric));
    });
  }
  questions.addRow([]);
  writer.title(questions, t('distributions'));
  writer.header(questions.addRow([t('question'), t('answer'), t('count'), t('share')]));
  for (const item of content.items) {
    for (const entry of item.distribution) {
      const row = questions.addRow([item.title, entry.label]);
      writer.figure(row.getCell(3), figure(entry.count, entry.suppressed), numberFormat('count'));
      writer.figure(row.getCell(4), figure(entry.share, entry.suppressed), numberFormat('share'));
    }
  }
  writeMeasures(questions, content.measures ?? [], t, writer);
}

/**
 * Number, date and expression questions: n, then the mean and quartiles of numbers, or the months
 * (YYYY-MM, as text so that no spreadsheet turns them into a day) that bound the dates.
 */
function writeMeasures(sheet: Worksheet, measures: MeasureStatisticsDto[], t: Book['t'], writer: SheetWriter): void {
  if (measures.length === 0) return;
  sheet.addRow([]);
  writer.title(sheet, t('measures'));
  writer.header(
    sheet.addRow([t('question'), t('n'), t('mean'), t('q1'), t('median'), t('q3'), t('monthFrom'), t('monthTo')]),
  );
  for (const measure of measures) {
    const row = sheet.addRow([measure.title]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    writer.figure(row.getCell(2), figure(measure.n, measure.suppressed), numberFormat('n'));
    if (measure.kind === 'number') {
      const values = [measure.mean, measure.q1, measure.median, measure.q3];
      values.forEach((value, index) =>
        writer.figure(row.getCell(3 + index), figure(value, measure.suppressed), numberFormat('mean')),
      );
    } else {
      [measure.from, measure.to].forEach((month, index) => {
        const cell = row.getCell(7 + index);
        if (measure.suppressed) writer.figure(cell, figure(null, measure.suppressed), '');
        else if (month) cell.value = month;
      });
    }
  }
}

/** The headline figures a breakdown sheet shows for a question. */
function breakdownColumns(item: ItemStatisticsDto): Metric[] {
  const headline = headlineMetric(item);
  if (headline === 'n') return ['n'];
  return item.ratingKind === 'nps' ? ['n', 'mean', 'nps'] : ['n', 'mean', 'topTwoBox'];
}

/** One breakdown: a line per group, the headline figures of every question. */
function writeBreakdownSheet({ report, language, t, writer, addSheet }: Book, breakdown: BreakdownDto): void {
  const { content } = report;
  const sheet = addSheet(t('breakdownBy', { dimension: dimensionName(breakdown.dimension, language) }));
  writer.title(sheet, t('breakdownBy', { dimension: dimensionName(breakdown.dimension, language) }));
  const titles: string[] = [dimensionHeading(breakdown.dimension, language), t('respondents')];
  const labels: string[] = ['', ''];
  const columns: Array<{ item: ItemStatisticsDto; metric: Metric }> = [];
  for (const item of content.items) {
    breakdownColumns(item).forEach((metric, index) => {
      titles.push(index === 0 ? item.title : '');
      labels.push(t(METRIC_LABELS[metric]));
      columns.push({ item, metric });
    });
  }
  const titleRow = sheet.addRow(titles);
  writer.header(titleRow);
  writer.header(sheet.addRow(labels));
  let column = 3;
  for (const item of content.items) {
    const span = breakdownColumns(item).length;
    if (span > 1) sheet.mergeCells(titleRow.number, column, titleRow.number, column + span - 1);
    column += span;
  }
  titleRow.height = 45;
  sheet.getColumn(1).width = 28;
  sheet.getColumn(2).width = 13;
  for (let index = 0; index < columns.length; index += 1) sheet.getColumn(3 + index).width = 12;
  for (const group of breakdown.groups) {
    const row = sheet.addRow([group.label]);
    writer.figure(row.getCell(2), countFigure(group.respondents), numberFormat('n'));
    columns.forEach(({ item, metric }, index) =>
      writer.figure(row.getCell(3 + index), metricFigure(group.items[item.name], metric), numberFormat(metric)),
    );
  }
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 3, rightToLeft: language === 'ar' }];
}

/** One crosstab: respondents with margins, then each question's headline figure per cell. */
function writeCrosstabSheet(
  { language, t, writer, addSheet }: Book,
  crosstab: CrosstabDto,
  items: Map<string, ItemStatisticsDto>,
): void {
  const heading = t('crosstab', {
    rows: dimensionHeading(crosstab.rows, language),
    columns: dimensionHeading(crosstab.columns, language),
  });
  const sheet = addSheet(heading);
  sheet.getColumn(1).width = 28;
  for (let index = 0; index <= crosstab.columnValues.length; index += 1) sheet.getColumn(2 + index).width = 14;
  writer.title(sheet, heading);
  writeCrosstabCounts(sheet, crosstab, writer, language);
  for (const crosstabItem of crosstab.items) {
    const item = items.get(crosstabItem.name);
    if (!item) continue;
    const metric = headlineMetric(item);
    sheet.addRow([]);
    const title = sheet.addRow([`${item.title} (${t(METRIC_LABELS[metric])})`]);
    title.font = { bold: true };
    writer.header(
      sheet.addRow([
        `${dimensionHeading(crosstab.rows, language)} / ${dimensionHeading(crosstab.columns, language)}`,
        ...crosstab.columnValues.map((value) => value.label),
      ]),
    );
    crosstab.rowValues.forEach((rowValue, r) => {
      const row = sheet.addRow([rowValue.label]);
      crosstab.columnValues.forEach((_, c) =>
        writer.figure(row.getCell(2 + c), metricFigure(crosstabItem.cells[r]?.[c], metric), numberFormat(metric)),
      );
    });
  }
}

function writeCrosstabCounts(sheet: Worksheet, crosstab: CrosstabDto, writer: SheetWriter, language: Language): void {
  const rows = dimensionHeading(crosstab.rows, language);
  const columns = dimensionHeading(crosstab.columns, language);
  sheet.addRow([text('respondentsByCell', language, { rows, columns })]).font = { bold: true };
  writer.header(
    sheet.addRow([
      `${rows} / ${columns}`,
      ...crosstab.columnValues.map((value) => value.label),
      text('total', language),
    ]),
  );
  const total = crosstab.columnValues.length + 2;
  crosstab.rowValues.forEach((rowValue, r) => {
    const row = sheet.addRow([rowValue.label]);
    crosstab.columnValues.forEach((_, c) => {
      const cell = crosstab.cells[r]?.[c];
      if (cell) writer.figure(row.getCell(2 + c), countFigure(cell), numberFormat('n'));
    });
    writer.figure(row.getCell(total), countFigure(crosstab.rowTotals[r]), numberFormat('n'));
    row.getCell(total).font = { ...row.getCell(total).font, bold: true };
  });
  const totals = sheet.addRow([text('total', language)]);
  totals.font = { bold: true };
  crosstab.columnValues.forEach((_, c) =>
    writer.figure(totals.getCell(2 + c), countFigure(crosstab.columnTotals[c]), numberFormat('n')),
  );
  writer.figure(totals.getCell(total), countFigure(crosstab.total), numberFormat('n'));
}
