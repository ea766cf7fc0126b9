import fc from 'fast-check';
import { recoverableCells, suppressOneWay, suppressTwoWay, suppressedBounds } from '@survey/disclosure';
import type { OneWayResult, SuppressionReason, TwoWayForced, TwoWayPosition, TwoWayResult } from '@survey/disclosure';

/*
 * Random tables, checked with the exact bounds solver (check.ts, itself checked against
 * enumeration in check.spec.ts).
 */

type Reason = SuppressionReason | null;

const count = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 4 },
  { arbitrary: fc.integer({ min: 7, max: 60 }), weight: 3 },
  { arbitrary: fc.integer({ min: 61, max: 5000 }), weight: 1 },
);
const k = fc.oneof(
  { arbitrary: fc.integer({ min: 3, max: 6 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 1 },
);

function matrix<T>(rows: number, columns: number, item: fc.Arbitrary<T>): fc.Arbitrary<T[][]> {
  return fc.array(fc.array(item, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });
}

const table = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) => matrix(rows, columns, count));

const rarely = fc
  .boolean()
  .chain((some) => (some ? fc.integer({ min: 1, max: 6 }).map((n) => n === 1) : fc.constant(false)));

const tableWithForced = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      counts: matrix(rows, columns, count),
      forced: fc.record({
        cells: matrix(rows, columns, rarely),
        rowTotals: fc.array(rarely, { minLength: rows, maxLength: rows }),
        columnTotals: fc.array(rarely, { minLength: columns, maxLength: columns }),
        grandTotal: rarely,
      }),
    }),
  );

function margins(counts: number[][]) {
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = counts[0].map((_, c) => counts.reduce((a, row) => a + row[c], 0));
  return { rowTotals, columnTotals, grandTotal: rowTotals.reduce((a, b) => a + b, 0) };
}

/** Every value with its reason, margins included. */
function pairs(counts: number[][], result: TwoWayResult): [number, Reason][] {
  const m = margins(counts);
  const values = [...counts.flat(), ...m.rowTotals, ...m.columnTotals, m.grandTotal];
  const reasons = [...result.cells.flat(), ...result.rowTotals, ...result.columnTotals, result.grandTotal];
  return values.map((v, i) => [v, reasons[i]]);
}

function forcedFlags(forced: Required<TwoWayForced>): boolean[] {
  return [...forced.cells.flat(), ...forced.rowTotals, ...forced.columnTotals, forced.grandTotal];
}

/** The same table with every non-zero value suppressed, each labelled as the library would label it. */
function everythingSuppressed(counts: number[][], k: number): TwoWayResult {
  const label = (v: number): Reason => (v === 0 ? null : v < k ? 'primary' : 'complementary');
  const m = margins(counts);
  return {
    cells: counts.map((row) => row.map(label)),
    rowTotals: m.rowTotals.map(label),
    columnTotals: m.columnTotals.map(label),
    grandTotal: label(m.grandTotal),
  };
}

function reasonAt(result: TwoWayResult, position: TwoWayPosition): Reason {
  switch (position.kind) {
    case 'cell':
      return result.cells[position.row][position.column];
    case 'rowTotal':
      return result.rowTotals[position.row];
    case 'columnTotal':
      return result.columnTotals[position.column];
    case 'grandTotal':
      return result.grandTotal;
  }
}

function key(position: object): string {
  return JSON.stringify(position);
}

describe('suppressTwoWay on random tables', () => {
  it('publishes no count of 1..k-1, marks exactly those primary, and hides no zero', () => {
    fc.assert(
      fc.property(table, k, (counts, k) => {
        const result = suppressTwoWay({ counts, k });
        for (const [value, reason] of pairs(counts, result)) {
          expect(reason === 'primary').toBe(value >= 1 && value < k);
          if (reason === null) expect(value === 0 || value >= k).toBe(true);
          if (reason === 'complementary') expect(value).toBeGreaterThanOrEqual(k);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no suppressed value recoverable from the published values and sums', () => {
    fc.assert(
      fc.property(table, k, (counts, k) => {
        const result = suppressTwoWay({ counts, k });
        expect(recoverableCells(counts, result, { knowledge: 'nonNegative' })).toEqual([]);
        expect(recoverableCells(counts, result, { knowledge: 'positiveSuppressed' })).toEqual([]);
        const truth = pairs(counts, result).filter(([, reason]) => reason !== null);
        suppressedBounds(counts, result).forEach((b, i) => {
          expect(b.min).toBeLessThanOrEqual(truth[i][0]);
          expect(b.max).toBeGreaterThanOrEqual(truth[i][0]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('protects primary values against an attacker who knows the reasons unless no suppression of non-zero values could', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 2, max: 6 }), (counts, k) => {
        const result = suppressTwoWay({ counts, k });
        const primary = new Set(
          suppressedBounds(counts, result)
            .map((b) => b.position)
            .filter((position) => reasonAt(result, position) === 'primary')
            .map(key),
        );
        const exposed = recoverableCells(counts, result, { knowledge: 'reasons', k }).filter((position) =>
          primary.has(key(position)),
        );
        const hopeless = new Set(
          recoverableCells(counts, everythingSuppressed(counts, k), { knowledge: 'reasons', k }).map(key),
        );
        for (const position of exposed) expect(hopeless.has(key(position))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('hides forced values, protects them, and uses zeros as complements only for a forced zero', () => {
    fc.assert(
      fc.property(tableWithForced, k, ({ counts, forced }, k) => {
        const result = suppressTwoWay({ counts, k, forced });
        const flags = forcedFlags(forced);
        const all = pairs(counts, result);
        const forcedZero = all.some(([value], i) => flags[i] && value === 0);
        all.forEach(([value, reason], i) => {
          if (flags[i]) expect(reason).not.toBeNull();
          expect(reason === 'primary').toBe(value >= 1 && value < k);
          if (reason !== null && value === 0) expect(flags[i] || forcedZero).toBe(true);
        });
        expect(recoverableCells(counts, result, { knowledge: 'nonNegative' })).toEqual([]);
        expect(recoverableCells(counts, result)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every suppressed value a range at least protectionWidth wide', () => {
    fc.assert(
      fc.property(table, k, fc.integer({ min: 1, max: 8 }), (counts, k, protectionWidth) => {
        const result = suppressTwoWay({ counts, k, protectionWidth });
        for (const b of suppressedBounds(counts, result)) expect(b.max - b.min).toBeGreaterThanOrEqual(protectionWidth);
      }),
      { numRuns: 200 },
    );
  });

  it('is a fixed point: forcing its own suppressions changes nothing', () => {
    fc.assert(
      fc.property(table, k, (counts, k) => {
        const result = suppressTwoWay({ counts, k });
        const hidden = (reason: Reason) => reason !== null;
        const again = suppressTwoWay({
          counts,
          k,
          forced: {
            cells: result.cells.map((row) => row.map(hidden)),
            rowTotals: result.rowTotals.map(hidden),
            columnTotals: result.columnTotals.map(hidden),
            grandTotal: hidden(result.grandTotal),
          },
        });
        expect(again).toEqual(result);
      }),
      { numRuns: 200 },
    );
  });

  it('protects country x segment sized tables (190 x 5)', () => {
    const big = matrix(190, 5, count);
    fc.assert(
      fc.property(big, (counts) => {
        const result = suppressTwoWay({ counts, k: 5 });
        expect(recoverableCells(counts, result)).toEqual([]);
      }),
      { numRuns: 5 },
    );
  });
});

describe('suppressOneWay on random tables', () => {
  const list = fc.array(count, { minLength: 1, maxLength: 12 });

  it('publishes no count of 1..k-1 and leaves no suppressed value recoverable', () => {
    fc.assert(
      fc.property(list, k, fc.array(rarely, { minLength: 12, maxLength: 12 }), (counts, k, mask) => {
        const forced = { cells: counts.map((_, i) => mask[i]), total: mask[counts.length] ?? false };
        const result: OneWayResult = suppressOneWay({ counts, k, forced });
        const total = counts.reduce((a, b) => a + b, 0);
        const values = [...counts, total];
        const reasons = [...result.cells, result.total];
        const flags = [...forced.cells, forced.total];
        values.forEach((value, i) => {
          expect(reasons[i] === 'primary').toBe(value >= 1 && value < k);
          if (flags[i]) expect(reasons[i]).not.toBeNull();
          if (reasons[i] === 'complementary' && !flags[i]) expect(value === 0 || value >= k).toBe(true);
        });
        expect(recoverableCells(counts, result, { knowledge: 'nonNegative' })).toEqual([]);
        expect(recoverableCells(counts, result)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('linked tables', () => {
  it('a crosstab and its one-way breakdowns reach consistent, protected suppressions by forcing each other', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 3, max: 6 }), (counts, k) => {
        const m = margins(counts);
        let forced: Required<TwoWayForced> = {
          cells: counts.map((row) => row.map(() => false)),
          rowTotals: m.rowTotals.map(() => false),
          columnTotals: m.columnTotals.map(() => false),
          grandTotal: false,
        };
        for (let round = 0; ; round++) {
          expect(round).toBeLessThan(10);
          const crosstab = suppressTwoWay({ counts, k, forced });
          const hidden = (reason: Reason) => reason !== null;
          const byRow = suppressOneWay({
            counts: m.rowTotals,
            k,
            forced: { cells: crosstab.rowTotals.map(hidden), total: hidden(crosstab.grandTotal) },
          });
          const byColumn = suppressOneWay({
            counts: m.columnTotals,
            k,
            forced: { cells: crosstab.columnTotals.map(hidden), total: hidden(crosstab.grandTotal) },
          });
          const next: Required<TwoWayForced> = {
            cells: forced.cells,
            rowTotals: byRow.cells.map(hidden),
            columnTotals: byColumn.cells.map(hidden),
            grandTotal: hidden(byRow.total) || hidden(byColumn.total),
          };
          const consistent =
            JSON.stringify(next.rowTotals) === JSON.stringify(crosstab.rowTotals.map(hidden)) &&
            JSON.stringify(next.columnTotals) === JSON.stringify(crosstab.columnTotals.map(hidden)) &&
            next.grandTotal === hidden(crosstab.grandTotal);
          if (consistent) {
            expect(recoverableCells(counts, crosstab)).toEqual([]);
            expect(recoverableCells(m.rowTotals, byRow)).toEqual([]);
            expect(recoverableCells(m.columnTotals, byColumn)).toEqual([]);
            return;
          }
          forced = next;
        }
      }),
      { numRuns: 200 },
    );
  });
});
