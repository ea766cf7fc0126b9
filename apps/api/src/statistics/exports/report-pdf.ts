import pdfmake from 'pdfmake';
import type { CanvasElement, Content, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Language } from '@survey/questionnaire';
import type {
  BreakdownDto,
  CrosstabDto,
  ItemStatisticsDto,
  QuestionMetricsDto,
  ReportDto,
  SuppressionReasonDto,
} from '../statistics.dto';
import {
  countFigure,
  figure,
  headlineMetric,
  itemByName,
  metricFigure,
  SHARE_METRICS,
  type Figure,
  type Metric,
} from './figures';
import { methodFacts } from './method';
import { fontFiles, FONT_FAMILIES, normalise, richText } from './pdf-text';
import {
  dimensionHeading,
  dimensionName,
  formatters,
  numberLocale,
  text,
  type Formatters,
  type TextKey,
} from './texts';

/**
 * The report as a PDF for management, drawn on the server with pdfmake (PDFKit underneath): the
 * title, the method note (period, n, k, filters, what suppression means), the overall figures,
 * a bar chart per question and an NPS bar, the breakdown tables and the crosstabs. A withheld
 * figure reads "suppressed" (¹ primary, ² complementary) in the report's language, on grey.
 * Charts are vector shapes; the only files read are the bundled fonts, and nothing is fetched.
 */

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BASE_SIZE = 9;

const COLOURS = {
  heading: '#1F4E79',
  muted: '#595959',
  bar: '#2E75B6',
  track: '#E8EEF5',
  suppressedFill: '#EDEDED',
  suppressedLine: '#8C8C8C',
  headerFill: '#DCE6F2',
  detractors: '#C0504D',
  passives: '#D9A520',
  promoters: '#4E9A43',
  draft: '#C00000',
};

/** The NPS chart's colours (a test finds the chart on the page by them). */
export const NPS_COLOURS = { promoters: COLOURS.promoters, passives: COLOURS.passives, detractors: COLOURS.detractors };

const MARKS: Record<SuppressionReasonDto, string> = { primary: '¹', complementary: '²', composition: '³' };

/** How many item columns a breakdown table holds, and value columns a crosstab table holds. */
const ITEMS_PER_TABLE = 4;
const VALUES_PER_TABLE = 6;
/** Crosstab columns are no wider than this, however few they are. */
const MAX_VALUE_WIDTH = 80;
/** pdfmake's default cell padding, left plus right: table widths exclude it. */
const CELL_PADDING = 8;

/** The width left to each of `count` equal columns once `fixed` columns and all paddings are taken. */
function shareOfWidth(fixed: number[], count: number): number {
  const used = fixed.reduce((sum, width) => sum + width, 0) + CELL_PADDING * (fixed.length + count);
  return (CONTENT_WIDTH - used) / count;
}

let configured = false;

/** Fonts from node_modules only; no URL and no other local file may be read. */
function configurePdfmake(): void {
  if (configured) return;
  const files = fontFiles();
  pdfmake.setFonts(files);
  const allowed = new Set(Object.values(files).flatMap((family) => Object.values(family)));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  configured = true;
}

function chunks<T>(values: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += size) result.push(values.slice(index, index + size));
  return result.length === 0 ? [[]] : result;
}

class PdfReport {
  private readonly language: Language;
  private readonly rtl: boolean;
  private readonly format: Formatters;
  private readonly items: Map<string, ItemStatisticsDto>;

  constructor(private readonly report: ReportDto) {
    this.language = report.language;
    this.rtl = report.language === 'ar';
    // Formatted numbers are drawn as they are, so they lose the marks no bundled font can draw.
    const format = formatters(report.language);
    this.format = {
      integer: (value) => normalise(format.integer(value)),
      decimal: (value, digits) => normalise(format.decimal(value, digits)),
      percent: (value) => normalise(format.percent(value)),
      signed: (value) => normalise(format.signed(value)),
      date: (iso) => normalise(format.date(iso)),
    };
    this.items = itemByName(report);
  }

  private t(key: TextKey, values?: Record<string, string | number>): string {
    return text(key, this.language, values);
  }

  /** A paragraph in any script; `width` lets a right-to-left one be broken into lines. */
  private tx(value: string, style: Omit<ContentText, 'text'> = {}, width = CONTENT_WIDTH): ContentText {
    const fontSize = typeof style.fontSize === 'number' ? style.fontSize : BASE_SIZE;
    const rich = richText(value, { fontSize, bold: style.bold === true, width, rightToLeft: this.rtl });
    const alignment = style.alignment ?? (this.rtl ? 'right' : rich.alignment);
    return { ...style, text: rich.text, ...(alignment ? { alignment } : {}) };
  }

  private heading(value: string, level: 1 | 2 | 3 = 2): ContentText {
    const sizes = { 1: 20, 2: 14, 3: 10.5 };
    const margins: Record<1 | 2 | 3, [number, number, number, number]> = {
      1: [0, 0, 0, 4],
      2: [0, 16, 0, 6],
      3: [0, 10, 0, 4],
    };
    return {
      ...this.tx(value, { fontSize: sizes[level], bold: true, color: COLOURS.heading, margin: margins[level] }),
      headlineLevel: level,
    };
  }

  private suppressedMark(reason: SuppressionReasonDto): string {
    return `${this.t('suppressed')}${MARKS[reason]}`;
  }

  private number(value: number, metric: Metric | 'count' | 'share'): string {
    if (metric === 'n' || metric === 'count') return this.format.integer(value);
    if (metric === 'share' || SHARE_METRICS.has(metric)) return this.format.percent(value);
    if (metric === 'nps') return this.format.signed(value);
    return this.format.decimal(value, 2);
  }

  /** A table cell for a figure: the number, or "suppressed" on grey. */
  private figureCell(value: Figure, metric: Metric | 'count' | 'share', style: Partial<ContentText> = {}): TableCell {
    if (value.kind === 'suppressed') {
      return {
        ...this.tx(this.suppressedMark(value.reason), { italics: true, color: COLOURS.muted, fontSize: 7.5 }, 200),
        fillColor: COLOURS.suppressedFill,
        alignment: 'right',
      };
    }
    if (value.kind === 'none') return { text: '–', color: COLOURS.muted, alignment: 'right' };
    return { ...style, text: this.number(value.value, metric), alignment: 'right' };
  }

  private headerCell(value: string, width: number): TableCell {
    return { ...this.tx(value, { bold: true, fontSize: 8 }, width - 8), fillColor: COLOURS.headerFill };
  }

  /** A table whose columns run right to left in an Arabic report. */
  private table(
    widths: Array<number | '*' | 'auto'>,
    body: TableCell[][],
    options: { headerRows?: number } = {},
  ): Content {
    const order = <T>(row: T[]): T[] => (this.rtl ? [...row].reverse() : row);
    return {
      table: {
        headerRows: options.headerRows ?? 1,
        keepWithHeaderRows: 1,
        widths: order(widths),
        body: body.map(order),
        dontBreakRows: true,
      },
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0,
        hLineColor: () => '#BFBFBF',
        paddingTop: () => 2.5,
        paddingBottom: () => 2.5,
      },
      margin: [0, 0, 0, 6],
    };
  }

  build(): TDocumentDefinitions {
    const { report } = this;
    return {
      pageSize: 'A4',
      pageMargins: [MARGIN, 44, MARGIN, 44],
      language: report.language,
      displayTitle: true,
      info: {
        title: report.title,
        subject: report.content.surveyTitle,
        creator: '',
        producer: '',
        creationDate: new Date(report.content.computedAt),
        modDate: new Date(report.publishedAt ?? report.content.computedAt),
      },
      defaultStyle: { font: FONT_FAMILIES.latin, fontSize: BASE_SIZE, lineHeight: 1.15 },
      // A heading near the foot of a page moves to the next one, with what it introduces.
      pageBreakBefore: (node) =>
        typeof node.headlineLevel === 'number' && node.headlineLevel > 1 && node.startPosition.top > PAGE_HEIGHT - 190,
      footer: (page: number, pages: number) =>
        this.tx(this.t('page', { page, pages }), { fontSize: 7.5, color: COLOURS.muted, alignment: 'center' }),
      content: [
        ...this.titleBlock(),
        ...this.headline(),
        ...this.methodNote(),
        ...this.overall(),
        ...this.measures(),
        ...this.questions(),
        ...this.report.content.breakdowns.flatMap((breakdown) => this.breakdown(breakdown)),
        ...this.report.content.crosstabs.flatMap((crosstab) => this.crosstab(crosstab)),
      ],
    };
  }

  private titleBlock(): Content[] {
    const { report } = this;
    const blocks: Content[] = [
      this.heading(report.title, 1),
      this.tx(report.content.surveyTitle, { fontSize: 12, color: COLOURS.muted, margin: [0, 0, 0, 4] }),
    ];
    if (report.status !== 'published') {
      blocks.push(this.tx(this.t('draft'), { bold: true, color: COLOURS.draft, fontSize: 11, margin: [0, 2, 0, 4] }));
    }
    return blocks;
  }

  /** One headline figure: its label above it, the number large. */
  private headlineBox(label: string, value: string, colour: string = COLOURS.heading): Content {
    return {
      stack: [
        this.tx(label, { fontSize: 8, color: COLOURS.muted, alignment: 'center' }, 110),
        this.tx(value, { fontSize: 18, bold: true, color: colour, alignment: 'center', margin: [0, 2, 0, 0] }, 110),
      ],
    };
  }

  /**
   * The first page's headline: responses, response rate, NPS and CSAT as large figures, then the
   * NPS as a stacked bar of detractors, passives and promoters. A withheld figure reads
   * "suppressed"; without an NPS question there is no NPS figure nor chart.
   */
  private headline(): Content[] {
    const { population, items } = this.report.content;
    const npsItem = items.find((item) => item.ratingKind === 'nps');
    const csatItem = items.find((item) => item.ratingKind === 'satisfaction');
    const hidden = (metrics: QuestionMetricsDto) =>
      this.suppressedMark(metrics.suppressed ?? metrics.withheld ?? 'primary');
    const boxes: Content[] = [
      this.headlineBox(
        this.t('responses'),
        population.responses.value === null
          ? this.suppressedMark(population.responses.suppressed ?? 'primary')
          : this.format.integer(population.responses.value),
      ),
      this.headlineBox(
        this.t('responseRate'),
        population.responseRate === null ? '–' : this.format.percent(population.responseRate),
      ),
    ];
    if (npsItem) {
      const nps = npsItem.overall.nps;
      boxes.push(
        this.headlineBox(
          this.t('nps'),
          nps ? this.format.signed(nps.score) : hidden(npsItem.overall),
          nps && nps.score < 0 ? COLOURS.detractors : COLOURS.promoters,
        ),
      );
    }
    if (csatItem) {
      const share = csatItem.overall.topTwoBox;
      boxes.push(
        this.headlineBox(
          this.t('csat'),
          typeof share === 'number' ? this.format.percent(share) : hidden(csatItem.overall),
        ),
      );
    }
    const ordered = this.rtl ? [...boxes].reverse() : boxes;
    const blocks: Content[] = [
      this.heading(this.t('headline')),
      {
        table: { widths: ordered.map(() => '*'), body: [ordered] },
        layout: {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
          hLineColor: () => COLOURS.track,
          vLineColor: () => COLOURS.track,
          paddingTop: () => 6,
          paddingBottom: () => 6,
        },
        margin: [0, 0, 0, 8],
      },
    ];
    if (npsItem) {
      blocks.push(
        this.tx(this.t('npsOf', { question: npsItem.title }), { bold: true, fontSize: 9.5, margin: [0, 2, 0, 3] }),
      );
      const chart = this.npsChart(npsItem.overall);
      blocks.push(
        ...(chart.length > 0
          ? chart
          : [
              this.tx(this.t('npsWithheld', { suppressed: hidden(npsItem.overall) }), {
                color: COLOURS.muted,
                margin: [0, 0, 0, 6],
              }),
            ]),
      );
    }
    return blocks;
  }

  private methodNote(): Content[] {
    const { k } = this.report.content;
    const factsWidth = 150;
    const facts = methodFacts(this.report).map((fact): TableCell[] => [
      this.tx(fact.label, { bold: true }, factsWidth),
      this.tx(fact.value, {}, CONTENT_WIDTH - factsWidth - 10),
    ]);
    const note: Content[] = [
      this.heading(this.t('method')),
      {
        table: {
          widths: this.rtl ? ['*', factsWidth] : [factsWidth, '*'],
          body: facts.map((row) => (this.rtl ? [...row].reverse() : row)),
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 6],
      },
      this.tx(this.t('suppressionTitle'), { bold: true, margin: [0, 4, 0, 2] }),
      this.tx(this.t('suppressionIntro', { suppressed: this.t('suppressed') }), { margin: [0, 0, 0, 3] }),
      this.tx(`${this.t('suppressed')}¹: ${this.t('primaryExplained', { k })}`, { margin: [0, 0, 0, 3] }),
      this.tx(`${this.t('suppressed')}²: ${this.t('complementaryExplained')}`, { margin: [0, 0, 0, 3] }),
      this.tx(`${this.t('suppressed')}³: ${this.t('compositionExplained', { k })}`, { margin: [0, 0, 0, 3] }),
      this.tx(this.t('metricsExplained'), { color: COLOURS.muted, fontSize: 8, margin: [0, 2, 0, 0] }),
    ];
    return note;
  }

  private meanText(metrics: QuestionMetricsDto): TableCell {
    if (metrics.suppressed) return this.figureCell({ kind: 'suppressed', reason: metrics.suppressed }, 'mean');
    if (!metrics.mean) return this.figureCell({ kind: 'none' }, 'mean');
    const { value, ciLow, ciHigh } = metrics.mean;
    return {
      text: `${this.format.decimal(value)} (${this.format.decimal(ciLow)}–${this.format.decimal(ciHigh)})`,
      alignment: 'right',
    };
  }

  /** A slider's quartiles, or a ranking choice's first-choice share, as one line; withheld ones say so. */
  private extraFigures(item: ItemStatisticsDto): string | null {
    const metrics: Metric[] =
      item.type === 'slider' ? ['q1', 'median', 'q3'] : item.type === 'ranking' ? ['firstChoiceShare'] : [];
    if (metrics.length === 0) return null;
    return metrics
      .map((metric) => {
        const value = metricFigure(item.overall, metric);
        const text =
          value.kind === 'value'
            ? SHARE_METRICS.has(metric)
              ? this.format.percent(value.value)
              : this.format.decimal(value.value)
            : value.kind === 'suppressed'
              ? this.t('suppressed')
              : '–';
        return `${this.t(metric)}: ${text}`;
      })
      .join(' · ');
  }

  private overall(): Content[] {
    const widths: Array<number | '*'> = ['*', 40, 100, 55, 45];
    const header = [
      this.t('question'),
      this.t('n'),
      `${this.t('mean')} (${this.t('ci')})`,
      this.t('topTwoBox'),
      this.t('nps'),
    ].map((label, index) =>
      this.headerCell(label, index === 0 ? shareOfWidth([40, 100, 55, 45], 1) : (widths[index] as number)),
    );
    const rows = this.report.content.items.map((item): TableCell[] => {
      const rating = item.type === 'rating';
      // A slider's mean, and a ranking choice's mean rank, read like a rating's mean.
      const hasMean = rating || item.type === 'slider' || item.type === 'ranking';
      return [
        this.tx(item.title, {}, shareOfWidth([40, 100, 55, 45], 1)),
        this.figureCell(metricFigure(item.overall, 'n'), 'n'),
        hasMean ? this.meanText(item.overall) : this.figureCell({ kind: 'none' }, 'mean'),
        rating && item.ratingKind !== 'nps'
          ? this.figureCell(metricFigure(item.overall, 'topTwoBox'), 'topTwoBox')
          : this.figureCell({ kind: 'none' }, 'topTwoBox'),
        item.ratingKind === 'nps'
          ? this.figureCell(metricFigure(item.overall, 'nps'), 'nps', { bold: true })
          : this.figureCell({ kind: 'none' }, 'nps'),
      ];
    });
    return [this.heading(this.t('overallResults')), this.table(widths, [header, ...rows])];
  }

  /** A month `YYYY-MM` in the report's language ("March 2024"). */
  private month(value: string): string {
    const format = new Intl.DateTimeFormat(numberLocale(this.language), {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });
    return normalise(format.format(new Date(`${value}-01T00:00:00Z`)));
  }

  /**
   * Number, date and expression questions: n, the mean and quartiles of numbers, the month range
   * of dates; never a minimum or maximum.
   */
  private measures(): Content[] {
    const measures = this.report.content.measures ?? [];
    if (measures.length === 0) return [];
    const fixed = [45, 45, 48, 45, 48, 110];
    const widths: Array<number | '*'> = ['*', ...fixed];
    const titleWidth = shareOfWidth(fixed, 1);
    const header = [
      this.t('question'),
      this.t('n'),
      this.t('mean'),
      this.t('q1'),
      this.t('median'),
      this.t('q3'),
      `${this.t('monthFrom')} – ${this.t('monthTo')}`,
    ].map((label, index) => this.headerCell(label, index === 0 ? titleWidth : fixed[index - 1]));
    const rows = measures.map((measure): TableCell[] => {
      const none: Figure = { kind: 'none' };
      const value = (figureValue: number | null): Figure =>
        measure.kind === 'number' ? figure(figureValue, measure.suppressed) : none;
      const range: TableCell =
        measure.kind !== 'date'
          ? this.figureCell(none, 'mean')
          : measure.suppressed
            ? this.figureCell({ kind: 'suppressed', reason: measure.suppressed }, 'mean')
            : measure.from && measure.to
              ? this.tx(`${this.month(measure.from)} – ${this.month(measure.to)}`, { alignment: 'right' }, 102)
              : this.figureCell(none, 'mean');
      return [
        this.tx(measure.title, {}, titleWidth),
        this.figureCell(figure(measure.n, measure.suppressed), 'n'),
        this.figureCell(value(measure.mean), 'mean'),
        this.figureCell(value(measure.q1), 'mean'),
        this.figureCell(value(measure.median), 'mean'),
        this.figureCell(value(measure.q3), 'mean'),
        range,
      ];
    });
    return [
      this.heading(this.t('measures')),
      this.tx(this.t('measuresExplained', { k: this.report.content.k }), {
        color: COLOURS.muted,
        fontSize: 8,
        margin: [0, 0, 0, 4],
      }),
      this.table(widths, [header, ...rows]),
    ];
  }

  private questions(): Content[] {
    const blocks: Content[] = [];
    for (const item of this.report.content.items) {
      const n = item.overall.suppressed
        ? this.suppressedMark(item.overall.suppressed)
        : item.overall.n === null
          ? '–'
          : this.format.integer(item.overall.n);
      const stack: Content[] = [
        this.tx(item.title, { bold: true, fontSize: 10, color: COLOURS.heading, margin: [0, 8, 0, 1] }),
        this.tx(`${this.t('n')} = ${n}`, { color: COLOURS.muted, fontSize: 8, margin: [0, 0, 0, 3] }),
      ];
      if (item.type === 'checkbox') stack.push(this.tx(this.t('multipleNote'), { color: COLOURS.muted, fontSize: 8 }));
      if (item.ratingKind === 'nps') stack.push(...this.npsChart(item.overall));
      const extra = this.extraFigures(item);
      if (extra) stack.push(this.tx(extra, { fontSize: 8.5, margin: [0, 0, 0, 3] }));
      if (item.distribution.length > 0) stack.push(this.barChart(item));
      // A question never splits across pages. The section heading stays outside the unbreakable
      // block: a heading moved to the next page from inside one left a blank page and lost the
      // block (pdfmake); on its own it moves with the 190 pt rule of pageBreakBefore instead.
      if (blocks.length === 0) blocks.push(this.heading(this.t('distributions')));
      blocks.push({ stack, unbreakable: true });
    }
    return blocks;
  }

  /** One horizontal bar per answer, its length the share of respondents who gave it. */
  private barChart(item: ItemStatisticsDto): Content {
    const labelWidth = 150;
    const barWidth = 230;
    const height = 9;
    const rows = item.distribution.map((entry): TableCell[] => {
      const label = this.tx(entry.label, { fontSize: 8.5 }, labelWidth - 8);
      let bar: CanvasElement[];
      let value: TableCell;
      if (entry.suppressed) {
        bar = [
          {
            type: 'rect',
            x: 0,
            y: 1.5,
            w: barWidth,
            h: height,
            color: COLOURS.suppressedFill,
            lineColor: COLOURS.suppressedLine,
            lineWidth: 0.5,
            dash: { length: 2, space: 2 },
          },
        ];
        value = this.tx(
          this.suppressedMark(entry.suppressed),
          { italics: true, color: COLOURS.muted, fontSize: 8 },
          120,
        );
      } else {
        const share = Math.max(0, Math.min(1, entry.share ?? 0));
        const width = share * barWidth;
        bar = [{ type: 'rect', x: 0, y: 1.5, w: barWidth, h: height, color: COLOURS.track }];
        if (width > 0)
          bar.push({
            type: 'rect',
            x: this.rtl ? barWidth - width : 0,
            y: 1.5,
            w: width,
            h: height,
            color: COLOURS.bar,
          });
        const count = entry.count === null ? '–' : this.format.integer(entry.count);
        const percent = entry.share === null ? '' : ` (${this.format.percent(entry.share)})`;
        value = { text: `${count}${percent}`, fontSize: 8.5 };
      }
      return [label, { canvas: bar }, value];
    });
    const order = <T>(row: T[]): T[] => (this.rtl ? [...row].reverse() : row);
    return {
      table: { widths: order([labelWidth, barWidth, '*']), body: rows.map(order) },
      layout: 'noBorders',
      margin: [0, 2, 0, 4],
    };
  }

  /** Detractors, passives and promoters as one stacked bar, with the score beside it. */
  private npsChart(metrics: QuestionMetricsDto): Content[] {
    if (metrics.suppressed) return [];
    const nps = metrics.nps;
    if (!nps) return [];
    const width = 300;
    const height = 16;
    const parts: Array<{ share: number; colour: string; label: TextKey }> = [
      { share: nps.detractors, colour: COLOURS.detractors, label: 'detractors' },
      { share: nps.passives, colour: COLOURS.passives, label: 'passives' },
      { share: nps.promoters, colour: COLOURS.promoters, label: 'promoters' },
    ];
    const bar: CanvasElement[] = [];
    let x = 0;
    for (const part of parts) {
      const w = Math.max(0, part.share) * width;
      if (w > 0) bar.push({ type: 'rect', x, y: 0, w, h: height, color: part.colour });
      x += w;
    }
    // The score on its own scale, −100 to +100, with a mark at 0.
    const scaleY = height + 8;
    const centre = width / 2;
    const scoreWidth = (Math.max(-100, Math.min(100, nps.score)) / 100) * centre;
    bar.push(
      { type: 'rect', x: 0, y: scaleY, w: width, h: 5, color: COLOURS.track },
      {
        type: 'rect',
        x: scoreWidth >= 0 ? centre : centre + scoreWidth,
        y: scaleY,
        w: Math.abs(scoreWidth),
        h: 5,
        color: scoreWidth >= 0 ? COLOURS.promoters : COLOURS.detractors,
      },
      { type: 'line', x1: centre, y1: scaleY - 2, x2: centre, y2: scaleY + 7, lineWidth: 0.8, lineColor: '#404040' },
    );
    const legend: ContentText = {
      text: parts.flatMap((part) => [
        { text: '■ ', color: part.colour, font: FONT_FAMILIES.latin },
        ...richText(`${this.t(part.label)} ${this.format.percent(part.share)}`, { fontSize: 8, rightToLeft: this.rtl })
          .text,
        { text: '   ', font: FONT_FAMILIES.latin },
      ]),
      fontSize: 8,
      margin: [0, 3, 0, 0],
    };
    const scale: Content = {
      columns: [
        { text: '−100', alignment: 'left' },
        { text: '0', alignment: 'center' },
        { text: '+100', alignment: 'right' },
      ],
      fontSize: 6.5,
      color: COLOURS.muted,
      margin: [0, 1, 0, 0],
    };
    return [
      {
        columns: [
          { width, stack: [{ canvas: bar }, scale, legend] },
          {
            width: '*',
            stack: [
              { text: this.t('nps'), fontSize: 8, color: COLOURS.muted, alignment: 'center' },
              {
                text: this.format.signed(nps.score),
                fontSize: 22,
                bold: true,
                color: nps.score >= 0 ? COLOURS.promoters : COLOURS.detractors,
                alignment: 'center',
              },
            ],
          },
        ],
        margin: [0, 2, 0, 6],
      },
    ];
  }

  private breakdown(breakdown: BreakdownDto): Content[] {
    const dimension = dimensionName(breakdown.dimension, this.language);
    const blocks: Content[] = [
      // Heading and note as one block, which moves to the next page when nothing follows it.
      {
        stack: [
          this.heading(this.t('breakdownBy', { dimension })),
          this.tx(this.t('answeredNote'), { color: COLOURS.muted, fontSize: 8, margin: [0, 0, 0, 4] }),
        ],
        headlineLevel: 2,
      },
    ];
    if (breakdown.groups.length === 0) return blocks;
    for (const items of chunks(this.report.content.items, ITEMS_PER_TABLE)) {
      const itemWidth = shareOfWidth([110, 60], ITEMS_PER_TABLE);
      const widths: Array<number | '*'> = [110, 60, ...items.map(() => itemWidth)];
      const header: TableCell[] = [
        this.headerCell(dimensionHeading(breakdown.dimension, this.language), 110),
        this.headerCell(this.t('respondents'), 60),
        ...items.map((item) => {
          const metric = headlineMetric(item);
          return this.headerCell(
            `${item.title} (${this.t(metric === 'nps' ? 'nps' : metric === 'mean' ? 'mean' : 'n')})`,
            itemWidth,
          );
        }),
      ];
      const rows = breakdown.groups.map((group): TableCell[] => [
        this.tx(group.label, {}, 110),
        this.figureCell(countFigure(group.respondents), 'n'),
        ...items.map((item) => {
          const metric = headlineMetric(item);
          return this.figureCell(metricFigure(group.items[item.name], metric), metric);
        }),
      ]);
      blocks.push(this.table(widths, [header, ...rows]));
    }
    return blocks;
  }

  private crosstab(crosstab: CrosstabDto): Content[] {
    const rows = dimensionHeading(crosstab.rows, this.language);
    const columns = dimensionHeading(crosstab.columns, this.language);
    const blocks: Content[] = [
      this.heading(this.t('crosstab', { rows, columns })),
      this.heading(
        this.t('respondentsByCell', {
          rows: dimensionName(crosstab.rows, this.language),
          columns: dimensionName(crosstab.columns, this.language),
        }),
        3,
      ),
    ];
    const columnIndexes = crosstab.columnValues.map((_, index) => index);
    const groups = chunks(columnIndexes, VALUES_PER_TABLE);
    groups.forEach((indexes, part) => {
      const last = part === groups.length - 1;
      const valueWidth = Math.min(MAX_VALUE_WIDTH, shareOfWidth([120], indexes.length + (last ? 1 : 0)));
      const widths: Array<number | '*'> = [120, ...indexes.map(() => valueWidth), ...(last ? [valueWidth] : [])];
      const header: TableCell[] = [
        this.headerCell(`${rows} / ${columns}`, 120),
        ...indexes.map((c) => this.headerCell(crosstab.columnValues[c].label, valueWidth)),
        ...(last ? [this.headerCell(this.t('total'), valueWidth)] : []),
      ];
      const body = crosstab.rowValues.map((rowValue, r): TableCell[] => [
        this.tx(rowValue.label, {}, 120),
        ...indexes.map((c) => this.figureCell(figureOf(crosstab.cells[r]?.[c]), 'n')),
        ...(last ? [this.figureCell(countFigure(crosstab.rowTotals[r]), 'n', { bold: true })] : []),
      ]);
      const totals: TableCell[] = [
        this.tx(this.t('total'), { bold: true }, 120),
        ...indexes.map((c) => this.figureCell(countFigure(crosstab.columnTotals[c]), 'n', { bold: true })),
        ...(last ? [this.figureCell(countFigure(crosstab.total), 'n', { bold: true })] : []),
      ];
      blocks.push(this.table(widths, [header, ...body, totals]));
    });

    for (const crosstabItem of crosstab.items) {
      const item = this.items.get(crosstabItem.name);
      if (!item) continue;
      const metric = headlineMetric(item);
      blocks.push(
        this.heading(`${item.title} (${this.t(metric === 'nps' ? 'nps' : metric === 'mean' ? 'mean' : 'n')})`, 3),
      );
      for (const indexes of groups) {
        const valueWidth = Math.min(MAX_VALUE_WIDTH, shareOfWidth([120], indexes.length));
        const header: TableCell[] = [
          this.headerCell(`${rows} / ${columns}`, 120),
          ...indexes.map((c) => this.headerCell(crosstab.columnValues[c].label, valueWidth)),
        ];
        const body = crosstab.rowValues.map((rowValue, r): TableCell[] => [
          this.tx(rowValue.label, {}, 120),
          ...indexes.map((c) => this.figureCell(metricFigure(crosstabItem.cells[r]?.[c], metric), metric)),
        ]);
        blocks.push(this.table([120, ...indexes.map(() => valueWidth)], [header, ...body]));
      }
    }
    return blocks;
  }
}

function figureOf(cell: { value: number | null; suppressed: SuppressionReasonDto | null } | undefined): Figure {
  return cell ? figure(cell.value, cell.suppressed) : { kind: 'none' };
}

export async function reportToPdf(report: ReportDto): Promise<Buffer> {
  configurePdfmake();
  const definition = new PdfReport(report).build();
  return pdfmake.createPdf(definition).getBuffer();
}
