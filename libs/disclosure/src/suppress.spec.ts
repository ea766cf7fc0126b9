import {
  assertProtected,
  recoverableCells,
  suppressOneWay,
  suppressTwoWay,
  suppressedBounds,
} from '@survey/disclosure';
import type { TwoWayResult } from '@survey/disclosure';

const P = 'primary';
const C = 'complementary';

function suppressedCount(result: TwoWayResult): number {
  return [...result.cells.flat(), ...result.rowTotals, ...result.columnTotals, result.grandTotal].filter(
    (reason) => reason !== null,
  ).length;
}

describe('suppressTwoWay', () => {
  it('hides a small cell and the cheapest rectangle of complements around it (textbook case)', () => {
    const counts = [
      [20, 3, 15],
      [12, 10, 30],
      [8, 25, 40],
    ];
    // Rectangles through (0,1): columns A or C with rows 2 or 3; A/row 2 hides 20 + 10 + 12 = 42, the least.
    expect(suppressTwoWay({ counts, k: 5 })).toEqual({
      cells: [
        [C, P, null],
        [C, C, null],
        [null, null, null],
      ],
      rowTotals: [null, null, null],
      columnTotals: [null, null, null],
      grandTotal: null,
    });
    assertProtected(counts, suppressTwoWay({ counts, k: 5 }), { knowledge: 'reasons', k: 5 });
  });

  it('publishes everything when no count is below k', () => {
    const result = suppressTwoWay({
      counts: [
        [5, 6],
        [70, 0],
      ],
      k: 5,
    });
    expect(suppressedCount(result)).toBe(0);
  });

  it('publishes zeros and never uses them as complements', () => {
    const counts = [
      [3, 0, 12],
      [10, 0, 9],
      [7, 6, 0],
    ];
    const result = suppressTwoWay({ counts, k: 5 });
    expect(result.cells[0][1]).toBeNull();
    expect(result.cells[1][1]).toBeNull();
    expect(result.cells[2][2]).toBeNull();
    expect(result.cells[0][0]).toBe(P);
    // Through (0,0) without zeros: rows 0 and 1 with columns 0 and 2 hide 12 + 10 + 9 = 31.
    expect(result.cells).toEqual([
      [P, null, C],
      [C, null, C],
      [null, null, null],
    ]);
    assertProtected(counts, result);
  });

  it('treats a margin below k as primary and protects it like a cell', () => {
    const counts = [
      [1, 2, 0],
      [10, 12, 9],
      [6, 8, 7],
    ];
    const result = suppressTwoWay({ counts, k: 5 });
    expect(result.rowTotals[0]).toBe(P);
    expect(result.cells[0]).toEqual([P, P, null]);
    // The row total 3 moves only with another row total or the grand total.
    expect(
      result.rowTotals.filter((reason) => reason !== null).length + (result.grandTotal ? 1 : 0),
    ).toBeGreaterThanOrEqual(2);
    assertProtected(counts, result);
    assertProtected(counts, result, { knowledge: 'nonNegative' });
  });

  it('hides a whole single-cell table, the only way to protect it', () => {
    const result = suppressTwoWay({ counts: [[3]], k: 5 });
    expect(result).toEqual({ cells: [[P]], rowTotals: [P], columnTotals: [P], grandTotal: P });
    assertProtected([[3]], result, { knowledge: 'reasons', k: 5 });
  });

  it('hides another row and its total when a lone column leaves no rectangle', () => {
    const counts = [[3], [40]];
    const result = suppressTwoWay({ counts, k: 5 });
    // Cell (0,0) equals row total 0; the cheapest cycle back is row 1 (40 + 40), not column total + grand total (43 + 43).
    expect(result).toEqual({ cells: [[P], [C]], rowTotals: [P, C], columnTotals: [null], grandTotal: null });
    assertProtected(counts, result);
    expect(suppressedBounds(counts, result).map((b) => [b.min, b.max])).toEqual([
      [1, 42],
      [1, 42],
      [1, 42],
      [1, 42],
    ]);
  });

  it('suppresses forced values and protects them, reporting the reason they would have here', () => {
    const counts = [
      [20, 30, 15],
      [12, 10, 3],
    ];
    const result = suppressTwoWay({
      counts,
      k: 5,
      forced: {
        rowTotals: [true, false],
        cells: [
          [false, true, false],
          [false, false, false],
        ],
      },
    });
    expect(result.rowTotals[0]).toBe(C);
    expect(result.cells[0][1]).toBe(C);
    expect(result.cells[1][2]).toBe(P);
    assertProtected(counts, result);
  });

  it('protects a forced zero, with zero complements only when nothing else can', () => {
    const counts = [
      [0, 0],
      [0, 40],
    ];
    const result = suppressTwoWay({
      counts,
      k: 5,
      forced: {
        cells: [
          [true, false],
          [false, false],
        ],
      },
    });
    expect(result.cells[0][0]).toBe(C);
    assertProtected(counts, result);
    expect(recoverableCells(counts, result, { knowledge: 'nonNegative' })).toEqual([]);
  });

  it('is protected against an attacker who knows the reasons whenever a cycle allows it', () => {
    const counts = [
      [4, 5, 30],
      [5, 5, 30],
      [30, 30, 30],
    ];
    const result = suppressTwoWay({ counts, k: 5 });
    // The cheapest rectangle (4, 5 / 5, 5) would give the 4 away to anyone told that it is primary (at most 4)
    // and the three fives complementary (at least 5): the 4 could only grow, the fives only shrink.
    expect(result.cells).toEqual([
      [P, C, null],
      [null, null, null],
      [C, C, null],
    ]);
    assertProtected(counts, result, { knowledge: 'reasons', k: 5 });
    const cheapest: TwoWayResult = {
      cells: [
        [P, C, null],
        [C, C, null],
        [null, null, null],
      ],
      rowTotals: [null, null, null],
      columnTotals: [null, null, null],
      grandTotal: null,
    };
    assertProtected(counts, cheapest);
    expect(recoverableCells(counts, cheapest, { knowledge: 'reasons', k: 5 })).toHaveLength(4);
  });

  it('falls back to the weaker guarantee when a table is entirely below k (documented limit)', () => {
    const counts = [
      [1, 1],
      [1, 1],
    ];
    const result = suppressTwoWay({ counts, k: 5 });
    expect(suppressedCount(result)).toBe(9);
    assertProtected(counts, result);
    // All nine are 1..4 and the four cells are at least 1 with a grand total of at most 4.
    expect(recoverableCells(counts, result, { knowledge: 'reasons', k: 5 })).toHaveLength(9);
  });

  it('widens the protection on request', () => {
    const counts = [
      [20, 3, 15],
      [12, 10, 30],
      [8, 25, 40],
    ];
    const wide = suppressTwoWay({ counts, k: 5, protectionWidth: 15 });
    // The 3 can move 15 only upwards, and the 12 and 10 of the cheapest rectangle cannot give that much.
    expect(wide.cells[1][1]).toBeNull();
    for (const b of suppressedBounds(counts, wide)) expect(b.max - b.min).toBeGreaterThanOrEqual(15);
    expect(() => suppressTwoWay({ counts, k: 5, protectionWidth: 0 })).toThrow(
      'protectionWidth must be an integer of at least 1',
    );
  });

  it('suppresses nothing with k = 1 and handles empty tables', () => {
    expect(
      suppressedCount(
        suppressTwoWay({
          counts: [
            [1, 2],
            [3, 4],
          ],
          k: 1,
        }),
      ),
    ).toBe(0);
    expect(suppressTwoWay({ counts: [], k: 5 })).toEqual({
      cells: [],
      rowTotals: [],
      columnTotals: [],
      grandTotal: null,
    });
    expect(suppressTwoWay({ counts: [[], []], k: 5 })).toEqual({
      cells: [[], []],
      rowTotals: [null, null],
      columnTotals: [],
      grandTotal: null,
    });
  });

  it('is deterministic', () => {
    const counts = [
      [1, 7, 2, 9],
      [4, 0, 12, 3],
      [8, 6, 1, 30],
    ];
    expect(suppressTwoWay({ counts, k: 5 })).toEqual(suppressTwoWay({ counts: counts.map((row) => [...row]), k: 5 }));
  });

  it('refuses malformed input with a RangeError naming the field', () => {
    expect(() => suppressTwoWay({ counts: [[1, -1]], k: 5 })).toThrow('counts[0][1] must be a non-negative integer');
    expect(() => suppressTwoWay({ counts: [[1, 2.5]], k: 5 })).toThrow('counts[0][1] must be a non-negative integer');
    expect(() => suppressTwoWay({ counts: [[1, Number.NaN]], k: 5 })).toThrow(RangeError);
    expect(() => suppressTwoWay({ counts: [[1, 2], [3]], k: 5 })).toThrow(
      'counts[1] must have 2 columns like counts[0]',
    );
    expect(() => suppressTwoWay({ counts: [[1]], k: 0 })).toThrow('k must be an integer of at least 1');
    expect(() => suppressTwoWay({ counts: [[1]], k: 2.5 })).toThrow(RangeError);
    expect(() => suppressTwoWay({ counts: [[1, 2]], k: 5, forced: { cells: [[true]] } })).toThrow(
      'forced.cells[0] must be an array of 2',
    );
    expect(() => suppressTwoWay({ counts: [[1, 2]], k: 5, forced: { columnTotals: [true] } })).toThrow(
      'forced.columnTotals must be an array of 2',
    );
    expect(() => suppressTwoWay({ counts: [[], []], k: 5, forced: { rowTotals: [true, false] } })).toThrow(
      'forced: a table without cells has only zero margins, which cannot be hidden',
    );
    expect(() => suppressTwoWay({ counts: [[Number.MAX_SAFE_INTEGER, 1]], k: 5 })).toThrow(RangeError);
  });
});

describe('suppressOneWay', () => {
  it('hides a small cell and the smallest other cell', () => {
    expect(suppressOneWay({ counts: [3, 10, 20], k: 5 })).toEqual({ cells: [P, C, null], total: null });
    expect(suppressOneWay({ counts: [20, 3, 0, 0, 50], k: 5 })).toEqual({
      cells: [C, P, null, null, null],
      total: null,
    });
  });

  it('lets two small cells protect each other', () => {
    const result = suppressOneWay({ counts: [2, 3, 40], k: 5 });
    expect(result).toEqual({ cells: [P, P, null], total: null });
    assertProtected([2, 3, 40], result);
  });

  it('hides the total when it is the only other value', () => {
    expect(suppressOneWay({ counts: [3, 0, 0], k: 5 })).toEqual({ cells: [P, null, null], total: P });
    expect(suppressOneWay({ counts: [3, 0, 80], k: 5 })).toEqual({ cells: [P, null, C], total: null });
  });

  it('picks complements that can carry the requested width', () => {
    expect(suppressOneWay({ counts: [3, 6, 40], k: 5 })).toEqual({ cells: [P, C, null], total: null });
    // 3 + 6 moving by 6 would take the 6 to 0, which an attacker knows a suppressed value is not.
    const wide = suppressOneWay({ counts: [3, 6, 40], k: 5, protectionWidth: 6 });
    expect(wide).toEqual({ cells: [P, null, C], total: null });
    expect(suppressedBounds([3, 6, 40], wide)).toEqual([
      { position: { kind: 'cell', index: 0 }, min: 1, max: 42 },
      { position: { kind: 'cell', index: 2 }, min: 1, max: 42 },
    ]);
    expect(() => suppressOneWay({ counts: [3], k: 5, protectionWidth: 1.5 })).toThrow(RangeError);
  });

  it('honours forced cells and protects them', () => {
    const counts = [30, 12, 40, 9];
    const result = suppressOneWay({ counts, k: 5, forced: { cells: [false, false, true, false] } });
    expect(result).toEqual({ cells: [null, null, C, C], total: null });
    assertProtected(counts, result);
  });

  it('refuses malformed input', () => {
    expect(() => suppressOneWay({ counts: [1, -2], k: 5 })).toThrow('counts[1] must be a non-negative integer');
    expect(() => suppressOneWay({ counts: [1], k: -5 })).toThrow('k must be an integer of at least 1');
    expect(() => suppressOneWay({ counts: [1], k: 5, forced: { cells: [] } })).toThrow(
      'forced.cells must be an array of 1',
    );
    expect(() => suppressOneWay({ counts: [], k: 5, forced: { total: true } })).toThrow(
      'forced: a table without cells has only a zero total, which cannot be hidden',
    );
    expect(suppressOneWay({ counts: [], k: 5 })).toEqual({ cells: [], total: null });
  });
});

describe('linked tables', () => {
  it('a one-way breakdown forced with the margins hidden in its crosstab adds nothing and stays consistent', () => {
    const crosstab = [
      [2, 0, 1],
      [14, 9, 30],
      [6, 11, 0],
      [1, 1, 1],
    ];
    const k = 5;
    const two = suppressTwoWay({ counts: crosstab, k });
    const byRow = crosstab.map((row) => row.reduce((a, b) => a + b, 0));
    const one = suppressOneWay({
      counts: byRow,
      k,
      forced: { cells: two.rowTotals.map((reason) => reason !== null), total: two.grandTotal !== null },
    });
    expect(one.cells.map((reason) => reason !== null)).toEqual(two.rowTotals.map((reason) => reason !== null));
    expect(one.total !== null).toBe(two.grandTotal !== null);
    assertProtected(byRow, one);
    assertProtected(crosstab, two);
  });
});
