import { useId, useMemo } from 'react';
import { Chart } from '../../../components/Chart';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { barOption } from './bar-option';
import { breakdownRows } from './breakdown-rows';
import { BreakdownTable } from './BreakdownTable';
import { hiddenLabel, type Breakdown, type ItemStatistics } from './figures';
import { metricFormat, metricLabel, metricParts, metricRange, type Metric } from './metrics';
import { TableWrap } from './TableWrap';

/** One breakdown (e.g. by country) of the chosen figure, as bars and a table. */
export function BreakdownResults({
  breakdown,
  items,
  metric,
  language,
  k,
}: {
  breakdown: Breakdown;
  items: ItemStatistics[];
  metric: Metric;
  language: string;
  k: number;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const id = useId();
  const parts = metricParts(metric, items);
  const format = metricFormat(parts.kind, f);
  const dimension = t.dimensions[breakdown.dimension];
  const rows = breakdownRows(breakdown, parts);
  const option = useMemo(
    () =>
      barOption(
        rows.map((row) => ({ label: row.group.label, value: row.value, hidden: row.hidden })),
        {
          horizontal: false,
          format,
          axisFormat:
            parts.kind === 'topTwoBox' ? (v) => f.percent(v, 0) : (v) => f.number(v, Number.isInteger(v) ? 0 : 1),
          hiddenText: hiddenLabel(t, f.number(k)),
          ...metricRange(parts),
        },
      ),
    // The rows derive from these inputs only.
    [breakdown, metric, items, f, t, k],
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
          <BreakdownTable
            breakdown={breakdown}
            rows={rows}
            parts={parts}
            figure={figure}
            format={format}
            language={language}
          />
        </TableWrap>
      </div>
    </section>
  );
}
