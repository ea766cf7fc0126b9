import type { StatisticsItem } from '../items';
import { countLayout, type CountLayout, type GroupTally, type RolledUpTallies } from '../statistics-tallies';
import type { Dimension } from '../statistics.dto';

/**
 * What published statistics of a survey can show: respondents by the one-way breakdowns and by
 * at most one crosstab, and per item the overall distribution and, per breakdown group, the
 * group's answered count with its answer classes (see `classesOf`). Everything an outsider can
 * read is one of these counts, or a figure computed from counts that are published.
 */
export interface PublicationShape {
  k: number;
  items: StatisticsItem[];
  layout: CountLayout;
  /** The one-way breakdowns shown, and the crosstab's two dimensions. */
  dimensions: Dimension[];
  crosstab: { rows: Dimension; columns: Dimension } | null;
}

export function publicationShape(
  k: number,
  items: StatisticsItem[],
  dimensions: Dimension[],
  crosstab: PublicationShape['crosstab'],
): PublicationShape {
  const all = new Set<Dimension>(dimensions);
  if (crosstab) {
    all.add(crosstab.rows);
    all.add(crosstab.columns);
  }
  return { k, items, layout: countLayout(items), dimensions: [...all], crosstab };
}

/*
 * Every published count has a key. The same count has the same key wherever it appears (a
 * country's respondents are a one-way breakdown and a margin of the crosstab), so what is
 * published in one table is published in all of them.
 */
export const keys = {
  population: (): string => 'N',
  group: (dimension: Dimension, value: string): string => JSON.stringify(['x', dimension, value]),
  cell: (row: string, column: string): string => JSON.stringify(['xt', row, column]),
  itemAnswered: (item: string): string => JSON.stringify(['n', item]),
  option: (item: string, option: number): string => JSON.stringify(['o', item, option]),
  /** A breakdown group's figures for an item: how many answered, and each answer class. */
  row: (item: string, dimension: Dimension, value: string): string => JSON.stringify(['g', item, dimension, value]),
};

export type ParsedKey =
  | { kind: 'population' }
  | { kind: 'group'; dimension: Dimension; value: string }
  | { kind: 'cell'; row: string; column: string }
  | { kind: 'itemAnswered'; item: string }
  | { kind: 'option'; item: string; option: number }
  | { kind: 'row'; item: string; dimension: Dimension; value: string };

export function parseKey(key: string): ParsedKey {
  if (key === 'N') return { kind: 'population' };
  const parts = JSON.parse(key) as [string, ...(string | number)[]];
  switch (parts[0]) {
    case 'x':
      return { kind: 'group', dimension: parts[1] as Dimension, value: parts[2] as string };
    case 'xt':
      return { kind: 'cell', row: parts[1] as string, column: parts[2] as string };
    case 'n':
      return { kind: 'itemAnswered', item: parts[1] as string };
    case 'o':
      return { kind: 'option', item: parts[1] as string, option: parts[2] as number };
    default:
      return { kind: 'row', item: parts[1] as string, dimension: parts[2] as Dimension, value: parts[3] as string };
  }
}

/**
 * The answer classes a breakdown group shows for an item, as lists of option indexes: for an NPS
 * rating detractors (0–6), passives (7–8) and promoters (9–10); for other ratings the two highest
 * points and the rest (top-2-box). Other items show only how many in the group answered (null).
 * A group's mean would depend on every option, each a count that is often below k in a group, so
 * published statistics show these shares per group and the mean only overall.
 */
export function classesOf(item: StatisticsItem): number[][] | null {
  if (item.type !== 'rating') return null;
  const values = item.options.map((option) => option.value as number);
  const indexes = values.map((_, i) => i);
  if (item.ratingKind === 'nps') {
    return [
      indexes.filter((i) => values[i] <= 6),
      indexes.filter((i) => values[i] >= 7 && values[i] <= 8),
      indexes.filter((i) => values[i] >= 9),
    ];
  }
  const top = [...values].sort((a, b) => b - a).slice(0, 2);
  return [indexes.filter((i) => !top.includes(values[i])), indexes.filter((i) => top.includes(values[i]))];
}

const EMPTY: GroupTally = { respondents: 0, counts: [], firstSubmittedAt: null, lastSubmittedAt: null };

/** The counts of one set of responses (a report's population, or one atom of several), by key. */
export class PublicationTables {
  constructor(
    readonly shape: PublicationShape,
    readonly tallies: RolledUpTallies,
  ) {}

  get population(): number {
    return this.tallies.overall.respondents;
  }

  /** The values a dimension takes in these responses. */
  values(dimension: Dimension): string[] {
    return [...(this.tallies.byDimension.get(dimension)?.keys() ?? [])].sort();
  }

  groupTally(dimension: Dimension, value: string): GroupTally {
    return this.tallies.byDimension.get(dimension)?.get(value) ?? EMPTY;
  }

  group(dimension: Dimension, value: string): number {
    return this.groupTally(dimension, value).respondents;
  }

  crossRows(): string[] {
    return [...(this.tallies.crosstabs[0]?.keys() ?? [])].sort();
  }

  crossColumns(): string[] {
    const columns = new Set<string>();
    for (const row of this.tallies.crosstabs[0]?.values() ?? []) for (const column of row.keys()) columns.add(column);
    return [...columns].sort();
  }

  cell(row: string, column: string): number {
    return this.tallies.crosstabs[0]?.get(row)?.get(column)?.respondents ?? 0;
  }

  answered(item: number, tally: GroupTally = this.tallies.overall): number {
    return tally.counts[this.shape.layout.offsets[item]] ?? 0;
  }

  option(item: number, option: number, tally: GroupTally = this.tallies.overall): number {
    return tally.counts[this.shape.layout.offsets[item] + 1 + option] ?? 0;
  }

  /** Per answer class (see classesOf), how many of the group chose it. */
  classCounts(item: number, tally: GroupTally): number[] {
    const classes = classesOf(this.shape.items[item]) ?? [];
    return classes.map((options) => options.reduce((sum, option) => sum + this.option(item, option, tally), 0));
  }
}

/**
 * Every key a publication with these one-way breakdowns shows for these counts (the crosstab's
 * margins are shown with it, whether or not they are breakdowns too).
 */
export function keysOf(tables: PublicationTables, breakdowns: Dimension[]): string[] {
  const { shape } = tables;
  const result = [keys.population()];
  for (const dimension of shape.dimensions) {
    for (const value of tables.values(dimension)) result.push(keys.group(dimension, value));
  }
  if (shape.crosstab) {
    for (const row of tables.crossRows()) {
      for (const column of tables.crossColumns()) result.push(keys.cell(row, column));
    }
  }
  for (const item of shape.items) {
    result.push(keys.itemAnswered(item.name));
    item.options.forEach((_, option) => result.push(keys.option(item.name, option)));
    for (const dimension of breakdowns) {
      for (const value of tables.values(dimension)) result.push(keys.row(item.name, dimension, value));
    }
  }
  return result;
}
