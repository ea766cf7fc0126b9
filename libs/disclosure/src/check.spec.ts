import fc from 'fast-check';
import { assertProtected, recoverableCells, suppressedBounds } from './check';
import type { AttackerKnowledge, CheckOptions, SuppressionReason, TwoWayResult } from './types';

/*
 * The exact checker is cross-checked against plain enumeration of every table of non-negative
 * integers consistent with the publication, on tables small enough to enumerate.
 */

type Reason = SuppressionReason | null;

function twoWay(cells: Reason[][], rowTotals: Reason[], columnTotals: Reason[], grandTotal: Reason): TwoWayResult {
  return { cells, rowTotals, columnTotals, grandTotal };
}

function published(rows: number, columns: number): TwoWayResult {
  return twoWay(
    Array.from({ length: rows }, () => new Array<Reason>(columns).fill(null)),
    new Array<Reason>(rows).fill(null),
    new Array<Reason>(columns).fill(null),
    null,
  );
}

describe('suppressedBounds and recoverableCells', () => {
  it('finds a lone suppressed cell in a row whose total is published', () => {
    const counts = [
      [20, 3, 15],
      [12, 10, 30],
    ];
    const pattern = published(2, 3);
    pattern.cells[0][1] = 'primary';
    expect(recoverableCells(counts, pattern, { knowledge: 'nonNegative' })).toEqual([
      { kind: 'cell', row: 0, column: 1 },
    ]);
    expect(suppressedBounds(counts, pattern)).toEqual([
      { position: { kind: 'cell', row: 0, column: 1 }, min: 3, max: 3 },
    ]);
    expect(() => assertProtected(counts, pattern)).toThrow('recoverable suppressed values: cell (0, 1)');
  });

  it('gives a rectangle of four suppressed cells its exact ranges', () => {
    const counts = [
      [20, 3, 15],
      [12, 10, 30],
    ];
    const pattern = published(2, 3);
    pattern.cells[0][0] = 'complementary';
    pattern.cells[0][1] = 'primary';
    pattern.cells[1][0] = 'complementary';
    pattern.cells[1][1] = 'complementary';
    // (0,1) = 3 + d, (0,0) = 20 - d, (1,1) = 10 - d, (1,0) = 12 + d.
    expect(suppressedBounds(counts, pattern, { knowledge: 'nonNegative' }).map((b) => [b.min, b.max])).toEqual([
      [10, 23],
      [0, 13],
      [9, 22],
      [0, 13],
    ]);
    expect(suppressedBounds(counts, pattern, { knowledge: 'positiveSuppressed' }).map((b) => [b.min, b.max])).toEqual([
      [11, 22],
      [1, 12],
      [10, 21],
      [1, 12],
    ]);
    // Knowing the reasons: the primary is 1..4 and each complement at least 5.
    expect(suppressedBounds(counts, pattern, { knowledge: 'reasons', k: 5 }).map((b) => [b.min, b.max])).toEqual([
      [19, 22],
      [1, 4],
      [10, 13],
      [9, 12],
    ]);
    expect(recoverableCells(counts, pattern, { knowledge: 'reasons', k: 5 })).toEqual([]);
    expect(() => assertProtected(counts, pattern)).not.toThrow();
  });

  it('shows why zero complements are avoided: a 1 boxed in by zeros is recovered by anyone who knows zeros are published', () => {
    const counts = [
      [1, 0],
      [0, 9],
    ];
    const pattern = twoWay(
      [
        ['primary', 'complementary'],
        ['complementary', 'complementary'],
      ],
      [null, null],
      [null, null],
      null,
    );
    // (0,0) = 1 + d with (0,1) = 0 - d and (1,0) = 0 - d: d <= 0, so the 1 is at most 1.
    expect(suppressedBounds(counts, pattern, { knowledge: 'nonNegative' })[0]).toEqual({
      position: { kind: 'cell', row: 0, column: 0 },
      min: 0,
      max: 1,
    });
    expect(recoverableCells(counts, pattern, { knowledge: 'positiveSuppressed' })).toContainEqual({
      kind: 'cell',
      row: 0,
      column: 0,
    });
  });

  it('reports an unbounded maximum when nothing published bounds a value', () => {
    const pattern = twoWay([['primary']], ['primary'], ['primary'], 'primary');
    expect(suppressedBounds([[3]], pattern)).toEqual([
      { position: { kind: 'cell', row: 0, column: 0 }, min: 1, max: Infinity },
      { position: { kind: 'rowTotal', row: 0 }, min: 1, max: Infinity },
      { position: { kind: 'columnTotal', column: 0 }, min: 1, max: Infinity },
      { position: { kind: 'grandTotal' }, min: 1, max: Infinity },
    ]);
    expect(suppressedBounds([3], { cells: ['primary'], total: 'primary' }, { knowledge: 'reasons', k: 5 })).toEqual([
      { position: { kind: 'cell', index: 0 }, min: 1, max: 4 },
      { position: { kind: 'total' }, min: 1, max: 4 },
    ]);
  });

  it('checks one-way tables', () => {
    expect(recoverableCells([3, 10, 20], { cells: ['primary', null, null], total: null })).toEqual([
      { kind: 'cell', index: 0 },
    ]);
    expect(recoverableCells([3, 10, 20], { cells: ['primary', 'complementary', null], total: null })).toEqual([]);
    expect(() => assertProtected([3, 10, 20], { cells: [null, null, null], total: 'primary' })).toThrow(
      'recoverable suppressed values: total',
    );
  });

  it('refuses patterns that do not fit the table or contradict the counts', () => {
    expect(() => suppressedBounds([[1, 2]], published(1, 3))).toThrow(RangeError);
    expect(() => suppressedBounds([1, 2], { cells: [null], total: null })).toThrow(
      'suppressed.cells must be an array of 2',
    );
    expect(() =>
      suppressedBounds([20, 3], { cells: ['primary', 'complementary'], total: null }, { knowledge: 'reasons', k: 5 }),
    ).toThrow('suppressed: cell 0 is marked primary but its count contradicts it');
    expect(() => suppressedBounds([1, 2], { cells: ['hidden' as SuppressionReason, null], total: null })).toThrow(
      "suppressed: cell 0 must be 'primary', 'complementary' or null",
    );
    expect(() =>
      suppressedBounds([1, 2], { cells: [null, null], total: null }, { knowledge: 'reasons', k: 0 }),
    ).toThrow(RangeError);
  });
});

/** Every table consistent with the publication, enumerated; the min and max of each suppressed value. */
function enumerateBounds(
  counts: number[][],
  pattern: TwoWayResult,
  knowledge: AttackerKnowledge,
  k: number,
): { min: number; max: number }[] {
  const rows = counts.length;
  const columns = counts[0].length;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = counts[0].map((_, c) => counts.reduce((a, row) => a + row[c], 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const values = [...counts.flat(), ...rowTotals, ...columnTotals, grand];
  const reasons = [...pattern.cells.flat(), ...pattern.rowTotals, ...pattern.columnTotals, pattern.grandTotal];
  const interval = (i: number): [number, number] => {
    const reason = reasons[i];
    if (reason === null) return [values[i], values[i]];
    if (knowledge === 'nonNegative') return [0, Infinity];
    if (knowledge === 'positiveSuppressed') return [values[i] > 0 ? 1 : 0, Infinity];
    if (reason === 'primary') return [1, k - 1];
    return [values[i] >= k ? k : values[i] > 0 ? 1 : 0, Infinity];
  };
  const bounds = values.map((_, i) => interval(i));
  // A vertex of the feasible set has no coordinate above twice the sum of what is known.
  const known = bounds.reduce((a, [lo, hi]) => a + lo + (hi === Infinity ? 0 : hi), 0);
  const vertexBound = 2 * known;
  const cap =
    bounds[values.length - 1][1] !== Infinity ? bounds[values.length - 1][1] : vertexBound + Math.max(...values) + 1;
  const cellCount = rows * columns;
  const rowOf = (r: number) => cellCount + r;
  const columnOf = (c: number) => cellCount + rows + c;
  const grandOf = values.length - 1;
  const min = values.map(() => Infinity);
  const max = values.map(() => -Infinity);
  const table = new Array<number>(cellCount).fill(0);
  const rowSum = new Array<number>(rows).fill(0);
  const columnSum = new Array<number>(columns).fill(0);
  const inside = (i: number, v: number) => v >= bounds[i][0] && v <= bounds[i][1];
  const visit = (cell: number, total: number): void => {
    if (cell === cellCount) {
      if (!inside(grandOf, total)) return;
      for (let c = 0; c < columns; c++) if (!inside(columnOf(c), columnSum[c])) return;
      const all = [...table, ...rowSum, ...columnSum, total];
      all.forEach((v, i) => {
        min[i] = Math.min(min[i], v);
        max[i] = Math.max(max[i], v);
      });
      return;
    }
    const r = Math.floor(cell / columns);
    const c = cell % columns;
    for (let v = bounds[cell][0]; v <= Math.min(cap, bounds[cell][1]); v++) {
      if (rowSum[r] + v > bounds[rowOf(r)][1] || columnSum[c] + v > bounds[columnOf(c)][1] || total + v > cap) break;
      table[cell] = v;
      rowSum[r] += v;
      columnSum[c] += v;
      if (c < columns - 1 || inside(rowOf(r), rowSum[r])) visit(cell + 1, total + v);
      rowSum[r] -= v;
      columnSum[c] -= v;
    }
  };
  visit(0, 0);
  return values
    .map((_, i) => ({ min: min[i], max: max[i] > vertexBound ? Infinity : max[i] }))
    .filter((_, i) => reasons[i] !== null);
}

describe('suppressedBounds against enumeration', () => {
  const smallTable = fc
    .record({ rows: fc.integer({ min: 1, max: 2 }), columns: fc.integer({ min: 1, max: 3 }) })
    .chain(({ rows, columns }) =>
      fc.record({
        counts: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: columns, maxLength: columns }), {
          minLength: rows,
          maxLength: rows,
        }),
        mask: fc.array(fc.boolean(), { minLength: (rows + 1) * (columns + 1), maxLength: (rows + 1) * (columns + 1) }),
        knowledge: fc.constantFrom<AttackerKnowledge>('nonNegative', 'positiveSuppressed', 'reasons'),
        k: fc.integer({ min: 2, max: 4 }),
      }),
    );

  it('agrees with enumerating every consistent table', () => {
    fc.assert(
      fc.property(smallTable, ({ counts, mask, knowledge, k }) => {
        const rows = counts.length;
        const columns = counts[0].length;
        const values = [
          ...counts.flat(),
          ...counts.map((row) => row.reduce((a, b) => a + b, 0)),
          ...counts[0].map((_, c) => counts.reduce((a, row) => a + row[c], 0)),
          counts.flat().reduce((a, b) => a + b, 0),
        ];
        // Reasons as the library would give them: 1..k-1 primary, anything else complementary.
        const reasons: Reason[] = values.map((v, i) =>
          mask[i] ? (v >= 1 && v < k ? 'primary' : 'complementary') : null,
        );
        const cellCount = rows * columns;
        const pattern = twoWay(
          Array.from({ length: rows }, (_, r) => reasons.slice(r * columns, (r + 1) * columns)),
          reasons.slice(cellCount, cellCount + rows),
          reasons.slice(cellCount + rows, cellCount + rows + columns),
          reasons[cellCount + rows + columns],
        );
        const options: CheckOptions = knowledge === 'reasons' ? { knowledge, k } : { knowledge };
        const exact = suppressedBounds(counts, pattern, options).map(({ min, max }) => ({ min, max }));
        expect(exact).toEqual(enumerateBounds(counts, pattern, knowledge, k));
      }),
      { numRuns: 400 },
    );
  });
});
