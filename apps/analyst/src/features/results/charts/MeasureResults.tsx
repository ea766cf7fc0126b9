import type { components } from '@survey/api-client';
import { Suppressed } from '../../../components/ui';
import { useFormat } from '../../../lib/format';
import { LOCALE_TAGS, useLocale, useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import { FigureCell } from './FigureCell';
import { hiddenBy } from './figures';
import { TableWrap } from './TableWrap';

type Measure = components['schemas']['MeasureStatisticsDto'];

/**
 * Number, date and expression questions in one table: how many answered, the mean and quartiles
 * of numbers, the month range of dates. Never a minimum or maximum: the extremes are single people.
 */
export function MeasureResults({ measures, k }: { measures: Measure[]; k: number }) {
  const t = useMessages(messages);
  const f = useFormat();
  const { locale } = useLocale();
  const monthFormat = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const month = (value: string) => monthFormat.format(new Date(`${value}-01T00:00:00Z`));
  if (measures.length === 0) return null;
  return (
    <section aria-labelledby="measures-heading" data-testid="measures">
      <h2 id="measures-heading">{t.measures}</h2>
      <p className="hint">{t.measuresHint(f.number(k))}</p>
      <TableWrap label={t.measures}>
        <table data-testid="measures-table">
          <thead>
            <tr>
              <th scope="col">{t.measureQuestion}</th>
              <th scope="col" className="number">
                {t.answered}
              </th>
              <th scope="col" className="number">
                {t.mean}
              </th>
              <th scope="col" className="number">
                {t.firstQuartile}
              </th>
              <th scope="col" className="number">
                {t.median}
              </th>
              <th scope="col" className="number">
                {t.thirdQuartile}
              </th>
              <th scope="col">{t.dateRange}</th>
            </tr>
          </thead>
          <tbody>
            {measures.map((measure) => {
              const hidden = hiddenBy(measure);
              const numeric = (value: number | null) =>
                measure.kind === 'number' ? (
                  <FigureCell value={value} hidden={hidden} format={(v) => f.number(v, 2)} />
                ) : (
                  <td className="number">{f.missing}</td>
                );
              return (
                <tr key={measure.name} data-testid={`measure-${measure.name}`}>
                  <th scope="row">{measure.title}</th>
                  <FigureCell value={measure.n} hidden={hidden} format={(v) => f.number(v)} />
                  {numeric(measure.mean)}
                  {numeric(measure.q1)}
                  {numeric(measure.median)}
                  {numeric(measure.q3)}
                  <td data-testid="date-range">
                    {measure.kind !== 'date' ? (
                      f.missing
                    ) : hidden ? (
                      <Suppressed reason={hidden} />
                    ) : measure.from && measure.to ? (
                      t.monthRange(month(measure.from), month(measure.to))
                    ) : (
                      f.missing
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
