import {
  suppressOneWay,
  suppressTwoWay,
  type OneWayResult,
  type SuppressionReason,
  type TwoWayResult,
} from '@survey/disclosure';
import type { Language } from '@survey/questionnaire';
import { itemTitle, optionLabel, type StatisticsItem } from './items';
import { dimensionLabel, sortDimensionValues } from './labels';
import { itemFigures, withheldFigures } from './metrics';
import type {
  BreakdownDto,
  CountCellDto,
  CrosstabDto,
  Dimension,
  DistributionEntryDto,
  ItemStatisticsDto,
  QuestionMetricsDto,
} from './statistics.dto';
import { countLayout, type CountLayout, type GroupTally, type RolledUpTallies } from './statistics-tallies';

export interface CrosstabSpec {
  rows: Dimension;
  columns: Dimension;
}

export interface StatisticsSpec {
  items: StatisticsItem[];
  tallies: RolledUpTallies;
  k: number;
  language: Language;
  breakdowns: Dimension[];
  crosstabs: CrosstabSpec[];
}

export interface BuiltStatistics {
  responses: CountCellDto;
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
  items: ItemStatisticsDto[];
  breakdowns: BreakdownDto[];
  crosstabs: CrosstabDto[];
}

type Reason = SuppressionReason | null;

type Tally = GroupTally;

/** A breakdown dimension's values in display order, with their tallies. */
interface DimensionTallies {
  values: string[];
  tallies: Tally[];
}

/** A crosstab's cells: `cells[row][column]`, rows and columns in display order. */
interface CrossTallies {
  spec: CrosstabSpec;
  rowValues: string[];
  columnValues: string[];
  cells: Tally[][];
}

/**
 * Applies disclosure control to the aggregates of one survey and turns them into the published
 * figures. The unit protected is a group of respondents: a breakdown value, a crosstab cell, or
 * those of them who answered an item. A group of fewer than k is suppressed (primary), then more
 * groups are (complementary) so that no suppressed group can be recovered from the totals. An
 * item's answers are shown only for groups that are published for that item.
 *
 * Linked tables are suppressed consistently: a one-way breakdown is a margin of every crosstab
 * that uses its dimension, so whatever a crosstab hides in its margins is hidden in the breakdown
 * too, and the crosstab is told what the breakdown hides.
 */
export function buildStatistics(spec: StatisticsSpec): BuiltStatistics {
  const { items, tallies, k, language } = spec;
  const layout = countLayout(items);
  const overall = tallies.overall;
  const { oneWay, crosses } = arrangedTallies(spec, layout.width);

  // Respondents: the population, each breakdown, each crosstab, settled together.
  const populationSuppressed = overall.respondents > 0 && overall.respondents < k;
  const respondentsOneWay = new Map<Dimension, Reason[]>();
  for (const [dimension, tallies] of oneWay) {
    const counts = tallies.tallies.map((tally) => tally.respondents);
    respondentsOneWay.set(
      dimension,
      protectOneWay(counts, k, populationSuppressed, new Array<boolean>(counts.length).fill(false)).cells,
    );
  }
  const respondentsCross = settleCrosstabs(
    crosses,
    respondentsOneWay,
    k,
    populationSuppressed,
    (tally) => tally.respondents,
    () => undefined,
  );

  // Each item: who answered it, overall, per breakdown value and per crosstab cell.
  const itemOverall: Reason[] = items.map((_, index) => {
    const answered = overall.counts[layout.offsets[index]];
    if (populationSuppressed && answered > 0) return 'primary';
    return answered > 0 && answered < k ? 'primary' : null;
  });
  const itemOneWay: Map<Dimension, Reason[]>[] = items.map((_, index) => {
    const offset = layout.offsets[index];
    const result = new Map<Dimension, Reason[]>();
    for (const [dimension, tallies] of oneWay) {
      const counts = tallies.tallies.map((tally) => tally.counts[offset]);
      const forced = respondentsOneWay.get(dimension)!.map((reason) => reason !== null);
      result.set(dimension, protectOneWay(counts, k, itemOverall[index] !== null, forced).cells);
    }
    return result;
  });
  const itemCross: TwoWayResult[][] = items.map((_, index) =>
    settleCrosstabs(
      crosses,
      itemOneWay[index],
      k,
      itemOverall[index] !== null,
      (tally) => tally.counts[layout.offsets[index]],
      (crossIndex) => respondentsCross[crossIndex].cells.map((row) => row.map((reason) => reason !== null)),
    ),
  );

  const { firstSubmittedAt, lastSubmittedAt } = overall;
  return {
    responses: countCell(overall.respondents, populationSuppressed ? 'primary' : null),
    firstSubmittedAt: populationSuppressed ? null : firstSubmittedAt,
    lastSubmittedAt: populationSuppressed ? null : lastSubmittedAt,
    items: items.map((item, index) => itemStatistics(item, index, overall, itemOverall[index], layout, language)),
    breakdowns: breakdownDtos(spec.breakdowns, oneWay, respondentsOneWay, items, itemOneWay, layout, language),
    crosstabs: crosstabDtos(crosses, oneWay, overall, respondentsCross, items, itemCross, layout, language),
  };
}

/** The tallies in the order they are shown: each breakdown's values sorted, each crosstab's cells filled. */
function arrangedTallies(
  spec: StatisticsSpec,
  width: number,
): { oneWay: Map<Dimension, DimensionTallies>; crosses: CrossTallies[] } {
  const { tallies, language } = spec;
  const oneWay = new Map<Dimension, DimensionTallies>();
  for (const [dimension, map] of tallies.byDimension) {
    const values = sortDimensionValues(dimension, [...map.keys()], language);
    oneWay.set(dimension, { values, tallies: values.map((value) => map.get(value)!) });
  }
  const empty: Tally = {
    respondents: 0,
    counts: new Array<number>(width).fill(0),
    firstSubmittedAt: null,
    lastSubmittedAt: null,
  };
  const crosses = spec.crosstabs.map((crosstab, index): CrossTallies => {
    const rowValues = oneWay.get(crosstab.rows)!.values;
    const columnValues = oneWay.get(crosstab.columns)!.values;
    const cells = rowValues.map((row) =>
      columnValues.map((column) => tallies.crosstabs[index].get(row)?.get(column) ?? empty),
    );
    return { spec: crosstab, rowValues, columnValues, cells };
  });
  return { oneWay, crosses };
}

/** The published one-way breakdowns: each value's respondents and item figures, as settled. */
function breakdownDtos(
  breakdowns: Dimension[],
  oneWay: Map<Dimension, DimensionTallies>,
  respondentsOneWay: Map<Dimension, Reason[]>,
  items: StatisticsItem[],
  itemOneWay: Map<Dimension, Reason[]>[],
  layout: CountLayout,
  language: Language,
): BreakdownDto[] {
  return breakdowns.map((dimension) => {
    const tallies = oneWay.get(dimension)!;
    const respondents = respondentsOneWay.get(dimension)!;
    return {
      dimension,
      groups: tallies.values.map((value, valueIndex) => ({
        value,
        label: dimensionLabel(dimension, value, language),
        respondents: countCell(tallies.tallies[valueIndex].respondents, respondents[valueIndex]),
        items: Object.fromEntries(
          items.map((item, index) => [
            item.name,
            itemMetrics(
              item,
              index,
              tallies.tallies[valueIndex],
              itemOneWay[index].get(dimension)![valueIndex],
              layout,
            ),
          ]),
        ),
      })),
    };
  });
}

/** The published crosstabs: cells, margins and item figures per cell, as settled. */
function crosstabDtos(
  crosses: CrossTallies[],
  oneWay: Map<Dimension, DimensionTallies>,
  overall: Tally,
  respondentsCross: TwoWayResult[],
  items: StatisticsItem[],
  itemCross: TwoWayResult[][],
  layout: CountLayout,
  language: Language,
): CrosstabDto[] {
  return crosses.map((cross, crossIndex) => {
    const respondents = respondentsCross[crossIndex];
    const rowTallies = oneWay.get(cross.spec.rows)!.tallies;
    const columnTallies = oneWay.get(cross.spec.columns)!.tallies;
    return {
      rows: cross.spec.rows,
      columns: cross.spec.columns,
      rowValues: cross.rowValues.map((value) => ({ value, label: dimensionLabel(cross.spec.rows, value, language) })),
      columnValues: cross.columnValues.map((value) => ({
        value,
        label: dimensionLabel(cross.spec.columns, value, language),
      })),
      cells: cross.cells.map((row, r) => row.map((tally, c) => countCell(tally.respondents, respondents.cells[r][c]))),
      rowTotals: rowTallies.map((tally, r) => countCell(tally.respondents, respondents.rowTotals[r])),
      columnTotals: columnTallies.map((tally, c) => countCell(tally.respondents, respondents.columnTotals[c])),
      total: countCell(overall.respondents, respondents.grandTotal),
      items: items.map((item, index) => ({
        name: item.name,
        cells: cross.cells.map((row, r) =>
          row.map((tally, c) => itemMetrics(item, index, tally, itemCross[index][crossIndex].cells[r][c], layout)),
        ),
      })),
    };
  });
}

/**
 * One-way suppression, widened so that the values suppressed together add up to at least k:
 * otherwise what the suppressed groups have in common (their sum, and their answers, by
 * difference from the total) would describe fewer than k people.
 */
export function protectOneWay(counts: number[], k: number, totalForced: boolean, forced: boolean[]): OneWayResult {
  const result = suppressOneWay({ counts, k, forced: { cells: forced, total: totalForced } });
  if (result.total !== null) return result;
  const cells = [...result.cells];
  let hiddenSum = counts.reduce((sum, count, i) => sum + (cells[i] !== null ? count : 0), 0);
  while (hiddenSum > 0 && hiddenSum < k) {
    let smallest = -1;
    for (let i = 0; i < counts.length; i += 1) {
      if (cells[i] === null && counts[i] > 0 && (smallest < 0 || counts[i] < counts[smallest])) smallest = i;
    }
    if (smallest < 0) break;
    cells[smallest] = 'complementary';
    hiddenSum += counts[smallest];
  }
  return { cells, total: result.total };
}

/**
 * Suppresses each crosstab with its margins forced to what the one-way tables hide; when a
 * crosstab must hide a margin the one-way table shows, the one-way table hides it too, and every
 * crosstab is settled again, until nothing changes. `oneWay` is updated in place.
 */
function settleCrosstabs(
  crosses: CrossTallies[],
  oneWay: Map<Dimension, Reason[]>,
  k: number,
  totalSuppressed: boolean,
  countOf: (tally: Tally) => number,
  forcedCells: (crossIndex: number) => boolean[][] | undefined,
): TwoWayResult[] {
  let results: TwoWayResult[] = [];
  for (let round = 0; round < 10; round += 1) {
    let changed = false;
    results = crosses.map((cross, crossIndex) => {
      const rows = oneWay.get(cross.spec.rows)!;
      const columns = oneWay.get(cross.spec.columns)!;
      const result = suppressTwoWay({
        counts: cross.cells.map((row) => row.map(countOf)),
        k,
        forced: {
          cells: forcedCells(crossIndex),
          rowTotals: rows.map((reason) => reason !== null),
          columnTotals: columns.map((reason) => reason !== null),
          grandTotal: totalSuppressed,
        },
      });
      result.rowTotals.forEach((reason, r) => {
        if (reason !== null && rows[r] === null) {
          rows[r] = 'complementary';
          changed = true;
        }
      });
      result.columnTotals.forEach((reason, c) => {
        if (reason !== null && columns[c] === null) {
          columns[c] = 'complementary';
          changed = true;
        }
      });
      return result;
    });
    if (!changed) return results;
  }
  return results;
}

function countCell(value: number, reason: Reason): CountCellDto {
  return reason === null ? { value, suppressed: null } : { value: null, suppressed: reason };
}

function suppressedMetrics(item: StatisticsItem, reason: SuppressionReason): QuestionMetricsDto {
  return { n: null, suppressed: reason, ...withheldFigures(item) };
}

function histogram(tally: Tally, index: number, layout: CountLayout, item: StatisticsItem): number[] {
  const start = layout.offsets[index] + 1;
  return tally.counts.slice(start, start + item.options.length);
}

function itemMetrics(
  item: StatisticsItem,
  index: number,
  tally: Tally,
  reason: Reason,
  layout: CountLayout,
): QuestionMetricsDto {
  if (reason !== null) return suppressedMetrics(item, reason);
  const n = tally.counts[layout.offsets[index]];
  return { n, suppressed: null, ...itemFigures(item, histogram(tally, index, layout, item)) };
}

function itemStatistics(
  item: StatisticsItem,
  index: number,
  overall: Tally,
  reason: Reason,
  layout: CountLayout,
  language: Language,
): ItemStatisticsDto {
  const counts = histogram(overall, index, layout, item);
  const n = overall.counts[layout.offsets[index]];
  const distribution: DistributionEntryDto[] = item.options.map((option, i) =>
    reason === null
      ? {
          value: option.value,
          label: optionLabel(option, language),
          count: counts[i],
          share: n > 0 ? counts[i] / n : null,
          suppressed: null,
        }
      : { value: option.value, label: optionLabel(option, language), count: null, share: null, suppressed: reason },
  );
  return {
    name: item.name,
    title: itemTitle(item, language),
    type: item.type,
    ...(item.ratingKind ? { ratingKind: item.ratingKind } : {}),
    overall: itemMetrics(item, index, overall, reason, layout),
    distribution,
  };
}
