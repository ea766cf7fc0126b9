/** Why a value is not published. */
export type SuppressionReason = 'primary' | 'complementary';

export interface Suppression {
  reason: SuppressionReason;
}

/**
 * A two-way table of counts: `counts[r][c]`, with its margins computed from it
 * (`rowTotals[r] = sum_c counts[r][c]`, `columnTotals[c] = sum_r counts[r][c]`, `grandTotal`).
 */
export interface TwoWayInput {
  counts: number[][];
  /** Minimum number of contributors for a published value (a count of 1..k-1 is suppressed). */
  k: number;
  /**
   * Values that must be suppressed whatever their count, because they are hidden in a linked table
   * (a one-way breakdown is a margin of a crosstab). Missing parts mean "nothing forced".
   */
  forced?: TwoWayForced;
  /** How wide, at least, the range an attacker can derive for a suppressed value is. Default 1: not exact. */
  protectionWidth?: number;
}

export interface TwoWayForced {
  cells?: boolean[][];
  rowTotals?: boolean[];
  columnTotals?: boolean[];
  grandTotal?: boolean;
}

/** Per value: `null` = published, otherwise why it is suppressed. */
export interface TwoWayResult {
  cells: (SuppressionReason | null)[][];
  rowTotals: (SuppressionReason | null)[];
  columnTotals: (SuppressionReason | null)[];
  grandTotal: SuppressionReason | null;
}

/** A one-way table of counts with its total. */
export interface OneWayInput {
  counts: number[];
  k: number;
  forced?: OneWayForced;
  /** As in TwoWayInput. */
  protectionWidth?: number;
}

export interface OneWayForced {
  cells?: boolean[];
  total?: boolean;
}

export interface OneWayResult {
  cells: (SuppressionReason | null)[];
  total: SuppressionReason | null;
}

export type TwoWayPosition =
  | { kind: 'cell'; row: number; column: number }
  | { kind: 'rowTotal'; row: number }
  | { kind: 'columnTotal'; column: number }
  | { kind: 'grandTotal' };

export type OneWayPosition = { kind: 'cell'; index: number } | { kind: 'total' };

/**
 * What the attacker is assumed to know besides the published values, the table's structure
 * and the sums (every value is a non-negative integer in all three):
 * - `nonNegative`: nothing more;
 * - `positiveSuppressed`: a suppressed value is at least 1, because this library never suppresses
 *   a zero of its own accord and says so (a forced zero is the only exception);
 * - `reasons`: also the reason shown for each suppressed value: a primary value is 1..k-1,
 *   a complementary one is at least k.
 */
export type AttackerKnowledge = 'nonNegative' | 'positiveSuppressed' | 'reasons';

export type CheckOptions = { knowledge?: 'nonNegative' | 'positiveSuppressed' } | { knowledge: 'reasons'; k: number };

/** The exact range of a suppressed value over every table consistent with what is published. */
export interface ValueBounds<P> {
  position: P;
  min: number;
  /** `Infinity` when nothing published bounds the value from above. */
  max: number;
}
