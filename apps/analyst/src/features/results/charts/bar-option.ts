import type { ChartOption } from '../../../components/Chart';
import type { SuppressionReason } from '../../../components/ui';
import { ACCENT, GRID_LINE, KEEP_LABELS_INSIDE, SUPPRESSED_LABEL, TEXT, type Hidden } from './figures';

export interface Bar {
  label: string;
  value: number | null;
  hidden: Hidden;
}

export interface BarOptions {
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
 * A bar chart whose suppressed categories are drawn as empty slots with a label ("fewer than 5
 * answers"), never as a zero nor as a bar whose height could be read as a value.
 */
export function barOption(bars: Bar[], options: BarOptions): ChartOption {
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
        // An invisible slot on the hidden 0–1 axis that only carries the label at its base.
        itemStyle: { color: 'transparent' },
        data: bars.map((bar) => (bar.hidden ? { value: 1, label: { formatter: hiddenText(bar.hidden) } } : '-')),
        label: {
          show: true,
          position: horizontal ? 'insideLeft' : 'insideBottom',
          rotate: horizontal ? 0 : 90,
          align: 'left',
          verticalAlign: 'middle',
          fontStyle: 'italic',
          ...SUPPRESSED_LABEL,
        },
      },
    ],
  };
}

export function barHeight(count: number, horizontal: boolean): number {
  return horizontal ? Math.max(140, 56 + count * 34) : 280;
}
