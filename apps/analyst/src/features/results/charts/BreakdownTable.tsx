import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import type { BreakdownRow } from './breakdown-rows';
import { FigureCell } from './FigureCell';
import { hiddenBy, type Breakdown } from './figures';
import { metricShort, type MetricParts } from './metrics';

/** The figures of a breakdown's chart as a table: respondents, and for a question its n and figure. */
export function BreakdownTable({
  breakdown,
  rows,
  parts,
  figure,
  format,
  language,
}: {
  breakdown: Breakdown;
  rows: BreakdownRow[];
  parts: MetricParts;
  figure: string;
  format: (value: number) => string;
  language: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const dimension = t.dimensions[breakdown.dimension];
  return (
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
  );
}
