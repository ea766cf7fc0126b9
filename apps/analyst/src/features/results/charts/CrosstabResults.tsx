import { useId, useMemo, useState } from 'react';
import { Chart } from '../../../components/Chart';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { crosstabCells, heatmapOption } from './crosstab-option';
import { CrosstabTable } from './CrosstabTable';
import type { Crosstab, ItemStatistics } from './figures';
import { MetricPicker } from './MetricPicker';
import { metricFormat, metricLabel, metricParts, type Metric } from './metrics';
import { TableWrap } from './TableWrap';

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
  const cells = crosstabCells(crosstab, parts);
  const option = useMemo(
    () => heatmapOption(crosstab, cells, parts, format, t),
    // The cells derive from these inputs only.
    [crosstab, metric, items, f, t],
  );
  const figure = metricLabel(parts, t);
  const title = t.crosstabTitle(rowsName, columnsName);
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
          <CrosstabTable
            crosstab={crosstab}
            cells={cells}
            withTotals={!parts.item}
            format={format}
            language={language}
          />
        </TableWrap>
      </div>
    </section>
  );
}
