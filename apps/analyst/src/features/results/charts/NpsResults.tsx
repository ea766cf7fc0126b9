import { useMemo } from 'react';
import { Chart, type ChartOption } from '../../../components/Chart';
import { Suppressed } from '../../../components/ui';
import { useFormat, type Format } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { FigureCell } from './FigureCell';
import {
  derivedHiddenBy,
  DETRACTORS,
  GRID_LINE,
  KEEP_LABELS_INSIDE,
  PASSIVES,
  PROMOTERS,
  TEXT,
  type ItemStatistics,
  type Messages,
} from './figures';
import { TableWrap } from './TableWrap';

type Nps = NonNullable<ItemStatistics['overall']['nps']>;

/** One stacked bar of promoters, passives and detractors, each labelled with its share. */
function npsOption(nps: Nps, f: Format, t: Messages): ChartOption {
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
}

/** Promoters, passives and detractors as one stacked bar, and the score, with a table. */
export function NpsResults({ item }: { item: ItemStatistics }) {
  const t = useMessages(messages);
  const f = useFormat();
  const nps = item.overall.nps;
  const hidden = derivedHiddenBy(item.overall);
  const option = useMemo(() => (nps && !hidden ? npsOption(nps, f, t) : undefined), [nps, hidden, f, t]);
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
