import type { Questionnaire } from '@survey/questionnaire';
import type { EntityManager } from 'typeorm';
import { TimeSlices } from '../common/time-slice';
import {
  groupingOf,
  type AtomRow,
  type CountRow,
  type GroupRow,
  type PopulationFilter,
  type ResponseFilters,
  type ResponseStatisticsRepository,
  rollupsCanAnswer,
  type Rollups,
  type TallyRow,
} from '../ingestion/response-statistics.repository';
import type { StatisticsItem } from './items';
import type { Dimension } from './statistics.dto';
import { readTally, TALLY_GROUP_LIMIT, tallyLayout, type TallyLayout } from './tally';

/*
 * Statistics' figures from the rows of ingestion's statements over responses
 * (ResponseStatisticsRepository): each questionnaire version's tally moved to where one merged
 * layout counts it, and added up per population, breakdown value and crosstab cell.
 */

export type { PopulationFilter, ResponseFilters, Rollups };

/** Where each item's counts sit in a group's vector: `[answered, option 1, option 2, …]`. */
export interface CountLayout {
  offsets: number[];
  width: number;
}

export function countLayout(items: StatisticsItem[]): CountLayout {
  const offsets: number[] = [];
  let width = 0;
  for (const item of items) {
    offsets.push(width);
    width += 1 + item.options.length;
  }
  return { offsets, width };
}

/** Respondents and item counts of one group of responses (a breakdown value, a crosstab cell, all). */
export interface GroupTally {
  respondents: number;
  /** Per the layout: how many answered each item, and chose each option. */
  counts: number[];
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
}

/** The tallies statistics need: the whole population, each breakdown value, each crosstab cell. */
export interface RolledUpTallies {
  overall: GroupTally;
  byDimension: Map<Dimension, Map<string, GroupTally>>;
  /** Per crosstab asked: row value → column value → tally. */
  crosstabs: Map<string, Map<string, GroupTally>>[];
}

function emptyTally(width: number): GroupTally {
  return { respondents: 0, counts: new Array<number>(width).fill(0), firstSubmittedAt: null, lastSubmittedAt: null };
}

/** Where each row of a grouping set is added up: the population, a breakdown value, a crosstab cell. */
class RollupTargets {
  readonly tallies: RolledUpTallies;
  constructor(
    private readonly rollups: Rollups,
    private readonly width: number,
  ) {
    this.tallies = {
      overall: emptyTally(width),
      byDimension: new Map(rollups.dimensions.map((d) => [d, new Map()])),
      crosstabs: rollups.crosstabs.map(() => new Map()),
    };
  }

  /** The tallies a row of this grouping adds to (a crosstab pair may be asked twice). */
  targetsOf(row: GroupRow): GroupTally[] {
    const valueOf = (dimension: Dimension) => row[dimension] ?? '';
    const targets: GroupTally[] = [];
    if (row.grouping === groupingOf([])) targets.push(this.tallies.overall);
    for (const dimension of this.rollups.dimensions) {
      if (row.grouping !== groupingOf([dimension])) continue;
      targets.push(this.slot(this.tallies.byDimension.get(dimension)!, valueOf(dimension)));
    }
    this.rollups.crosstabs.forEach(({ rows, columns }, index) => {
      if (row.grouping !== groupingOf([rows, columns])) return;
      const byRow = this.tallies.crosstabs[index];
      let cells = byRow.get(valueOf(rows));
      if (!cells) {
        cells = new Map();
        byRow.set(valueOf(rows), cells);
      }
      targets.push(this.slot(cells, valueOf(columns)));
    });
    return targets;
  }

  /**
   * For a row of one demographic group (not rolled up): every tally it adds to, the population,
   * its value in each breakdown and its crosstab cell.
   */
  allTargetsOf(row: { country: string; segment: string; role: string; relationshipBand: string }): GroupTally[] {
    const valueOf = (dimension: Dimension) => row[dimension] ?? '';
    const targets = [this.tallies.overall];
    for (const dimension of this.rollups.dimensions) {
      targets.push(this.slot(this.tallies.byDimension.get(dimension)!, valueOf(dimension)));
    }
    this.rollups.crosstabs.forEach(({ rows, columns }, index) => {
      const byRow = this.tallies.crosstabs[index];
      let cells = byRow.get(valueOf(rows));
      if (!cells) {
        cells = new Map();
        byRow.set(valueOf(rows), cells);
      }
      targets.push(this.slot(cells, valueOf(columns)));
    });
    return targets;
  }

  slotOf(map: Map<string, GroupTally>, value: string): GroupTally {
    return this.slot(map, value);
  }

  private slot(map: Map<string, GroupTally>, value: string): GroupTally {
    let tally = map.get(value);
    if (!tally) {
      tally = emptyTally(this.width);
      map.set(value, tally);
    }
    return tally;
  }
}

function addRow(target: GroupTally, row: GroupRow, counts: (field: number) => number, width: number): void {
  target.respondents += Number(row.respondents);
  for (let i = 0; i < width; i += 1) target.counts[i] += counts(i);
  if (row.firstSubmittedAt && (!target.firstSubmittedAt || row.firstSubmittedAt < target.firstSubmittedAt)) {
    target.firstSubmittedAt = row.firstSubmittedAt;
  }
  if (row.lastSubmittedAt && (!target.lastSubmittedAt || row.lastSubmittedAt > target.lastSubmittedAt)) {
    target.lastSubmittedAt = row.lastSubmittedAt;
  }
}

/**
 * The tallies of the population, of each breakdown value and of each crosstab cell, laid out for
 * `items` (all versions' items, merged): each version's counters are moved to where the merged
 * layout has them.
 */
export async function rolledUpTallies(
  responses: ResponseStatisticsRepository,
  items: StatisticsItem[],
  versions: Map<number, Questionnaire>,
  filters: ResponseFilters,
  rollups: Rollups,
  options: {
    exact?: boolean;
    /** The group size from which tally fields would overflow; lowered only by tests, to take the fallback. */
    groupLimit?: number;
    /** Sum every response's tally instead of reading the rollups (what the rollups are checked against). */
    scan?: boolean;
    tx?: EntityManager;
  } = {},
): Promise<RolledUpTallies> {
  const layout = countLayout(items);
  const versionLayouts = new Map(
    [...versions].map(([version, questionnaire]) => [version, tallyLayout(questionnaire)]),
  );
  const words = Math.max(0, ...[...versionLayouts.values()].map((l) => l.words));
  const targets = new RollupTargets(rollups, layout.width);
  const fieldMaps = new Map<number, number[]>();
  const fieldMapOf = (version: number): number[] | undefined => {
    const versionLayout = versionLayouts.get(version);
    if (!versionLayout) return undefined;
    let fieldMap = fieldMaps.get(version);
    if (!fieldMap) {
      fieldMap = mergedFieldOf(versionLayout, items, layout);
      fieldMaps.set(version, fieldMap);
    }
    return fieldMap;
  };
  if (!options.exact && !options.scan && rollupsCanAnswer(filters)) {
    // Counters already unpacked: no field can overflow, whatever the size of a group.
    const fields = Math.max(0, ...[...versionLayouts.values()].map((l) => l.fields));
    const rows = await responses.rollupGroups(fields, filters, rollups, options.tx);
    const range = await responses.submissionRange(filters, options.tx);
    // Only the whole population's first and last submission are shown (the rollups keep none).
    targets.tallies.overall.firstSubmittedAt = range.first;
    targets.tallies.overall.lastSubmittedAt = range.last;
    const slices = new TimeSlices();
    for (const row of rows) {
      if (slices.due()) await slices.pause();
      const fieldMap = fieldMapOf(row.version);
      if (!fieldMap) continue;
      const counts = new Array<number>(layout.width).fill(0);
      fieldMap.forEach((target, field) => {
        if (target >= 0) counts[target] += Number(row.counts[field] ?? 0);
      });
      for (const target of targets.targetsOf(row)) addRow(target, row, (i) => counts[i], layout.width);
    }
    return targets.tallies;
  }
  const rows: TallyRow[] = await responses.tallyGroups(words, filters, rollups, options.tx);
  // The whole population is the largest group: if its count fits a tally field, every count does.
  const groupLimit = options.groupLimit ?? TALLY_GROUP_LIMIT;
  if (options.exact || rows.some((row) => Number(row.respondents) >= groupLimit)) {
    const exact: CountRow[] = await responses.answerGroups(items, filters, rollups, options.tx);
    const slices = new TimeSlices();
    for (const row of exact) {
      if (slices.due()) await slices.pause();
      for (const target of targets.targetsOf(row)) addRow(target, row, (i) => row.counts[i], layout.width);
    }
    return targets.tallies;
  }
  const slices = new TimeSlices();
  for (const row of rows) {
    if (slices.due()) await slices.pause();
    const versionLayout = versionLayouts.get(row.version);
    const fieldMap = fieldMapOf(row.version);
    if (!versionLayout || !fieldMap) continue;
    const counts = new Array<number>(layout.width).fill(0);
    readTally(row.sums, versionLayout).forEach((count, field) => {
      if (fieldMap[field] >= 0) counts[fieldMap[field]] += count;
    });
    for (const target of targets.targetsOf(row)) addRow(target, row, (i) => counts[i], layout.width);
  }
  return targets.tallies;
}

/** For each field of a version's tally, where the merged layout counts it (-1: nowhere). */
function mergedFieldOf(versionLayout: TallyLayout, items: StatisticsItem[], layout: CountLayout): number[] {
  const target = new Array<number>(versionLayout.fields).fill(-1);
  const index = new Map(items.map((item, i) => [item.name, i]));
  versionLayout.items.forEach((item, v) => {
    const i = index.get(item.name);
    if (i === undefined || items[i].type !== item.type || items[i].ranked !== item.ranked) return;
    const first = versionLayout.firstField[v];
    target[first] = layout.offsets[i];
    const optionIndex = new Map(items[i].options.map((option, o) => [JSON.stringify(option.value), o]));
    item.options.forEach((option, o) => {
      const merged = optionIndex.get(JSON.stringify(option.value));
      if (merged !== undefined) target[first + 1 + o] = layout.offsets[i] + 1 + merged;
    });
  });
  return target;
}

/** The responses of one atom: those in exactly these populations (`signature[i]`: in population i). */
export interface AtomTallies {
  signature: boolean[];
  tallies: RolledUpTallies;
}

/**
 * The tallies of every atom of several populations of one survey: the responses are split by
 * which of the populations they belong to (a Venn diagram), and each part is added up like a
 * population of its own, per breakdown value and crosstab cell. One scan of the responses that
 * belong to any of them; the roll-up to breakdowns happens here, over the few thousand rows of
 * (part, demographic group, version).
 */
export async function atomTallies(
  responses: ResponseStatisticsRepository,
  items: StatisticsItem[],
  versions: Map<number, Questionnaire>,
  surveyId: string,
  populations: PopulationFilter[],
  rollups: Rollups,
  options: { exact?: boolean; tx?: EntityManager } = {},
): Promise<AtomTallies[]> {
  const layout = countLayout(items);
  const versionLayouts = new Map(
    [...versions].map(([version, questionnaire]) => [version, tallyLayout(questionnaire)]),
  );
  const words = Math.max(0, ...[...versionLayouts.values()].map((l) => l.words));
  if (populations.length === 0) return [];
  const group = (exact: boolean): Promise<AtomRow[]> =>
    responses.atomGroups(
      surveyId,
      populations,
      rollups,
      exact ? { exact: true, items } : { exact: false, words },
      options.tx,
    );
  let exact = Boolean(options.exact);
  let rows = await group(exact);
  if (!exact && rows.some((row) => Number(row.respondents) >= TALLY_GROUP_LIMIT)) {
    rows = await group(true);
    exact = true;
  }
  const atoms = new Map<string, RollupTargets>();
  const signatures = new Map<string, boolean[]>();
  const fieldMaps = new Map<number, number[]>();
  const slices = new TimeSlices();
  for (const row of rows) {
    if (slices.due()) await slices.pause();
    const id = row.signature.map((bit) => (bit ? '1' : '0')).join('');
    let targets = atoms.get(id);
    if (!targets) {
      targets = new RollupTargets(rollups, layout.width);
      atoms.set(id, targets);
      signatures.set(id, row.signature);
    }
    let counts: number[];
    if (exact) {
      counts = (row.counts ?? []).map(Number);
    } else {
      const versionLayout = versionLayouts.get(row.version);
      if (!versionLayout) continue;
      let fieldMap = fieldMaps.get(row.version);
      if (!fieldMap) {
        fieldMap = mergedFieldOf(versionLayout, items, layout);
        fieldMaps.set(row.version, fieldMap);
      }
      counts = new Array<number>(layout.width).fill(0);
      readTally(row.sums ?? [], versionLayout).forEach((count, field) => {
        if (fieldMap![field] >= 0) counts[fieldMap![field]] += count;
      });
    }
    for (const target of targets.allTargetsOf(row))
      addRow(target, row as unknown as GroupRow, (i) => counts[i], layout.width);
  }
  return [...atoms].map(([id, targets]) => ({ signature: signatures.get(id)!, tallies: targets.tallies }));
}

/** The sum of several tallies of the same layout (atoms added up into a population). */
export function sumTallies(parts: RolledUpTallies[], rollups: Rollups, width: number): RolledUpTallies {
  const targets = new RollupTargets(rollups, width);
  const add = (target: GroupTally, tally: GroupTally) =>
    addRow(
      target,
      {
        grouping: 0,
        country: null,
        segment: null,
        role: null,
        relationshipBand: null,
        respondents: tally.respondents,
        firstSubmittedAt: tally.firstSubmittedAt,
        lastSubmittedAt: tally.lastSubmittedAt,
      },
      (i) => tally.counts[i],
      width,
    );
  for (const part of parts) {
    add(targets.tallies.overall, part.overall);
    for (const [dimension, groups] of part.byDimension) {
      const into = targets.tallies.byDimension.get(dimension);
      if (!into) continue;
      for (const [value, tally] of groups) add(targets.slotOf(into, value), tally);
    }
    part.crosstabs.forEach((rows, index) => {
      const into = targets.tallies.crosstabs[index];
      if (!into) return;
      for (const [row, columns] of rows) {
        let cells = into.get(row);
        if (!cells) {
          cells = new Map();
          into.set(row, cells);
        }
        for (const [column, tally] of columns) add(targets.slotOf(cells, column), tally);
      }
    });
  }
  return targets.tallies;
}
