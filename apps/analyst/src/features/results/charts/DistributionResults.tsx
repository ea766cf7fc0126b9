import { useMemo } from 'react';
import { Chart } from '../../../components/Chart';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { barHeight, barOption } from './bar-option';
import { FigureCell } from './FigureCell';
import { hiddenBy, hiddenLabel, type ItemStatistics } from './figures';
import { TableWrap } from './TableWrap';

/** Answers to one question as bars, with the same figures in a table. */
export function DistributionResults({ item, language, k }: { item: ItemStatistics; language: string; k: number }) {
  const t = useMessages(messages);
  const f = useFormat();
  const horizontal = item.type !== 'rating';
  const option = useMemo(
    () =>
      barOption(
        item.distribution.map((entry) => ({ label: entry.label, value: entry.count, hidden: hiddenBy(entry) })),
        { horizontal, format: (v) => f.number(v), hiddenText: hiddenLabel(t, f.number(k)), min: 0 },
      ),
    [item, horizontal, f, t, k],
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
