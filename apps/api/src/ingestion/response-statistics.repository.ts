import { Injectable } from '@nestjs/common';
import { escapeLiteral } from 'pg';
import type { EntityManager } from 'typeorm';
import type { MeasureItem, StatisticsItem } from '../statistics/items';
import type { Dimension } from '../statistics/statistics.dto';
import { ReadDatabase } from '../database/read-database';

/**
 * The statements statistics run over `responses`: tallies summed per demographic group (and per
 * part of several populations), or, when a group is too large for the tallies' fields, answers
 * compared one by one. Statistics turns the rows into figures (statistics/statistics-tallies.ts).
 */

/** Working memory of the statistics statement (a few hundred bytes per demographic group and item). */
const STATISTICS_WORK_MEM = '256MB';

export interface ResponseFilters {
  surveyId: string;
  campaignId?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Only responses received by then (a report's population). */
  receivedBy?: Date | null;
  /** Only these values of the demographic snapshot (each list: any of its values; '' is no role). */
  countries?: string[];
  segments?: string[];
  roles?: string[];
  bands?: string[];
  /** Only responses that gave one of the values of each condition (see `answerConditionSql`). */
  answers?: AnswerCondition[];
  channel?: string;
}

/** A closed question's (or matrix row's) answer among some of its option values. */
export interface AnswerCondition {
  path: [string] | [string, string];
  multiple: boolean;
  values: (string | number | boolean)[];
  /** A ranking choice: `values` are ranks (1 = first) at which the answer put this choice. */
  ranked?: string | number;
}

/** Which responses a publication counts: a campaign, a period of submission, received by a time. */
export interface PopulationFilter {
  campaignId?: string | null;
  from?: Date | null;
  to?: Date | null;
  receivedBy?: Date | null;
}

/** The breakdowns and crosstabs a statement adds its groups up into. */
export interface Rollups {
  dimensions: Dimension[];
  crosstabs: { rows: Dimension; columns: Dimension }[];
}

/** A row of one grouping set: the population, a breakdown value or a crosstab cell (see `groupingOf`). */
export interface GroupRow {
  grouping: number;
  country: string | null;
  segment: string | null;
  role: string | null;
  relationshipBand: string | null;
  respondents: number | string;
  firstSubmittedAt: Date | null;
  lastSubmittedAt: Date | null;
}

/** A group of one questionnaire version: its tallies summed word by word. */
export interface TallyRow extends GroupRow {
  version: number;
  sums: (string | null)[];
}

/** A group of one questionnaire version: its counters, unpacked (field by field of its tally). */
export interface RollupRow extends GroupRow {
  version: number;
  counts: (string | null)[];
}

/** A group's counts from comparing answers: `[answered, option 1, option 2, …]` per item. */
export interface CountRow extends GroupRow {
  counts: number[];
}

/** A demographic group of one part of several populations (`signature[i]`: in population i). */
export interface AtomRow {
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

/** What an atom statement adds up: the tallies' words, or the items' answers compared one by one. */
export type AtomMeasures = { exact: false; words: number } | { exact: true; items: StatisticsItem[] };

/** Collects query parameters, each distinct value once. */
export class Parameters {
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

function rankPredicate(question: string, choice: unknown, rank: number): string {
  return `answers->${literal(question)}->${Math.trunc(rank) - 1} = ${literal(JSON.stringify(choice))}::jsonb`;
}

function answerOf(item: StatisticsItem): { answered: string; value: string } {
  const question = literal(item.path[0]);
  if (item.ranked !== undefined) {
    return {
      answered: `answers->${question} @> ${literal(JSON.stringify([item.ranked]))}::jsonb`,
      value: `answers->${question}`,
    };
  }
  if (item.path.length === 2) {
    const row = literal(item.path[1]);
    return { answered: `(answers->${question}) ? ${row}`, value: `answers->${question}->${row}` };
  }
  return { answered: `answers ? ${question}`, value: `answers->${question}` };
}

function optionPredicate(item: StatisticsItem, value: string, option: unknown): string {
  // A ranking choice at rank r: the answer's (r-1)th entry is the choice.
  if (item.ranked !== undefined) return rankPredicate(item.path[0], item.ranked, option as number);
  if (item.multiple) return `${value} @> ${literal(JSON.stringify([option]))}::jsonb`;
  return `${value} = ${literal(JSON.stringify(option))}::jsonb`;
}

/** Per item: how many answered it, then how many chose each option. */
function answerCounters(items: StatisticsItem[], cast = ''): string[] {
  const counters: string[] = [];
  for (const item of items) {
    const { answered, value } = answerOf(item);
    counters.push(`count(*) FILTER (WHERE ${answered})${cast}`);
    for (const option of item.options) {
      counters.push(`count(*) FILTER (WHERE ${optionPredicate(item, value, option.value)})${cast}`);
    }
  }
  return counters;
}

/** The condition on one answer, with the values as jsonb literals (compared like the statistics' options). */
export function answerConditionSql(condition: AnswerCondition): string {
  if (condition.ranked !== undefined) {
    const ranked = condition.ranked;
    return `(${condition.values.map((rank) => rankPredicate(condition.path[0], ranked, rank as number)).join(' OR ')})`;
  }
  const question = literal(condition.path[0]);
  const value =
    condition.path.length === 2 ? `answers->${question}->${literal(condition.path[1])}` : `answers->${question}`;
  if (condition.multiple) {
    return `(${condition.values.map((option) => `${value} @> ${literal(JSON.stringify([option]))}::jsonb`).join(' OR ')})`;
  }
  return `${value} IN (${condition.values.map((option) => `${literal(JSON.stringify(option))}::jsonb`).join(', ')})`;
}

/** The WHERE conditions of the responses a view of a survey counts (columns of `alias`, if given). */
export function filterConditions(filters: ResponseFilters, parameters: Parameters, alias = ''): string {
  const c = (column: string) => (alias ? `${alias}.${column}` : column);
  const conditions = [`${c('survey_id')} = ${parameters.add(filters.surveyId, '::uuid')}`];
  if (filters.campaignId) conditions.push(`${c('campaign_id')} = ${parameters.add(filters.campaignId, '::uuid')}`);
  if (filters.from) conditions.push(`${c('submitted_at')} >= ${parameters.add(filters.from, '::timestamptz')}`);
  if (filters.to) conditions.push(`${c('submitted_at')} < ${parameters.add(filters.to, '::timestamptz')}`);
  if (filters.receivedBy) {
    conditions.push(`${c('received_at')} <= ${parameters.add(filters.receivedBy, '::timestamptz')}`);
  }
  if (filters.countries?.length) {
    conditions.push(`${c('country')} = ANY(${parameters.add(filters.countries, '::text[]')})`);
  }
  if (filters.segments?.length) {
    conditions.push(`${c('segment')} = ANY(${parameters.add(filters.segments, '::text[]')})`);
  }
  if (filters.roles?.length) {
    conditions.push(`coalesce(${c('role')}, '') = ANY(${parameters.add(filters.roles, '::text[]')})`);
  }
  if (filters.bands?.length) {
    conditions.push(`${c('relationship_band')} = ANY(${parameters.add(filters.bands, '::text[]')})`);
  }
  if (filters.channel) conditions.push(`${c('channel')} = ${parameters.add(filters.channel)}`);
  // Answer conditions name no alias: they are used only where `responses` is the one table.
  for (const condition of filters.answers ?? []) conditions.push(answerConditionSql(condition));
  return conditions.join(' AND ');
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

const COLUMN_OF: Record<Dimension, string> = {
  country: 'country',
  segment: 'segment',
  role: 'role',
  relationshipBand: 'band',
};
const GROUPING_ORDER: Dimension[] = ['country', 'segment', 'role', 'relationshipBand'];

/** PostgreSQL's GROUPING(country, segment, role, band) of a set: a bit set for each dimension not grouped. */
export function groupingOf(dimensions: Dimension[]): number {
  return GROUPING_ORDER.reduce(
    (bits, dimension, i) => (dimensions.includes(dimension) ? bits : bits | (1 << (3 - i))),
    0,
  );
}

function usedDimensions(rollups: Rollups): Set<Dimension> {
  return new Set([...rollups.dimensions, ...rollups.crosstabs.flatMap((c) => [c.rows, c.columns])]);
}

/** GROUPING(country, segment, role, band), written so that it names only the columns some set groups by. */
function groupingExpression(rollups: Rollups): string {
  const used = usedDimensions(rollups);
  const bits = GROUPING_ORDER.map((dimension, i) =>
    used.has(dimension) ? `GROUPING(${COLUMN_OF[dimension]}) * ${1 << (3 - i)}` : String(1 << (3 - i)),
  );
  return `(${bits.join(' + ')})`;
}

/** The dimension columns, each NULL when no set groups by it (it may not be selected then). */
function groupColumns(rollups: Rollups): string {
  const used = usedDimensions(rollups);
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
 * (see statistics/tally.ts) per demographic group and questionnaire version, in one hash table;
 * the second adds those groups up into the breakdowns and crosstabs asked for (grouping sets over
 * a few thousand rows). The cost grows with the responses read, not with the breakdowns shown.
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

/** The first instant of the month (UTC) at or after `at` (`at` itself when it is one). */
function monthCeil(at: Date): Date {
  const floor = monthFloor(at);
  return floor.getTime() === at.getTime() ? floor : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** The first instant of the month (UTC) of `at`. */
function monthFloor(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** Whether a view can be counted from the rollups: every filter is at their grain but answers'. */
export function rollupsCanAnswer(filters: ResponseFilters): boolean {
  return !filters.answers?.length;
}

/**
 * The same rows as `tallyGroupsQuery`, with the counters unpacked (`counts`, one per field of the
 * widest version), read from the rollups instead of the responses: whole months from
 * `response_rollups`, plus, from `responses`, the pending tail and the responses of the partial
 * months at the ends of the period and of the reception cut. Exact at any size (no packed field
 * can overflow) and current (the tail is read in the same snapshot as the rollups).
 */
export function rollupGroupsQuery(
  fields: number,
  filters: ResponseFilters,
  rollups: Rollups,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const survey = parameters.add(filters.surveyId, '::uuid');
  const fromCeil = filters.from ? monthCeil(filters.from) : null;
  const toFloor = filters.to ? monthFloor(filters.to) : null;
  const receivedFloor = filters.receivedBy ? monthFloor(filters.receivedBy) : null;
  const month = (at: Date) => parameters.add(at.toISOString().slice(0, 10), '::date');
  const rollupConditions = [`survey_id = ${survey}`];
  if (filters.campaignId) rollupConditions.push(`campaign_id = ${parameters.add(filters.campaignId, '::uuid')}`);
  if (fromCeil) rollupConditions.push(`month >= ${month(fromCeil)}`);
  if (toFloor) rollupConditions.push(`month < ${month(toFloor)}`);
  if (receivedFloor) rollupConditions.push(`received_month < ${month(receivedFloor)}`);
  if (filters.countries?.length)
    rollupConditions.push(`country = ANY(${parameters.add(filters.countries, '::text[]')})`);
  if (filters.segments?.length) rollupConditions.push(`segment = ANY(${parameters.add(filters.segments, '::text[]')})`);
  if (filters.roles?.length) rollupConditions.push(`role = ANY(${parameters.add(filters.roles, '::text[]')})`);
  if (filters.bands?.length) {
    rollupConditions.push(`relationship_band = ANY(${parameters.add(filters.bands, '::text[]')})`);
  }
  if (filters.channel) rollupConditions.push(`channel = ${parameters.add(filters.channel)}`);
  const responses = filterConditions(filters, parameters, 'r');
  const at = (value: Date) => parameters.add(value, '::timestamptz');
  const notPending = 'NOT EXISTS (SELECT 1 FROM response_rollup_pending p WHERE p.response_id = r.id)';
  // Folded responses the rollup rows leave out, each in one branch only.
  const edges: string[] = [];
  if (fromCeil && filters.from && fromCeil.getTime() !== filters.from.getTime()) {
    edges.push(`r.submitted_at < ${at(fromCeil)}`);
  }
  const afterFrom = fromCeil ? `r.submitted_at >= ${at(fromCeil)}` : 'true';
  if (toFloor && filters.to && toFloor.getTime() !== filters.to.getTime()) {
    edges.push(`r.submitted_at >= ${at(toFloor)} AND ${afterFrom}`);
  }
  if (receivedFloor) {
    const beforeTo = toFloor ? `r.submitted_at < ${at(toFloor)}` : 'true';
    edges.push(`r.received_at >= ${at(receivedFloor)} AND ${afterFrom} AND ${beforeTo}`);
  }
  const fieldRange = Array.from({ length: fields }, (_, f) => f + 1);
  const responseColumns = `r.country, r.segment, coalesce(r.role, '') AS role, r.relationship_band AS band,
                           r.questionnaire_version AS version, 1::int8 AS respondents,
                           response_tally_fields(r.tally) AS counts`;
  // A view of every month reads the totals (no time in their key): a few rows per demographic group.
  const table = fromCeil || toFloor || receivedFloor ? 'response_rollups' : 'response_rollup_totals';
  const branches = [
    `SELECT country, segment, role, relationship_band AS band, questionnaire_version AS version, respondents, counts
       FROM ${table} WHERE ${rollupConditions.join(' AND ')}`,
    `SELECT ${responseColumns}
       FROM response_rollup_pending p JOIN responses r ON r.id = p.response_id
      WHERE p.survey_id = ${survey} AND ${responses}`,
    ...edges.map(
      (edge) => `SELECT ${responseColumns}
                   FROM responses r
                  WHERE ${responses}
                    AND ${edge} AND ${notPending}`,
    ),
  ];
  const text = `WITH fine AS MATERIALIZED (
                  SELECT country, segment, role, band, version, sum(respondents)::int8 AS respondents,
                         ARRAY[${fieldRange.map((f) => `coalesce(sum(counts[${f}]), 0)::int8`).join(', ')}]::int8[] AS counts
                    FROM (${branches.join('\n UNION ALL \n')}) u
                   GROUP BY 1, 2, 3, 4, 5)
                SELECT ${groupingExpression(rollups)}::int AS grouping, ${groupColumns(rollups)}, version, sum(respondents)::int8 AS respondents,
                       ARRAY[${fieldRange.map((f) => `sum(counts[${f}])::int8`).join(', ')}]::int8[] AS counts,
                       NULL::timestamptz AS "firstSubmittedAt", NULL::timestamptz AS "lastSubmittedAt"
                  FROM fine
                 GROUP BY version, GROUPING SETS (${groupingSets(rollups)})`;
  return { text, values: parameters.values };
}

/** The first and last submission of a view's responses (the rollups do not keep them). */
export function submissionRangeQuery(filters: ResponseFilters): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const text = `SELECT min(submitted_at) AS first, max(submitted_at) AS last FROM responses
                 WHERE ${filterConditions(filters, parameters)}`;
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
  const counters = answerCounters(items);
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

/**
 * The responses that belong to any of several populations of one survey, split by which of them
 * they belong to (a Venn diagram), per demographic group and version; only the dimensions asked
 * for are grouped by, the others would multiply the rows for nothing.
 */
export function atomGroupsQuery(
  surveyId: string,
  populations: PopulationFilter[],
  rollups: Rollups,
  measures: AtomMeasures,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const conditions = populations.map((population) => populationCondition(population, parameters));
  const measure = measures.exact
    ? `ARRAY[${answerCounters(measures.items, '::int8').join(', ')}]::int8[] AS counts`
    : `ARRAY[${Array.from({ length: measures.words }, (_, w) => `sum(tally[${w + 1}])::int8`).join(', ')}]::int8[] AS sums`;
  const used = usedDimensions(rollups);
  const column = (dimension: Dimension, expression: string) => (used.has(dimension) ? expression : `''::text`);
  const text = `SELECT ARRAY[${conditions.join(', ')}]::bool[] AS signature, ${column('country', 'country')} AS country,
                       ${column('segment', 'segment')} AS segment, ${column('role', "coalesce(role, '')")} AS role,
                       ${column('relationshipBand', 'relationship_band')} AS "relationshipBand",
                       questionnaire_version AS version, count(*)::int8 AS respondents, ${measure},
                       min(submitted_at) AS "firstSubmittedAt", max(submitted_at) AS "lastSubmittedAt"
                  FROM responses
                 WHERE survey_id = ${parameters.add(surveyId, '::uuid')} AND (${conditions.join(' OR ')})
                 GROUP BY 1, 2, 3, 4, 5, 6`;
  return { text, values: parameters.values };
}

/**
 * A number, date or expression answer of a measure item as SQL: the value when the response's
 * version asks the question with this kind and the stored answer has the expected JSON form, else NULL.
 */
function measureValue(item: MeasureItem): string {
  const question = literal(item.name);
  const versions = `questionnaire_version IN (${item.versions.map((v) => String(Math.trunc(v))).join(', ')})`;
  if (item.kind === 'number') {
    return `CASE WHEN ${versions} AND jsonb_typeof(answers->${question}) = 'number' THEN (answers->>${question})::float8 END`;
  }
  return (
    `CASE WHEN ${versions} AND jsonb_typeof(answers->${question}) = 'string' ` +
    `AND answers->>${question} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (answers->>${question})::date END`
  );
}

/** What the measure statement gives for one item (see `measureSummariesQuery`). */
export type MeasureRow =
  | { kind: 'number'; n: number; mean: number | null; quartiles: [number, number, number] | null; unanimous: boolean }
  | { kind: 'date'; n: number; from: string | null; to: string | null };

/**
 * Per measure item, over the responses of a view of a survey: how many answered; for numbers the
 * mean, the quartiles (`percentile_cont`, linear between ranks) and whether every answer is the
 * same; for dates the months (`YYYY-MM`) of the k-th earliest and the k-th latest answers. Never
 * a minimum or a maximum: the extremes of a group are single people. A statement of its own,
 * beside the tallies: one scan of the survey's responses.
 */
export function measureSummariesQuery(
  items: MeasureItem[],
  filters: ResponseFilters,
  k: number,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  // Added only when a date uses it: PostgreSQL refuses a parameter the statement never reads.
  const rank = () => parameters.add(Math.max(1, Math.trunc(k)), '::int');
  const columns = items.map((item, index) => {
    const v = measureValue(item);
    if (item.kind === 'number') {
      return `jsonb_build_array(count(${v}), avg(${v}),
                percentile_cont(ARRAY[0.25, 0.5, 0.75]::float8[]) WITHIN GROUP (ORDER BY ${v}),
                coalesce(min(${v}) = max(${v}), false)) AS m${index}`;
    }
    return `jsonb_build_array(count(${v}),
              to_char((array_agg(${v} ORDER BY ${v}) FILTER (WHERE ${v} IS NOT NULL))[${rank()}], 'YYYY-MM'),
              to_char((array_agg(${v} ORDER BY ${v} DESC) FILTER (WHERE ${v} IS NOT NULL))[${rank()}], 'YYYY-MM')) AS m${index}`;
  });
  const text = `SELECT ${columns.length > 0 ? columns.join(',\n') : 'NULL AS none'}
                  FROM responses
                 WHERE ${filterConditions(filters, parameters)}`;
  return { text, values: parameters.values };
}

function measureRows(items: MeasureItem[], row: Record<string, unknown[]>): MeasureRow[] {
  return items.map((item, index) => {
    const cells = row[`m${index}`];
    const n = Number(cells[0]);
    if (item.kind === 'number') {
      const quartiles = cells[2] as number[] | null;
      return {
        kind: 'number' as const,
        n,
        mean: cells[1] === null ? null : Number(cells[1]),
        quartiles: quartiles ? [Number(quartiles[0]), Number(quartiles[1]), Number(quartiles[2])] : null,
        unanimous: cells[3] === true,
      };
    }
    return {
      kind: 'date' as const,
      n,
      from: (cells[1] as string | null) ?? null,
      to: (cells[2] as string | null) ?? null,
    };
  });
}

/**
 * The parts of several populations of one survey (a Venn diagram: `signature[i]`, in population
 * i), with how many in each part answered each measure item. A publication of a measure checks
 * that no part it and earlier publications of the same measure cut out is smaller than k.
 */
export function measurePartsQuery(
  surveyId: string,
  populations: PopulationFilter[],
  items: MeasureItem[],
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const conditions = populations.map((population) => populationCondition(population, parameters));
  const counts = items.map((item) => `count(${measureValue(item)})::int`);
  const text = `SELECT ARRAY[${conditions.join(', ')}]::bool[] AS signature,
                       ARRAY[${counts.length > 0 ? counts.join(', ') : ''}]::int[] AS answered
                  FROM responses
                 WHERE survey_id = ${parameters.add(surveyId, '::uuid')} AND (${conditions.join(' OR ')})
                 GROUP BY 1`;
  return { text, values: parameters.values };
}

export interface MeasurePartRow {
  signature: boolean[];
  answered: number[];
}

/** Aggregates of responses for statistics and reports: one scan of a survey's responses per statement. */
@Injectable()
export class ResponseStatisticsRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Summed tallies per grouping set and questionnaire version (`tallyGroupsQuery`). */
  tallyGroups(words: number, filters: ResponseFilters, rollups: Rollups, tx?: EntityManager): Promise<TallyRow[]> {
    const { text, values } = tallyGroupsQuery(words, filters, rollups);
    return this.withStatisticsMemory<TallyRow[]>(text, values, tx);
  }

  /** Unpacked counters per grouping set and version, from the rollups and their tail (`rollupGroupsQuery`). */
  rollupGroups(fields: number, filters: ResponseFilters, rollups: Rollups, tx?: EntityManager): Promise<RollupRow[]> {
    const { text, values } = rollupGroupsQuery(fields, filters, rollups);
    return this.withStatisticsMemory<RollupRow[]>(text, values, tx);
  }

  /** When a view's first and last responses were submitted (null without responses). */
  async submissionRange(
    filters: ResponseFilters,
    tx?: EntityManager,
  ): Promise<{ first: Date | null; last: Date | null }> {
    const { text, values } = submissionRangeQuery(filters);
    const [row]: { first: Date | null; last: Date | null }[] = await (tx ?? this.read.manager).query(text, values);
    return row ?? { first: null, last: null };
  }

  /** Item counts per grouping set from comparing answers (`answerGroupsQuery`). */
  answerGroups(
    items: StatisticsItem[],
    filters: ResponseFilters,
    rollups: Rollups,
    tx?: EntityManager,
  ): Promise<CountRow[]> {
    const { text, values } = answerGroupsQuery(items, filters, rollups);
    return this.withStatisticsMemory<CountRow[]>(text, values, tx);
  }

  /** The groups of every part of several populations (`atomGroupsQuery`). */
  atomGroups(
    surveyId: string,
    populations: PopulationFilter[],
    rollups: Rollups,
    measures: AtomMeasures,
    tx?: EntityManager,
  ): Promise<AtomRow[]> {
    const { text, values } = atomGroupsQuery(surveyId, populations, rollups, measures);
    return this.withStatisticsMemory<AtomRow[]>(text, values, tx);
  }

  /** Count, mean and quartiles of numbers, and the k-th earliest and latest months of dates (`measureSummariesQuery`). */
  async measureSummaries(
    items: MeasureItem[],
    filters: ResponseFilters,
    k: number,
    tx?: EntityManager,
  ): Promise<MeasureRow[]> {
    if (items.length === 0) return [];
    const { text, values } = measureSummariesQuery(items, filters, k);
    const [row] = await this.withStatisticsMemory<Record<string, unknown[]>[]>(text, values, tx);
    return measureRows(items, row);
  }

  /** How many answered each measure item in each part of several populations (`measurePartsQuery`). */
  measureParts(
    surveyId: string,
    populations: PopulationFilter[],
    items: MeasureItem[],
    tx?: EntityManager,
  ): Promise<MeasurePartRow[]> {
    if (items.length === 0 || populations.length === 0) return Promise.resolve([]);
    const { text, values } = measurePartsQuery(surveyId, populations, items);
    return this.withStatisticsMemory<MeasurePartRow[]>(text, values, tx);
  }

  /**
   * Runs a statistics statement with enough memory to aggregate the groups in one hash table: the
   * default (4 MB) makes PostgreSQL sort every response on disk first, several times slower.
   */
  private withStatisticsMemory<T>(text: string, values: unknown[], tx?: EntityManager): Promise<T> {
    // Outside a report's transaction (live statistics), on the read pool: a replica may lag.
    return (tx ?? this.read.manager).transaction(async (transaction) => {
      await transaction.query(`SET LOCAL work_mem = '${STATISTICS_WORK_MEM}'`);
      return transaction.query(text, values) as Promise<T>;
    });
  }
}
