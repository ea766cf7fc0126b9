import type { EntityManager } from 'typeorm';
import type { StatisticsItem } from './items';

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

/**
 * Respondents who share country, segment, role and relationship band: the finest grouping any
 * breakdown or crosstab needs. Everything else is a sum of these groups.
 */
export interface DemographicGroup {
  country: string;
  segment: string;
  role: string;
  relationshipBand: string;
  respondents: number;
  /** Per the layout: how many answered each item, and chose each option. */
  counts: number[];
  firstSubmittedAt: Date;
  lastSubmittedAt: Date;
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

function answerOf(item: StatisticsItem, parameters: Parameters): { answered: string; value: string } {
  const question = parameters.add(item.path[0]);
  if (item.path.length === 2) {
    const row = parameters.add(item.path[1]);
    return { answered: `(answers->${question}) ? ${row}`, value: `answers->${question}->${row}` };
  }
  return { answered: `answers ? ${question}`, value: `answers->${question}` };
}

function optionPredicate(item: StatisticsItem, value: string, option: unknown, parameters: Parameters): string {
  if (item.multiple) return `${value} @> ${parameters.add(JSON.stringify([option]), '::jsonb')}`;
  return `${value} = ${parameters.add(JSON.stringify(option), '::jsonb')}`;
}

/**
 * One statement, one scan of the survey's responses: every item's answered count and option
 * counts for each demographic group, as conditional counts in a single hash aggregate. Its cost
 * grows with the responses read, not with how many breakdowns are shown afterwards.
 */
export function demographicGroupsQuery(
  items: StatisticsItem[],
  filters: ResponseFilters,
): { text: string; values: unknown[] } {
  const parameters = new Parameters();
  const counters: string[] = [];
  for (const item of items) {
    const { answered, value } = answerOf(item, parameters);
    counters.push(`count(*) FILTER (WHERE ${answered})`);
    for (const option of item.options) {
      counters.push(`count(*) FILTER (WHERE ${optionPredicate(item, value, option.value, parameters)})`);
    }
  }
  const conditions = [`survey_id = ${parameters.add(filters.surveyId, '::uuid')}`];
  if (filters.campaignId) conditions.push(`campaign_id = ${parameters.add(filters.campaignId, '::uuid')}`);
  if (filters.from) conditions.push(`submitted_at >= ${parameters.add(filters.from, '::timestamptz')}`);
  if (filters.to) conditions.push(`submitted_at < ${parameters.add(filters.to, '::timestamptz')}`);
  if (filters.receivedBy) conditions.push(`received_at <= ${parameters.add(filters.receivedBy, '::timestamptz')}`);
  const text = `SELECT country, segment, coalesce(role, '') AS role, relationship_band AS "relationshipBand",
                       count(*)::int AS respondents,
                       ARRAY[${counters.length ? counters.join(', ') : ''}]::int[] AS counts,
                       min(submitted_at) AS "firstSubmittedAt", max(submitted_at) AS "lastSubmittedAt"
                  FROM responses
                 WHERE ${conditions.join(' AND ')}
                 GROUP BY 1, 2, 3, 4`;
  return { text, values: parameters.values };
}

export async function demographicGroups(
  manager: EntityManager,
  items: StatisticsItem[],
  filters: ResponseFilters,
): Promise<DemographicGroup[]> {
  const { text, values } = demographicGroupsQuery(items, filters);
  return manager.query(text, values);
}
