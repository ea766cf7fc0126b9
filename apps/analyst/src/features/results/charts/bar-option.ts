import type { ChartOption } from '../../../components/Chart';
import type { SuppressionReason } from '../../../components/ui';
import {
  ACCENT,
  GRID_LINE,
  HATCH,
  KEEP_LABELS_INSIDE,
  SUPPRESSED_EDGE,
  SUPPRESSED_FILL,
  SUPPRESSED_LABEL,
  TEXT,
  type Hidden,
} from './figures';

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
 * A bar chart whose suppressed categories are drawn as full-height hatched grey bars labelled
 * "suppressed" (on a hidden 0–1 axis, so their height says nothing), never as zero.
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

export function barHeight(count: number, horizontal: boolean): number {
  return horizontal ? Math.max(140, 56 + count * 34) : 280;
}
