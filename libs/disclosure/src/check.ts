import { exactBounds, knownInterval, slackOf, type Network, type Slack } from './network';
import {
  checkK,
  oneWayEdgesOf,
  oneWayNetwork,
  oneWayPosition,
  twoWayEdgesOf,
  twoWayNetwork,
  twoWayPosition,
  twoWayShape,
} from './tables';
import type {
  AttackerKnowledge,
  CheckOptions,
  OneWayPosition,
  OneWayResult,
  SuppressionReason,
  TwoWayPosition,
  TwoWayResult,
  ValueBounds,
} from './types';

/*
 * An exact checker, independent of how the suppression was chosen: for every suppressed value,
 * its minimum and maximum over all tables of non-negative integers that agree with the published
 * values and the sums (and with what the attacker is assumed to know, see AttackerKnowledge).
 * Computed with maximum flows on the table's network, so it is fast enough for the API's tests
 * on real crosstabs (190 x 5 and more).
 */

/** The exact range of every suppressed value of a two-way table, in edge order (cells row-major, row totals, column totals, grand total). */
export function suppressedBounds(
  counts: number[][],
  suppressed: TwoWayResult,
  options?: CheckOptions,
): ValueBounds<TwoWayPosition>[];
/** The exact range of every suppressed value of a one-way table (cells, then the total). */
export function suppressedBounds(
  counts: number[],
  suppressed: OneWayResult,
  options?: CheckOptions,
): ValueBounds<OneWayPosition>[];
export function suppressedBounds(
  counts: number[][] | number[],
  suppressed: TwoWayResult | OneWayResult,
  options: CheckOptions = {},
): ValueBounds<TwoWayPosition>[] | ValueBounds<OneWayPosition>[] {
  if ('rowTotals' in suppressed) {
    const table = counts as number[][];
    const shape = twoWayShape(table);
    const network = twoWayNetwork(table);
    const reasons = twoWayEdgesOf(shape, suppressed, 'suppressed');
    return boundsOf(network, reasons, options, (edge) => twoWayPosition(shape, edge));
  }
  const list = counts as number[];
  const network = oneWayNetwork(list);
  const reasons = oneWayEdgesOf(list.length, suppressed, 'suppressed');
  return boundsOf(network, reasons, options, (edge) => oneWayPosition(list.length, edge));
}

/**
 * The suppressed values whose exact value can be derived from what is published (minimum equals
 * maximum). Defaults to the `positiveSuppressed` attacker, which is what `suppressTwoWay` and
 * `suppressOneWay` guarantee; `nonNegative` is the weaker textbook definition.
 */
export function recoverableCells(
  counts: number[][],
  suppressed: TwoWayResult,
  options?: CheckOptions,
): TwoWayPosition[];
export function recoverableCells(counts: number[], suppressed: OneWayResult, options?: CheckOptions): OneWayPosition[];
export function recoverableCells(
  counts: number[][] | number[],
  suppressed: TwoWayResult | OneWayResult,
  options?: CheckOptions,
): TwoWayPosition[] | OneWayPosition[] {
  const bounds =
    'rowTotals' in suppressed
      ? suppressedBounds(counts as number[][], suppressed, options)
      : suppressedBounds(counts as number[], suppressed, options);
  return bounds.filter((b) => b.min === b.max).map((b) => b.position) as TwoWayPosition[] | OneWayPosition[];
}

/** Throws an Error naming every recoverable suppressed value (positions only, never counts). */
export function assertProtected(counts: number[][], suppressed: TwoWayResult, options?: CheckOptions): void;
export function assertProtected(counts: number[], suppressed: OneWayResult, options?: CheckOptions): void;
export function assertProtected(
  counts: number[][] | number[],
  suppressed: TwoWayResult | OneWayResult,
  options?: CheckOptions,
): void {
  const found =
    'rowTotals' in suppressed
      ? recoverableCells(counts as number[][], suppressed, options)
      : recoverableCells(counts as number[], suppressed, options);
  if (found.length > 0) {
    throw new Error(`recoverable suppressed values: ${found.map(describePosition).join(', ')}`);
  }
}

export function describePosition(position: TwoWayPosition | OneWayPosition): string {
  switch (position.kind) {
    case 'cell':
      return 'index' in position ? `cell ${position.index}` : `cell (${position.row}, ${position.column})`;
    case 'rowTotal':
      return `row total ${position.row}`;
    case 'columnTotal':
      return `column total ${position.column}`;
    case 'grandTotal':
      return 'grand total';
    case 'total':
      return 'total';
  }
}

function boundsOf<P extends TwoWayPosition | OneWayPosition>(
  network: Network,
  reasons: (SuppressionReason | null)[],
  options: CheckOptions,
  positionOf: (edge: number) => P,
): ValueBounds<P>[] {
  const knowledge: AttackerKnowledge = options.knowledge ?? 'positiveSuppressed';
  const k = options.knowledge === 'reasons' ? options.k : 1;
  if (options.knowledge === 'reasons') checkK(k);
  const slack: (Slack | undefined)[] = network.edges.map((edge, i) => {
    const reason = reasons[i];
    if (reason === null) return undefined;
    if (reason !== 'primary' && reason !== 'complementary') {
      throw new RangeError(`suppressed: ${describePosition(positionOf(i))} must be 'primary', 'complementary' or null`);
    }
    const interval = knownInterval(edge.value, reason, k, knowledge);
    if (edge.value < interval.lo || edge.value > interval.hi) {
      throw new RangeError(
        `suppressed: ${describePosition(positionOf(i))} is marked ${reason} but its count contradicts it`,
      );
    }
    return slackOf(edge.value, interval);
  });
  const result: ValueBounds<P>[] = [];
  exactBounds(network, slack).forEach((bounds, i) => {
    if (bounds !== undefined) result.push({ position: positionOf(i), min: bounds.min, max: bounds.max });
  });
  return result;
}
