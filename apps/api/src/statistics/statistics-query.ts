import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Questionnaire } from '@survey/questionnaire';
import type { StatisticsItem } from './items';
import type { Dimension } from './statistics.dto';
import { TimeSlices } from '../common/time-slice';
import { readTally, TALLY_GROUP_LIMIT, tallyLayout, type TallyLayout } from './tally';

/** Working memory of the statistics statement (a few hundred bytes per demographic group and item). */
const STATISTICS_WORK_MEM = '256MB';

export interface ResponseFilters {
  surveyId: string;
  campaignId?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Only responses received by then (a report's population). */
  receivedBy?: Date | null;
}

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

/** Collects query parameters, each distinct value once. */
class Parameters {
  readonly values: unknown[] = [];
  private readonly index = new Map<string, number>();

  add(value: unknown, cast = ''): string {
    const key = `${cast}:${typeof value === 'string' ? value : JSON.stringify(value)}`;
    let position = this.index.get(key);
    if (position === undefined) {
      this.values.push(value);
      position = this.values.length;
      this.index.set(key, position);
    }
    return `$${position}${cast}`;
  }
}

/**
 * Question names and option values are written into the statement as escaped literals, not
 * parameters: a parameter cast to jsonb is parsed again for every row, a literal once.
 */
function literal(value: string): string {
  return escapeLiteral(value);
}

function answerOf(item: StatisticsItem): { answered: string; value: string } {
  const question = literal(item.path[0]);
  if (item.path.length === 2) {
    const row = literal(item.path[1]);
    return { answered: `(answers->${question}) ? ${row}`, value: `answers->${question}->${row}` };
  }
  return { answered: `answers ? ${question}`, value: `answers->${question}` };
}

function optionPredicate(item: StatisticsItem, value: string, option: unknown): string {
  if (item.multiple) return `${value} @> ${literal(JSON.stringify([option]))}::jsonb`;
  return `${value} = ${literal(JSON.stringify(option))}::jsonb`;
}

function filterConditions(filters: ResponseFilters, parameters: Parameters): string {
  const conditions = [`survey_id = ${parameters.add(filters.surveyId, '::uuid')}`];
  if (filters.campaignId) conditions.push(`campaign_id = ${parameters.add(filters.campaignId, '::uuid')}`);
  if (filters.from) conditions.push(`submitted_at >= ${parameters.add(filters.from, '::timestamptz')}`);
  if (filters.to) conditions.push(`submitted_at < ${parameters.add(filters.to, '::timestamptz')}`);
  if (filters.receivedBy) conditions.push(`received_at <= ${parameters.add(filters.receivedBy, '::timestamptz')}`);
  return conditions.join(' AND ');
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

export interface Rollups {
  dimensions: Dimension[];
  crosstabs: { rows: Dimension; columns: Dimension }[];
}

const COLUMN_OF: Record<Dimension, string> = {
  country: 'country',
  segment: 'segment',
  role: 'role',
  relationshipBand: 'band',
};
const GROUPING_ORDER: Dimension[] = ['country', 'segment', 'role', 'relationshipBand'];

/** PostgreSQL's GROUPING(country, segment, role, band) of a set: a bit set for each dimension not grouped. */
function groupingOf(dimensions: Dimension[]): number {
  return GROUPING_ORDER.reduce(
    (bits, dimension, i) => (dimensions.includes(dimension) ? bits : bits | (1 << (3 - i))),
    0,
  );
}

/** GROUPING(country, segment, role, band), written so that it names only the columns some set groups by. */
function groupingExpression(rollups: Rollups): string {
  const used = new Set([...rollups.dimensions, ...rollups.crosstabs.flatMap((c) => [c.rows, c.columns])]);
  const bits = GROUPING_ORDER.map((dimension, i) =>
    used.has(dimension) ? `GROUPING(${COLUMN_OF[dimension]}) * ${1 << (3 - i)}` : String(1 << (3 - i)),
  );
  return `(${bits.join(' + ')})`;
}

/** The dimension columns, each NULL when no set groups by it (it may not be selected then). */
function groupColumns(rollups: Rollups): string {
  const used = new Set([...rollups.dimensions, ...rollups.crosstabs.flatMap((c) => [c.rows, c.columns])]);
  return GROUPING_ORDER.map(
    (dimension) => `${used.has(dimension) ? COLUMN_OF[dimension] : 'NULL::text'} AS "${dimension}"`,
  ).join(', ');
}

function groupingSets(rollups: Rollups): string {
  const sets = new Map<number, Dimension[]>([[groupingOf([]), []]]);
  for (const dimension of rollups.dimensions) sets.set(groupingOf([dimension]), [dimension]);
  for (const { rows, columns } of rollups.crosstabs) sets.set(groupingOf([rows, columns]), [rows, columns]);
  return [...sets.values()].map((set) => `(${set.map((d) => COLUMN_OF[d]).join(', ')})`).join(', ');
}

/**
 * Two steps in one statement. The first scans the survey's responses once and sums their tallies
 * (see tally.ts) per demographic group and questionnaire version, in one hash table; the second
 * adds those groups up into the breakdowns and crosstabs asked for (grouping sets over a few
 * thousand rows). The cost grows with the responses read, not with the breakdowns shown.
 */
export function tallyGroupsQuery(
  words: number,
  filters: ResponseFilters,
  rollups: Rollups,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const range = Array.from({ length: words }, (_, w) => w + 1);
  const text = `WITH fine AS MATERIALIZED (
                  SELECT country, segment, coalesce(role, '') AS role, relationship_band AS band,
                         questionnaire_version AS version, count(*)::int8 AS respondents,
                         ARRAY[${range.map((w) => `sum(tally[${w}])::int8`).join(', ')}]::int8[] AS sums,
                         min(submitted_at) AS first, max(submitted_at) AS last
                    FROM responses
                   WHERE ${filterConditions(filters, parameters)}
                   GROUP BY 1, 2, 3, 4, 5)
                SELECT ${groupingExpression(rollups)}::int AS grouping, ${groupColumns(rollups)}, version, sum(respondents)::int8 AS respondents,
                       ARRAY[${range.map((w) => `sum(sums[${w}])::int8`).join(', ')}]::int8[] AS sums,
                       min(first) AS "firstSubmittedAt", max(last) AS "lastSubmittedAt"
                  FROM fine
                 GROUP BY version, GROUPING SETS (${groupingSets(rollups)})`;
  return { text, values: parameters.values };
}

/**
 * The same figures by comparing jsonb answers, option by option: exact for groups of any size,
 * several times slower; used only when a group is too large for the tally's fields.
 */
export function answerGroupsQuery(
  items: StatisticsItem[],
  filters: ResponseFilters,
  rollups: Rollups,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const counters: string[] = [];
  for (const item of items) {
    const { answered, value } = answerOf(item);
    counters.push(`count(*) FILTER (WHERE ${answered})`);
    for (const option of item.options) {
      counters.push(`count(*) FILTER (WHERE ${optionPredicate(item, value, option.value)})`);
    }
  }
  const text = `SELECT ${groupingExpression(rollups)}::int AS grouping, ${groupColumns(rollups)}, count(*)::int AS respondents,
                       ARRAY[${counters.join(', ')}]::int[] AS counts,
                       min(submitted_at) AS "firstSubmittedAt", max(submitted_at) AS "lastSubmittedAt"
                  FROM (SELECT country, segment, coalesce(role, '') AS role, relationship_band AS band, answers,
                               submitted_at
                          FROM responses
                         WHERE ${filterConditions(filters, parameters)}) r
                 GROUP BY GROUPING SETS (${groupingSets(rollups)})`;
  return { text, values: parameters.values };
}

interface GroupRow {
  grouping: number;
  country: string | null;
  segment: string | null;
  role: string | null;
  relationshipBand: string | null;
  respondents: number | string;
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
}

interface TallyRow extends GroupRow {
  version: number;
  sums: (string | null)[];
}

interface CountRow extends GroupRow {
  counts: number[];
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
  manager: EntityManager,
  items: StatisticsItem[],
  versions: Map<number, Questionnaire>,
  filters: ResponseFilters,
  rollups: Rollups,
  options: {
    exact?: boolean;
    /** The group size from which tally fields would overflow; lowered only by tests, to take the fallback. */
    groupLimit?: number;
  } = {},
): Promise<RolledUpTallies> {
  const layout = countLayout(items);
  const versionLayouts = new Map(
    [...versions].map(([version, questionnaire]) => [version, tallyLayout(questionnaire)]),
  );
  const words = Math.max(0, ...[...versionLayouts.values()].map((l) => l.words));
  const { text, values } = tallyGroupsQuery(words, filters, rollups);
  const rows = await withStatisticsMemory<TallyRow[]>(manager, text, values);
  const targets = new RollupTargets(rollups, layout.width);
  // The whole population is the largest group: if its count fits a tally field, every count does.
  const groupLimit = options.groupLimit ?? TALLY_GROUP_LIMIT;
  if (options.exact || rows.some((row) => Number(row.respondents) >= groupLimit)) {
    const exact = answerGroupsQuery(items, filters, rollups);
    const slices = new TimeSlices();
    for (const row of await withStatisticsMemory<CountRow[]>(manager, exact.text, exact.values)) {
      if (slices.due()) await slices.pause();
      for (const target of targets.targetsOf(row)) addRow(target, row, (i) => row.counts[i], layout.width);
    }
    return targets.tallies;
  }
  const fieldMaps = new Map<number, number[]>();
  const slices = new TimeSlices();
  for (const row of rows) {
    if (slices.due()) await slices.pause();
    const versionLayout = versionLayouts.get(row.version);
    if (!versionLayout) continue;
    let fieldMap = fieldMaps.get(row.version);
    if (!fieldMap) {
      fieldMap = mergedFieldOf(versionLayout, items, layout);
      fieldMaps.set(row.version, fieldMap);
    }
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
    if (i === undefined || items[i].type !== item.type) return;
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

/**
 * Runs a statistics statement with enough memory to aggregate the groups in one hash table: the
 * default (4 MB) makes PostgreSQL sort every response on disk first, several times slower.
 */
function withStatisticsMemory<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T> {
  return manager.transaction(async (transaction) => {
    await transaction.query(`SET LOCAL work_mem = '${STATISTICS_WORK_MEM}'`);
    return transaction.query(text, values) as Promise<T>;
  });
}

/** Which responses a publication counts: a campaign, a period of submission, received by a time. */
export interface PopulationFilter {
  campaignId?: string | null;
  from?: Date | null;
  to?: Date | null;
  receivedBy?: Date | null;
}

function populationCondition(population: PopulationFilter, parameters: Parameters): string {
  const conditions = ['true'];
  if (population.campaignId) conditions.push(`campaign_id = ${parameters.add(population.campaignId, '::uuid')}`);
  if (population.from) conditions.push(`submitted_at >= ${parameters.add(population.from, '::timestamptz')}`);
  if (population.to) conditions.push(`submitted_at < ${parameters.add(population.to, '::timestamptz')}`);
  if (population.receivedBy) {
    conditions.push(`received_at <= ${parameters.add(population.receivedBy, '::timestamptz')}`);
  }
  return `(${conditions.join(' AND ')})`;
}

/** The responses of one atom: those in exactly these populations (`signature[i]`: in population i). */
export interface AtomTallies {
  signature: boolean[];
  tallies: RolledUpTallies;
}

interface AtomRow {
  signature: boolean[];
  country: string;
  segment: string;
  role: string;
  relationshipBand: string;
  version: number;
  respondents: string | number;
  sums?: (string | null)[];
  counts?: number[];
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
}

/**
 * The tallies of every atom of several populations of one survey: the responses are split by
 * which of the populations they belong to (a Venn diagram), and each part is added up like a
 * population of its own, per breakdown value and crosstab cell. One scan of the responses that
 * belong to any of them; the roll-up to breakdowns happens here, over the few thousand rows of
 * (part, demographic group, version).
 */
export async function atomTallies(
  manager: EntityManager,
  items: StatisticsItem[],
  versions: Map<number, Questionnaire>,
  surveyId: string,
  populations: PopulationFilter[],
  rollups: Rollups,
  options: { exact?: boolean } = {},
): Promise<AtomTallies[]> {
  const layout = countLayout(items);
  const versionLayouts = new Map(
    [...versions].map(([version, questionnaire]) => [version, tallyLayout(questionnaire)]),
  );
  const words = Math.max(0, ...[...versionLayouts.values()].map((l) => l.words));
  const build = (exact: boolean) => {
    const parameters = new Parameters();
    const conditions = populations.map((population) => populationCondition(population, parameters));
    const counters: string[] = [];
    if (exact) {
      for (const item of items) {
        const { answered, value } = answerOf(item);
        counters.push(`count(*) FILTER (WHERE ${answered})::int8`);
        for (const option of item.options) {
          counters.push(`count(*) FILTER (WHERE ${optionPredicate(item, value, option.value)})::int8`);
        }
      }
    }
    const measures = exact
      ? `ARRAY[${counters.join(', ')}]::int8[] AS counts`
      : `ARRAY[${Array.from({ length: words }, (_, w) => `sum(tally[${w + 1}])::int8`).join(', ')}]::int8[] AS sums`;
    // Only the dimensions asked for are grouped by: the others would multiply the rows for nothing.
    const used = new Set([...rollups.dimensions, ...rollups.crosstabs.flatMap((c) => [c.rows, c.columns])]);
    const column = (dimension: Dimension, expression: string) => (used.has(dimension) ? expression : `''::text`);
    const text = `SELECT ARRAY[${conditions.join(', ')}]::bool[] AS signature, ${column('country', 'country')} AS country,
                         ${column('segment', 'segment')} AS segment, ${column('role', "coalesce(role, '')")} AS role,
                         ${column('relationshipBand', 'relationship_band')} AS "relationshipBand",
                         questionnaire_version AS version, count(*)::int8 AS respondents, ${measures},
                         min(submitted_at) AS "firstSubmittedAt", max(submitted_at) AS "lastSubmittedAt"
                    FROM responses
                   WHERE survey_id = ${parameters.add(surveyId, '::uuid')} AND (${conditions.join(' OR ')})
                   GROUP BY 1, 2, 3, 4, 5, 6`;
    return { text, values: parameters.values };
  };
  if (populations.length === 0) return [];
  const fast = build(Boolean(options.exact));
  let rows = await withStatisticsMemory<AtomRow[]>(manager, fast.text, fast.values);
  let exact = Boolean(options.exact);
  if (!exact && rows.some((row) => Number(row.respondents) >= TALLY_GROUP_LIMIT)) {
    const slow = build(true);
    rows = await withStatisticsMemory<AtomRow[]>(manager, slow.text, slow.values);
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
