import { BarChart, FunnelChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the console draws, so the bundle stays small. The canvas renderer sets no inline
// style attributes, which the Content-Security-Policy (style-src 'self') would refuse.
echarts.use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers; the same figures are always in a table nearby. */
  label: string;
  height?: number;
  testId?: string;
}

/** An Apache ECharts chart (canvas). Resizes with its container; disposed when unmounted. */
export function Chart({ option, label, height = 280, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = ref.current!;
    chart.current = echarts.init(element, undefined, { renderer: 'canvas', height });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [height]);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
    ref.current?.setAttribute('data-rendered', 'true');
  }, [option]);

  // React sets `style` through the CSSOM, which the CSP allows (unlike a style attribute in HTML).
  return <div className="chart" style={{ height }} ref={ref} role="img" aria-label={label} data-testid={testId} />;
}
