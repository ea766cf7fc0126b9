import { invalidField } from '../common/problem';
import type { StatisticsItem } from '../statistics/items';
import type { ResponseFilterQueryDto } from './response-filter.dto';
import type { AnswerCondition, ResponseFilters } from './response-statistics.repository';

/**
 * An answer condition of the query (`question:value|value`) checked against the survey's closed
 * questions: the question must be one statistics count (never a free-text one) and each value one
 * of its options. The values are taken with the option's own type, so `9` matches a rating of 9.
 */
export function answerCondition(text: string, items: StatisticsItem[]): AnswerCondition {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon);
  const item = items.find((candidate) => candidate.name === name);
  if (!item) throw invalidField('answer', `${name} is not a closed question of this survey`);
  const byText = new Map(item.options.map((option) => [String(option.value), option.value]));
  const values = [...new Set(text.slice(colon + 1).split('|'))].map((value) => {
    if (!byText.has(value)) throw invalidField('answer', `${name} has no option with the value ${value}`);
    return byText.get(value)!;
  });
  return {
    path: item.path,
    multiple: item.multiple,
    values,
    ...(item.ranked !== undefined && { ranked: item.ranked }),
  };
}

/** The query's filters as the statements take them; `items` are the survey's closed questions. */
export function responseSelection(
  surveyId: string,
  query: ResponseFilterQueryDto,
  items: StatisticsItem[],
  extra: Pick<ResponseFilters, 'channel' | 'receivedBy'> = {},
): ResponseFilters {
  if (query.from && query.to && query.from >= query.to) throw invalidField('to', 'must be later than from');
  return {
    surveyId,
    campaignId: query.campaignId,
    from: query.from,
    to: query.to,
    countries: query.country,
    segments: query.segment,
    roles: query.role,
    bands: query.relationshipBand,
    answers: (query.answer ?? []).map((text) => answerCondition(text, items)),
    ...extra,
  };
}

/** The filters in an audit event: which groups and answers were asked for, never a response's value. */
export function auditedFilters(query: ResponseFilterQueryDto): Record<string, unknown> {
  return {
    campaignId: query.campaignId ?? null,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
    country: query.country ?? null,
    segment: query.segment ?? null,
    role: query.role ?? null,
    relationshipBand: query.relationshipBand ?? null,
    answer: query.answer ?? null,
  };
}
