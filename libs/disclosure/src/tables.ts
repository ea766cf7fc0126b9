import { buildNetwork, type Edge, type Network } from './network';
import { suppressNetwork } from './suppress';
import type {
  OneWayInput,
  OneWayPosition,
  OneWayResult,
  SuppressionReason,
  TwoWayInput,
  TwoWayPosition,
  TwoWayResult,
} from './types';

/*
 * Edge layout of a two-way table with R rows and C columns: cells row-major (r * C + c), then the
 * R row totals, the C column totals and the grand total. Nodes: rows 0..R-1, columns R..R+C-1,
 * source S = R+C, sink T = R+C+1.
 */

export interface TwoWayShape {
  rows: number;
  columns: number;
}

export function twoWayShape(counts: number[][], field = 'counts'): TwoWayShape {
  if (!Array.isArray(counts)) throw new RangeError(`${field} must be an array of rows`);
  const columns = counts.length > 0 && Array.isArray(counts[0]) ? counts[0].length : 0;
  counts.forEach((row, r) => {
    if (!Array.isArray(row)) throw new RangeError(`${field}[${r}] must be an array`);
    if (row.length !== columns) throw new RangeError(`${field}[${r}] must have ${columns} columns like ${field}[0]`);
    row.forEach((value, c) => checkCount(value, `${field}[${r}][${c}]`));
  });
  return { rows: counts.length, columns };
}

export function twoWayNetwork(counts: number[][]): Network {
  const { rows, columns } = twoWayShape(counts);
  const source = rows + columns;
  const sink = source + 1;
  const edges: Edge[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) edges.push({ from: r, to: rows + c, value: counts[r][c] });
  }
  let grand = 0;
  for (let r = 0; r < rows; r++) {
    const total = sum(counts[r]);
    grand += total;
    edges.push({ from: source, to: r, value: total });
  }
  for (let c = 0; c < columns; c++) {
    edges.push({ from: rows + c, to: sink, value: sum(counts.map((row) => row[c])) });
  }
  if (!Number.isSafeInteger(grand)) throw new RangeError('the grand total of counts must be a safe integer');
  edges.push({ from: sink, to: source, value: grand });
  return buildNetwork(rows + columns + 2, edges);
}

/** Flattens a per-value layout (result, forced pattern) into edge order. */
export function twoWayEdgesOf<T>(
  shape: TwoWayShape,
  parts: { cells: T[][]; rowTotals: T[]; columnTotals: T[]; grandTotal: T },
  field: string,
): T[] {
  checkLength(parts.cells, shape.rows, `${field}.cells`);
  parts.cells.forEach((row, r) => checkLength(row, shape.columns, `${field}.cells[${r}]`));
  checkLength(parts.rowTotals, shape.rows, `${field}.rowTotals`);
  checkLength(parts.columnTotals, shape.columns, `${field}.columnTotals`);
  return [...parts.cells.flat(), ...parts.rowTotals, ...parts.columnTotals, parts.grandTotal];
}

export function twoWayPartsOf<T>(shape: TwoWayShape, edges: T[]) {
  const { rows, columns } = shape;
  const cellCount = rows * columns;
  return {
    cells: Array.from({ length: rows }, (_, r) => edges.slice(r * columns, (r + 1) * columns)),
    rowTotals: edges.slice(cellCount, cellCount + rows),
    columnTotals: edges.slice(cellCount + rows, cellCount + rows + columns),
    grandTotal: edges[cellCount + rows + columns],
  };
}

export function twoWayPosition(shape: TwoWayShape, edge: number): TwoWayPosition {
  const { rows, columns } = shape;
  const cellCount = rows * columns;
  if (edge < cellCount) return { kind: 'cell', row: Math.floor(edge / columns), column: edge % columns };
  if (edge < cellCount + rows) return { kind: 'rowTotal', row: edge - cellCount };
  if (edge < cellCount + rows + columns) return { kind: 'columnTotal', column: edge - cellCount - rows };
  return { kind: 'grandTotal' };
}

/*
 * Edge layout of a one-way table with N cells: the cells, then the total. Nodes: A = 0, B = 1;
 * a cell is A -> B, the total B -> A.
 */

export function oneWayNetwork(counts: number[]): Network {
  if (!Array.isArray(counts)) throw new RangeError('counts must be an array');
  counts.forEach((value, i) => checkCount(value, `counts[${i}]`));
  const total = sum(counts);
  if (!Number.isSafeInteger(total)) throw new RangeError('the total of counts must be a safe integer');
  return buildNetwork(2, [...counts.map((value) => ({ from: 0, to: 1, value })), { from: 1, to: 0, value: total }]);
}

export function oneWayEdgesOf<T>(size: number, parts: { cells: T[]; total: T }, field: string): T[] {
  checkLength(parts.cells, size, `${field}.cells`);
  return [...parts.cells, parts.total];
}

export function oneWayPosition(size: number, edge: number): OneWayPosition {
  return edge < size ? { kind: 'cell', index: edge } : { kind: 'total' };
}

/**
 * Suppresses the cells and margins of a two-way table: every count of 1..k-1 (primary), every
 * forced value, then complements until no suppressed value can be derived exactly from the
 * published ones. Zeros are published and never chosen as complements (see README).
 */
export function suppressTwoWay(input: TwoWayInput): TwoWayResult {
  checkK(input.k);
  const width = protectionWidth(input.protectionWidth);
  const network = twoWayNetwork(input.counts);
  const shape = twoWayShape(input.counts);
  const forced = input.forced ?? {};
  const forcedEdges = twoWayEdgesOf(
    shape,
    {
      cells: forced.cells ?? input.counts.map((row) => row.map(() => false)),
      rowTotals: forced.rowTotals ?? new Array<boolean>(shape.rows).fill(false),
      columnTotals: forced.columnTotals ?? new Array<boolean>(shape.columns).fill(false),
      grandTotal: forced.grandTotal ?? false,
    },
    'forced',
  ).map((flag) => flag === true);
  if ((shape.rows === 0 || shape.columns === 0) && forcedEdges.includes(true)) {
    throw new RangeError('forced: a table without cells has only zero margins, which cannot be hidden');
  }
  return twoWayPartsOf(shape, suppressNetwork(network, input.k, forcedEdges, width));
}

/** The same for a one-way table and its total. */
export function suppressOneWay(input: OneWayInput): OneWayResult {
  checkK(input.k);
  const width = protectionWidth(input.protectionWidth);
  const network = oneWayNetwork(input.counts);
  const size = input.counts.length;
  const forced = input.forced ?? {};
  const forcedEdges = oneWayEdgesOf(
    size,
    { cells: forced.cells ?? new Array<boolean>(size).fill(false), total: forced.total ?? false },
    'forced',
  ).map((flag) => flag === true);
  if (size === 0 && forcedEdges.includes(true)) {
    throw new RangeError('forced: a table without cells has only a zero total, which cannot be hidden');
  }
  const reasons: (SuppressionReason | null)[] = suppressNetwork(network, input.k, forcedEdges, width);
  return { cells: reasons.slice(0, size), total: reasons[size] };
}

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be an integer of at least 1');
}

function protectionWidth(width: number | undefined): number {
  if (width === undefined) return 1;
  if (!Number.isSafeInteger(width) || width < 1)
    throw new RangeError('protectionWidth must be an integer of at least 1');
  return width;
}

function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative integer`);
}

function checkLength(array: unknown, length: number, field: string): void {
  if (!Array.isArray(array) || array.length !== length) {
    throw new RangeError(`${field} must be an array of ${length}`);
  }
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
