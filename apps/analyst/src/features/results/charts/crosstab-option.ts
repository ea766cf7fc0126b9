import type { ChartOption } from '../../../components/Chart';
import {
  ACCENT,
  derivedHiddenBy,
  HATCH,
  hiddenBy,
  KEEP_LABELS_INSIDE,
  SUPPRESSED_FILL,
  SUPPRESSED_LABEL,
  TEXT,
  type Crosstab,
  type Hidden,
  type Messages,
} from './figures';
import { metricRange, metricValue, type MetricParts } from './metrics';

/** One cell of a crosstab: the chosen figure, or why it is hidden. */
export interface CrosstabCell {
  value: number | null;
  hidden: Hidden;
}

/** The chosen figure in each cell, rows by columns; a cell is hidden when its count is. */
export function crosstabCells(crosstab: Crosstab, parts: MetricParts): CrosstabCell[][] {
  const itemCells = parts.item ? crosstab.items.find((entry) => entry.name === parts.item!.name)?.cells : undefined;
  return crosstab.rowValues.map((_, r) =>
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
}

/** A heat map of the cells, hidden cells hatched and labelled on a series of their own. */
export function heatmapOption(
  crosstab: Crosstab,
  cells: CrosstabCell[][],
  parts: MetricParts,
  format: (value: number) => string,
  t: Messages,
): ChartOption {
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
      if (cell.hidden)
        hidden.push({
          value: [c, r, 1],
          label: { formatter: cell.hidden === 'composition' ? t.withheldCell : t.suppressedCell },
        });
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
}
