import type { components } from '@survey/api-client';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { Chart, type ChartOption } from '../../components/Chart';
import { Suppressed, type SuppressionReason } from '../../components/ui';
import { useFormat, type Format } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { messages } from './messages';
import './results.css';
import type { Dimension } from './filters';

export type SurveyStatistics = components['schemas']['SurveyStatisticsDto'];
export type ItemStatistics = components['schemas']['ItemStatisticsDto'];
export type QuestionMetrics = components['schemas']['QuestionMetricsDto'];
export type CountCell = components['schemas']['CountCellDto'];
export type Breakdown = components['schemas']['BreakdownDto'];
export type Crosstab = components['schemas']['CrosstabDto'];
type Messages = (typeof messages)['en'];

// Colours drawn on the canvas: text and bars meet WCAG AA contrast on white.
const TEXT = '#1b1b1f';
const ACCENT = '#0b57d0';
const GRID_LINE = '#c9ccd3';
const SUPPRESSED_FILL = '#eceef2';
const SUPPRESSED_EDGE = '#6b6f78';
const HATCH_LINE = '#b4b8c0';
const PROMOTERS = '#146c2e';
const PASSIVES = '#6b6f78';
const DETRACTORS = '#a3161a';
/** Diagonal hatching: a suppressed figure is drawn as a hatched grey mark, never as a zero-height bar. */
const HATCH = {
  symbol: 'rect',
  symbolSize: 1,
  color: HATCH_LINE,
  dashArrayX: [1, 0],
  dashArrayY: [2, 7],
  rotation: Math.PI / 4,
};

/** The grid shrinks so that axis labels stay inside the canvas. */
const KEEP_LABELS_INSIDE = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };

/** The "suppressed" label over hatching: dark text with a light halo, readable on any stripe. */
const SUPPRESSED_LABEL = { color: TEXT, textBorderColor: '#ffffff', textBorderWidth: 3 };

/** Why a figure is hidden by disclosure control, or null when it is shown. */
type Hidden = SuppressionReason | null;

/** Why a figure is hidden by disclosure control (null: it is shown). */
const hiddenBy = (cell: { suppressed: Hidden }): Hidden => cell.suppressed ?? null;

/**
 * Why a question's derived figures (mean, top-2-box, NPS) are hidden: the whole group's figures
 * are, or (in published reports) some answer count they are computed from is, while n is shown.
 */
const derivedHiddenBy = (metrics: QuestionMetrics): Hidden => metrics.suppressed ?? metrics.withheld ?? null;

/** Every reason a statistics document hides a figure for (`suppressed` and `withheld` alike). */
export function reasonsIn(statistics: SurveyStatistics): Set<SuppressionReason> {
  const found = new Set<SuppressionReason>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'suppressed' || key === 'withheld') && typeof inner === 'string') {
          found.add(inner as SuppressionReason);
        } else walk(inner);
      }
    }
  };
  walk([statistics.population, statistics.items, statistics.breakdowns, statistics.crosstabs]);
  return found;
}

/** A figure in a table cell: the number, the suppression mark, or a dash when there is no figure. */
function FigureCell({
  value,
  hidden,
  format,
}: {
  value: number | null | undefined;
  hidden: Hidden;
  format: (v: number) => string;
}) {
  const f = useFormat();
  return (
    <td className="number">
      {hidden ? <Suppressed reason={hidden} /> : value === null || value === undefined ? f.missing : format(value)}
    </td>
  );
}

/**
 * A table's scrolling box. When the table is wider than the box, the box becomes a focusable,
 * named region, so keyboard users can scroll it too.
 */
function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current!;
    const check = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="table-wrap" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}

/**
 * The note that explains suppressed figures, with the survey's k; and, where figures are withheld
 * because of reports published before, the legend of that mark.
 */
export function SuppressionNote({ k, composition = false }: { k: number; composition?: boolean }) {
  const t = useMessages(messages);
  const f = useFormat();
  return (
    <>
      <p className="notice suppression-note" data-testid="suppression-note">
        {t.suppressionNote(f.number(k))}
      </p>
      {composition && (
        <p className="notice suppression-note" data-testid="composition-note">
          <Suppressed reason="composition" /> {t.compositionNote(f.number(k))}
        </p>
      )}
    </>
  );
}

/**
 * Who the figures are about: invited, responses, response rate, and for live statistics the first
 * and last submission (a published report does not give them).
 */
export function PopulationFacts({ statistics, report = false }: { statistics: SurveyStatistics; report?: boolean }) {
  const t = useMessages(messages);
  const f = useFormat();
  const { population, filters } = statistics;
  const period =
    filters.from || filters.to
      ? [filters.from && t.periodFrom(f.dateTime(filters.from)), filters.to && t.periodTo(f.dateTime(filters.to))]
          .filter(Boolean)
          .join(', ')
      : t.wholePeriod;
  return (
    <dl className="facts population" data-testid="population">
      <dt>{t.invited}</dt>
      <dd data-testid="population-invited">
        {population.invited === null ? t.noInvitations : f.number(population.invited)}
      </dd>
      <dt>{t.responses}</dt>
      <dd data-testid="population-responses">
        {hiddenBy(population.responses) ? (
          <Suppressed reason={hiddenBy(population.responses)} />
        ) : (
          f.number(population.responses.value ?? 0)
        )}
      </dd>
      <dt>{t.responseRate}</dt>
      <dd data-testid="population-rate">
        {population.responseRate === null ? f.missing : f.percent(population.responseRate)}
      </dd>
      {!report && (
        <>
          <dt>{t.firstSubmission}</dt>
          <dd data-testid="population-first">
            {population.firstSubmittedAt ? f.dateTime(population.firstSubmittedAt) : f.missing}
          </dd>
          <dt>{t.lastSubmission}</dt>
          <dd data-testid="population-last">
            {population.lastSubmittedAt ? f.dateTime(population.lastSubmittedAt) : f.missing}
          </dd>
        </>
      )}
      <dt>{t.period}</dt>
      <dd>{period}</dd>
      <dt>{t.minimumGroup}</dt>
      <dd data-testid="population-k">{f.number(statistics.k)}</dd>
      <dt>{t.computedAt}</dt>
      <dd>{f.dateTime(statistics.computedAt)}</dd>
    </dl>
  );
}

interface Bar {
  label: string;
  value: number | null;
  hidden: Hidden;
}

interface BarOptions {
  horizontal: boolean;
  format: (value: number) => string;
  /** Tick labels of the value axis; the figures' own format when not given. */
  axisFormat?: (value: number) => string;
  /** The label of a hidden figure's mark. */
  hiddenText: (reason: SuppressionReason) => string;
  min?: number;
  max?: number;
}

/**
 * A bar chart whose suppressed categories are drawn as full-height hatched grey bars labelled
 * "suppressed" (on a hidden 0–1 axis, so their height says nothing), never as zero.
 */
function barOption(bars: Bar[], options: BarOptions): ChartOption {
  const { horizontal, format, hiddenText } = options;
  const categoryAxis = {
    type: 'category',
    data: bars.map((bar) => bar.label),
    inverse: horizontal,
    axisLabel: { color: TEXT, interval: 0, width: horizontal ? 180 : 110, overflow: 'truncate' },
    axisLine: { lineStyle: { color: TEXT } },
  };
  const valueAxes = [
    {
      type: 'value',
      min: options.min,
      max: options.max,
      axisLabel: { color: TEXT, formatter: (value: number) => (options.axisFormat ?? format)(value) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    { type: 'value', min: 0, max: 1, show: false },
  ];
  const axisKey = horizontal ? 'xAxisIndex' : 'yAxisIndex';
  return {
    grid: { left: 8, right: horizontal ? 56 : 16, top: 24, bottom: 8, ...KEEP_LABELS_INSIDE },
    xAxis: horizontal ? valueAxes : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxes,
    series: [
      {
        type: 'bar',
        [axisKey]: 0,
        barGap: '-100%',
        barMaxWidth: 40,
        itemStyle: { color: ACCENT },
        data: bars.map((bar) => (bar.hidden || bar.value === null ? '-' : bar.value)),
        label: {
          show: true,
          position: horizontal ? 'right' : 'top',
          color: TEXT,
          formatter: ({ value }: { value: number }) => format(value),
        },
      },
      {
        type: 'bar',
        [axisKey]: 1,
        barGap: '-100%',
        barMaxWidth: 40,
        silent: true,
        itemStyle: { color: SUPPRESSED_FILL, borderColor: SUPPRESSED_EDGE, borderWidth: 1, decal: HATCH },
        data: bars.map((bar) => (bar.hidden ? { value: 1, label: { formatter: hiddenText(bar.hidden) } } : '-')),
        label: {
          show: true,
          position: 'inside',
          rotate: horizontal ? 0 : 90,
          ...SUPPRESSED_LABEL,
        },
      },
    ],
  };
}

function barHeight(count: number, horizontal: boolean): number {
  return horizontal ? Math.max(140, 56 + count * 34) : 280;
}

/** The word on a hidden figure's mark in a chart: its own word for a figure withheld for composition. */
const hiddenLabel =
  (t: Messages) =>
  (reason: SuppressionReason): string =>
    reason === 'composition' ? t.withheldCell : t.suppressedCell;

/** Answers to one question as bars, with the same figures in a table. */
export function DistributionResults({ item, language }: { item: ItemStatistics; language: string }) {
  const t = useMessages(messages);
  const f = useFormat();
  const horizontal = item.type !== 'rating';
  const option = useMemo(
    () =>
      barOption(
        item.distribution.map((entry) => ({ label: entry.label, value: entry.count, hidden: hiddenBy(entry) })),
        { horizontal, format: (v) => f.number(v), hiddenText: hiddenLabel(t), min: 0 },
      ),
    [item, horizontal, f, t],
  );
  return (
    <div className="figures">
      <Chart
        option={option}
        label={t.distributionChart(item.title)}
        height={barHeight(item.distribution.length, horizontal)}
        testId={`chart-distribution-${item.name}`}
      />
      <TableWrap label={`${t.figures}: ${item.title}`}>
        <table data-testid={`distribution-${item.name}`}>
          <thead>
            <tr>
              <th scope="col">{t.answer}</th>
              <th scope="col" className="number">
                {t.count}
              </th>
              <th scope="col" className="number">
                {t.share}
              </th>
            </tr>
          </thead>
          <tbody>
            {item.distribution.map((entry) => (
              <tr key={String(entry.value)} data-value={String(entry.value)}>
                <th scope="row" lang={language} dir="auto">
                  {entry.label}
                </th>
                <FigureCell value={entry.count} hidden={hiddenBy(entry)} format={(v) => f.number(v)} />
                <FigureCell value={entry.share} hidden={hiddenBy(entry)} format={(v) => f.percent(v)} />
              </tr>
            ))}
          </tbody>
        </table>
        {item.type === 'checkbox' && <p className="hint">{t.multipleHint}</p>}
      </TableWrap>
    </div>
  );
}

/** Promoters, passives and detractors as one stacked bar, and the score, with a table. */
export function NpsResults({ item }: { item: ItemStatistics }) {
  const t = useMessages(messages);
  const f = useFormat();
  const nps = item.overall.nps;
  const hidden = derivedHiddenBy(item.overall);
  const option = useMemo((): ChartOption | undefined => {
    if (!nps || hidden) return undefined;
    const part = (name: string, share: number, color: string) => ({
      type: 'bar',
      name,
      stack: 'nps',
      barMaxWidth: 48,
      itemStyle: { color },
      data: [share * 100],
      label: {
        show: share >= 0.06,
        color: '#ffffff',
        formatter: ({ value }: { value: number }) => f.percent(value / 100, 0),
      },
    });
    return {
      legend: { bottom: 0, textStyle: { color: TEXT } },
      grid: { left: 8, right: 24, top: 8, bottom: 48, ...KEEP_LABELS_INSIDE },
      xAxis: {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { color: TEXT, formatter: (value: number) => f.percent(value / 100, 0) },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      yAxis: { type: 'category', data: [t.npsShort], show: false },
      series: [
        part(t.promoters, nps.promoters, PROMOTERS),
        part(t.passives, nps.passives, PASSIVES),
        part(t.detractors, nps.detractors, DETRACTORS),
      ],
    };
  }, [nps, hidden, f, t]);
  return (
    <div className="nps-results">
      <h4>{t.nps}</h4>
      <p className="nps-score" data-testid={`nps-score-${item.name}`}>
        {t.npsShort}{' '}
        <strong>{hidden ? <Suppressed reason={hidden} /> : nps ? f.number(nps.score, 1) : f.missing}</strong>
      </p>
      <div className="figures">
        {option ? (
          <Chart option={option} label={t.npsChart(item.title)} height={140} testId={`chart-nps-${item.name}`} />
        ) : (
          <p className="chart-placeholder">{hidden ? <Suppressed reason={hidden} /> : f.missing}</p>
        )}
        <TableWrap label={`${t.figures}: ${t.nps}`}>
          <table data-testid={`nps-${item.name}`}>
            <thead>
              <tr>
                <th scope="col">{t.npsGroup}</th>
                <th scope="col" className="number">
                  {t.share}
                </th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['promoters', t.promoters],
                  ['passives', t.passives],
                  ['detractors', t.detractors],
                ] as const
              ).map(([key, label]) => (
                <tr key={key} data-value={key}>
                  <th scope="row">{label}</th>
                  <FigureCell value={nps?.[key]} hidden={hidden} format={(v) => f.percent(v)} />
                </tr>
              ))}
              <tr data-value="score">
                <th scope="row">{t.npsShort}</th>
                <FigureCell value={nps?.score} hidden={hidden} format={(v) => f.number(v, 1)} />
              </tr>
            </tbody>
          </table>
        </TableWrap>
      </div>
    </div>
  );
}

/** n, mean with its interval, top-2-box and NPS of one question, where it has them. */
function ItemSummary({ metrics }: { metrics: QuestionMetrics }) {
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
      {metrics.nps !== undefined && (
        <>
          <dt>{t.npsShort}</dt>
          <dd data-testid="nps">{show(metrics.nps?.score, (v) => f.number(v, 1))}</dd>
        </>
      )}
    </dl>
  );
}

/** One question: its summary figures, its distribution and, for an NPS question, the NPS. */
export function ItemResults({ item, language }: { item: ItemStatistics; language: string }) {
  const id = useId();
  return (
    <section className="panel item-results" aria-labelledby={id} data-testid={`item-${item.name}`}>
      <h3 id={id} lang={language} dir="auto">
        {item.title}
      </h3>
      <ItemSummary metrics={item.overall} />
      <DistributionResults item={item} language={language} />
      {item.ratingKind === 'nps' && <NpsResults item={item} />}
    </section>
  );
}

/** The figure a breakdown or crosstab shows: respondents, or a rating's mean, NPS or top-2-box. */
export type Metric = 'respondents' | `${'mean' | 'nps' | 'topTwoBox'}:${string}`;

interface MetricChoice {
  value: Metric;
  label: string;
}

function metricChoices(items: ItemStatistics[], t: Messages, means: boolean): MetricChoice[] {
  const choices: MetricChoice[] = [{ value: 'respondents', label: t.respondents }];
  for (const item of items) {
    if (item.type !== 'rating') continue;
    if (item.ratingKind === 'nps') choices.push({ value: `nps:${item.name}`, label: t.metricNps(item.title) });
    if (means) choices.push({ value: `mean:${item.name}`, label: t.metricMean(item.title) });
    if (item.ratingKind !== 'nps') choices.push({ value: `topTwoBox:${item.name}`, label: t.metricTopTwo(item.title) });
  }
  return choices;
}

interface MetricParts {
  kind: 'respondents' | 'mean' | 'nps' | 'topTwoBox';
  item?: ItemStatistics;
}

function metricParts(metric: Metric, items: ItemStatistics[]): MetricParts {
  if (metric === 'respondents') return { kind: 'respondents' };
  const [kind, ...rest] = metric.split(':');
  const item = items.find((candidate) => candidate.name === rest.join(':'));
  return item ? { kind: kind as MetricParts['kind'], item } : { kind: 'respondents' };
}

/** The value of a metric in a group's figures. */
function metricValue(kind: MetricParts['kind'], metrics: QuestionMetrics | undefined): number | null {
  if (!metrics) return null;
  if (kind === 'mean') return metrics.mean?.value ?? null;
  if (kind === 'nps') return metrics.nps?.score ?? null;
  if (kind === 'topTwoBox') return metrics.topTwoBox ?? null;
  return metrics.n;
}

function metricFormat(kind: MetricParts['kind'], f: Format): (value: number) => string {
  if (kind === 'mean') return (v) => f.number(v, 2);
  if (kind === 'nps') return (v) => f.number(v, 1);
  if (kind === 'topTwoBox') return (v) => f.percent(v);
  return (v) => f.number(v);
}

/** Fixed axis ends, so groups compare on the scale itself: the rating's range, -100–100, 0–100 %. */
function metricRange(parts: MetricParts): { min?: number; max?: number } {
  if (parts.kind === 'nps') return { min: -100, max: 100 };
  if (parts.kind === 'topTwoBox') return { min: 0, max: 1 };
  if (parts.kind === 'mean' && parts.item) {
    const values = parts.item.distribution.map((entry) => Number(entry.value)).filter(Number.isFinite);
    return values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : {};
  }
  return { min: 0 };
}

/**
 * A select of the figure to show; the choices come from the survey's rating questions. Published
 * reports give no means by group (`means` false), so they are not offered there.
 */
export function MetricPicker({
  items,
  value,
  onChange,
  testId,
  means = true,
}: {
  items: ItemStatistics[];
  value: Metric;
  onChange: (metric: Metric) => void;
  testId?: string;
  means?: boolean;
}) {
  const t = useMessages(messages);
  const id = useId();
  const choices = useMemo(() => metricChoices(items, t, means), [items, t, means]);
  return (
    <div className="metric-picker">
      <label htmlFor={id}>{t.figure}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Metric)} data-testid={testId}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The first NPS question's score, else respondents: what a breakdown shows first. */
export function defaultMetric(items: ItemStatistics[]): Metric {
  const nps = items.find((item) => item.ratingKind === 'nps');
  return nps ? `nps:${nps.name}` : 'respondents';
}

/** A figure's column heading; the table's caption names the question. */
function metricShort(kind: MetricParts['kind'], t: Messages): string {
  return kind === 'mean' ? t.mean : kind === 'nps' ? t.npsShort : kind === 'topTwoBox' ? t.topTwoBox : t.respondents;
}

function metricLabel(parts: MetricParts, t: Messages): string {
  if (!parts.item) return t.respondents;
  if (parts.kind === 'nps') return t.metricNps(parts.item.title);
  if (parts.kind === 'mean') return t.metricMean(parts.item.title);
  return t.metricTopTwo(parts.item.title);
}

/** One breakdown (e.g. by country) of the chosen figure, as bars and a table. */
export function BreakdownResults({
  breakdown,
  items,
  metric,
  language,
}: {
  breakdown: Breakdown;
  items: ItemStatistics[];
  metric: Metric;
  language: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const parts = metricParts(metric, items);
  const format = metricFormat(parts.kind, f);
  const dimension = t.dimensions[breakdown.dimension];
  const rows = breakdown.groups.map((group) => {
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
  const option = useMemo(
    () =>
      barOption(
        rows.map((row) => ({ label: row.group.label, value: row.value, hidden: row.hidden })),
        {
          horizontal: false,
          format,
          axisFormat:
            parts.kind === 'topTwoBox' ? (v) => f.percent(v, 0) : (v) => f.number(v, Number.isInteger(v) ? 0 : 1),
          hiddenText: hiddenLabel(t),
          ...metricRange(parts),
        },
      ),
    // The rows derive from these inputs only.
    [breakdown, metric, items, f, t],
  );
  const figure = metricLabel(parts, t);
  return (
    <section className="panel breakdown-results" aria-labelledby={id} data-testid={`breakdown-${breakdown.dimension}`}>
      <h3 id={id}>{dimension}</h3>
      <div className="figures">
        <Chart
          option={option}
          label={t.breakdownChart(figure, dimension)}
          testId={`chart-breakdown-${breakdown.dimension}`}
        />
        <TableWrap label={`${t.figures}: ${dimension}`}>
          <table data-testid={`breakdown-table-${breakdown.dimension}`}>
            {parts.item && <caption>{figure}</caption>}
            <thead>
              <tr>
                <th scope="col">{dimension}</th>
                <th scope="col" className="number">
                  {t.respondents}
                </th>
                {parts.item && (
                  <>
                    <th scope="col" className="number">
                      {t.answered}
                    </th>
                    <th scope="col" className="number">
                      {metricShort(parts.kind, t)}
                    </th>
                  </>
                )}
                {parts.kind === 'mean' && (
                  <th scope="col" className="number">
                    {t.confidenceInterval}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ group, metrics, answeredHidden, hidden, value }) => (
                <tr key={group.value} data-value={group.value}>
                  <th scope="row" lang={language} dir="auto">
                    {group.label}
                  </th>
                  <FigureCell
                    value={group.respondents.value}
                    hidden={hiddenBy(group.respondents)}
                    format={(v) => f.number(v)}
                  />
                  {parts.item && (
                    <>
                      <FigureCell value={metrics?.n} hidden={answeredHidden} format={(v) => f.number(v)} />
                      <FigureCell value={value} hidden={hidden} format={format} />
                    </>
                  )}
                  {parts.kind === 'mean' && (
                    <td className="number">
                      {hidden ? (
                        <Suppressed reason={hidden} />
                      ) : metrics?.mean ? (
                        t.ciRange(f.number(metrics.mean.ciLow, 2), f.number(metrics.mean.ciHigh, 2))
                      ) : (
                        f.missing
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
    </section>
  );
}

/** Respondents (or a rating's figure) by two dimensions, as a heat map and a table with margins. */
export function CrosstabResults({
  crosstab,
  items,
  language,
}: {
  crosstab: Crosstab;
  items: ItemStatistics[];
  language: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const [metric, setMetric] = useState<Metric>('respondents');
  const parts = metricParts(metric, items);
  const format = metricFormat(parts.kind, f);
  const rowsName = t.dimensions[crosstab.rows];
  const columnsName = t.dimensions[crosstab.columns];
  const itemCells = parts.item ? crosstab.items.find((entry) => entry.name === parts.item!.name)?.cells : undefined;
  const cells = crosstab.rowValues.map((_, r) =>
    crosstab.columnValues.map((__, c) => {
      const count = crosstab.cells[r][c];
      if (!parts.item) return { value: count.value, hidden: hiddenBy(count) };
      const metrics = itemCells?.[r]?.[c];
      return {
        value: metricValue(parts.kind, metrics),
        hidden: hiddenBy(count) ?? (metrics ? derivedHiddenBy(metrics) : null),
      };
    }),
  );
  const option = useMemo((): ChartOption => {
    const shown = cells.flat().filter((cell) => !cell.hidden && cell.value !== null);
    const range = metricRange(parts);
    const values = shown.map((cell) => cell.value as number);
    const min = range.min ?? Math.min(0, ...values);
    const max = parts.kind === 'respondents' ? Math.max(1, ...values) : (range.max ?? Math.max(1, ...values));
    const middle = (min + max) / 2;
    const data: unknown[] = [];
    const hidden: unknown[] = [];
    cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell.hidden) hidden.push({ value: [c, r, 1], label: { formatter: hiddenLabel(t)(cell.hidden) } });
        else if (cell.value !== null)
          data.push({ value: [c, r, cell.value], label: { color: cell.value > middle ? '#ffffff' : TEXT } });
      }),
    );
    return {
      grid: { left: 8, right: 16, top: 8, bottom: 56, ...KEEP_LABELS_INSIDE },
      xAxis: {
        type: 'category',
        data: crosstab.columnValues.map((v) => v.label),
        axisLabel: { color: TEXT, interval: 0, width: 100, overflow: 'truncate' },
      },
      yAxis: {
        type: 'category',
        data: crosstab.rowValues.map((v) => v.label),
        inverse: true,
        axisLabel: { color: TEXT, width: 160, overflow: 'truncate' },
      },
      visualMap: {
        type: 'continuous',
        min,
        max,
        seriesIndex: 0,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        text: [format(max), format(min)],
        textStyle: { color: TEXT },
        inRange: { color: ['#dbe7fd', ACCENT] },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, formatter: ({ value }: { value: number[] }) => format(value[2]) },
          itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        },
        {
          type: 'heatmap',
          data: hidden,
          silent: true,
          itemStyle: { color: SUPPRESSED_FILL, borderColor: '#ffffff', borderWidth: 1, decal: HATCH },
          label: { show: true, ...SUPPRESSED_LABEL },
        },
      ],
    };
    // The cells derive from these inputs only.
  }, [crosstab, metric, items, f, t]);
  const figure = metricLabel(parts, t);
  const title = t.crosstabTitle(rowsName, columnsName);
  const withTotals = !parts.item;
  return (
    <section className="panel crosstab-results" aria-labelledby={id} data-testid="crosstab">
      <h3 id={id}>{title}</h3>
      {crosstab.items.length > 0 && (
        <MetricPicker items={items} value={metric} onChange={setMetric} testId="crosstab-metric" />
      )}
      <div className="crosstab-layout">
        <Chart
          option={option}
          label={t.crosstabChart(figure, rowsName, columnsName)}
          height={Math.max(200, 100 + crosstab.rowValues.length * 40)}
          testId="chart-crosstab"
        />
        <TableWrap label={`${t.figures}: ${title}`}>
          <table data-testid="crosstab-table">
            <thead>
              <tr>
                <th scope="col">
                  {rowsName} \ {columnsName}
                </th>
                {crosstab.columnValues.map((column) => (
                  <th key={column.value} scope="col" className="number" lang={language} dir="auto">
                    {column.label}
                  </th>
                ))}
                {withTotals && (
                  <th scope="col" className="number">
                    {t.total}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {crosstab.rowValues.map((row, r) => (
                <tr key={row.value} data-value={row.value}>
                  <th scope="row" lang={language} dir="auto">
                    {row.label}
                  </th>
                  {cells[r].map((cell, c) => (
                    <FigureCell
                      key={crosstab.columnValues[c].value}
                      value={cell.value}
                      hidden={cell.hidden}
                      format={format}
                    />
                  ))}
                  {withTotals && (
                    <FigureCell
                      value={crosstab.rowTotals[r].value}
                      hidden={hiddenBy(crosstab.rowTotals[r])}
                      format={(v) => f.number(v)}
                    />
                  )}
                </tr>
              ))}
            </tbody>
            {withTotals && (
              <tfoot>
                <tr data-value="total">
                  <th scope="row">{t.total}</th>
                  {crosstab.columnTotals.map((total, c) => (
                    <FigureCell
                      key={crosstab.columnValues[c].value}
                      value={total.value}
                      hidden={hiddenBy(total)}
                      format={(v) => f.number(v)}
                    />
                  ))}
                  <FigureCell
                    value={crosstab.total.value}
                    hidden={hiddenBy(crosstab.total)}
                    format={(v) => f.number(v)}
                  />
                </tr>
              </tfoot>
            )}
          </table>
        </TableWrap>
      </div>
    </section>
  );
}

/**
 * Every chart and table of a statistics document: the population, the note on suppression, each
 * question, each breakdown and the crosstab. The results page shows live statistics with it and
 * the report page a report's snapshot.
 */
export function StatisticsView({ statistics, report = false }: { statistics: SurveyStatistics; report?: boolean }) {
  const t = useMessages(messages);
  const [metric, setMetric] = useState<Metric>(() => defaultMetric(statistics.items));
  const language = statistics.language;
  const empty = statistics.population.responses.value === 0;
  const composition = useMemo(() => reasonsIn(statistics).has('composition'), [statistics]);
  return (
    <div className="statistics">
      <section aria-labelledby="population-heading">
        <h2 id="population-heading">{t.population}</h2>
        <PopulationFacts statistics={statistics} report={report} />
        <SuppressionNote k={statistics.k} composition={composition} />
        {report && (
          <p className="notice" data-testid="report-figures-note">
            {t.reportFiguresNote}
          </p>
        )}
      </section>
      {empty ? (
        <p className="notice warning" role="status" data-testid="no-responses">
          {t.noResponses}
        </p>
      ) : (
        <>
          <section aria-labelledby="questions-heading">
            <h2 id="questions-heading">{t.questions}</h2>
            {statistics.items.map((item) => (
              <ItemResults key={item.name} item={item} language={language} />
            ))}
          </section>
          {statistics.breakdowns.length > 0 && (
            <section aria-labelledby="breakdowns-heading">
              <h2 id="breakdowns-heading">{t.breakdowns}</h2>
              <MetricPicker
                items={statistics.items}
                value={metric}
                onChange={setMetric}
                testId="breakdown-metric"
                means={!report}
              />
              {statistics.breakdowns.map((breakdown) => (
                <BreakdownResults
                  key={breakdown.dimension}
                  breakdown={breakdown}
                  items={statistics.items}
                  metric={metric}
                  language={language}
                />
              ))}
            </section>
          )}
          {statistics.crosstabs.length > 0 && (
            <section aria-labelledby="crosstab-heading">
              <h2 id="crosstab-heading">{t.crosstab}</h2>
              {statistics.crosstabs.map((crosstab) => (
                <CrosstabResults
                  key={`${crosstab.rows}:${crosstab.columns}`}
                  crosstab={crosstab}
                  items={statistics.items}
                  language={language}
                />
              ))}
            </section>
          )}
        </>
      )}
    </div>
  );
}

export type { Dimension };
