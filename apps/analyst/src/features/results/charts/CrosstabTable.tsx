import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { messages } from '../messages';
import type { CrosstabCell } from './crosstab-option';
import { FigureCell } from './FigureCell';
import { hiddenBy, type Crosstab } from './figures';

/** A crosstab's cells as a table; with row and column totals when it shows respondents. */
export function CrosstabTable({
  crosstab,
  cells,
  withTotals,
  format,
  language,
}: {
  crosstab: Crosstab;
  cells: CrosstabCell[][];
  withTotals: boolean;
  format: (value: number) => string;
  language: string;
}) {
  const t = useMessages(messages);
  const f = useFormat();
  const rowsName = t.dimensions[crosstab.rows];
  const columnsName = t.dimensions[crosstab.columns];
  return (
    <table data-testid="crosstab-table">
      <thead>
        <tr>
          <th scope="col">
            {rowsName} \ {columnsName}
          </th>
          {crosstab.columnValues.map((column) => (
            <th key={column.value} scope="col" className="number" lang={language} dir="auto">
              {column.label}
            </th>
          ))}
          {withTotals && (
            <th scope="col" className="number">
              {t.total}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {crosstab.rowValues.map((row, r) => (
          <tr key={row.value} data-value={row.value}>
            <th scope="row" lang={language} dir="auto">
              {row.label}
            </th>
            {cells[r].map((cell, c) => (
              <FigureCell
                key={crosstab.columnValues[c].value}
                value={cell.value}
                hidden={cell.hidden}
                format={format}
              />
            ))}
            {withTotals && (
              <FigureCell
                value={crosstab.rowTotals[r].value}
                hidden={hiddenBy(crosstab.rowTotals[r])}
                format={(v) => f.number(v)}
              />
            )}
          </tr>
        ))}
      </tbody>
      {withTotals && (
        <tfoot>
          <tr data-value="total">
            <th scope="row">{t.total}</th>
            {crosstab.columnTotals.map((total, c) => (
              <FigureCell
                key={crosstab.columnValues[c].value}
                value={total.value}
                hidden={hiddenBy(total)}
                format={(v) => f.number(v)}
              />
            ))}
            <FigureCell value={crosstab.total.value} hidden={hiddenBy(crosstab.total)} format={(v) => f.number(v)} />
          </tr>
        </tfoot>
      )}
    </table>
  );
}
