import type { Answers, Questionnaire } from '@survey/questionnaire';
import { statisticsItems, type StatisticsItem } from './items';

/**
 * A response's answers as counters that PostgreSQL can add up: each item of the response's
 * questionnaire version has one counter for "answered" and one per option, and every counter
 * is a 21-bit field, three to a bigint. A response sets the fields of what it answered to 1, so
 * `sum(tally[w])` over any group of responses holds, in its fields, how many of them answered
 * and chose each option — provided no group counts 2^21 (2,097,152) responses or more, which the
 * statistics query checks. Summing a few bigints per row is many times cheaper than comparing
 * jsonb values for every option of every item, and it is what lets statistics scan a million
 * responses in about a second (scripts/bench/statistics.ts).
 */
export const TALLY_FIELD_BITS = 21;
export const TALLY_FIELDS_PER_WORD = 3;
/** A group of responses this large or larger would overflow a field. */
export const TALLY_GROUP_LIMIT = 2 ** TALLY_FIELD_BITS;

export interface TallyLayout {
  items: StatisticsItem[];
  /** Index of each item's first field (its "answered" counter); its options follow. */
  firstField: number[];
  fields: number;
  words: number;
}

const layouts = new WeakMap<Questionnaire, TallyLayout>();

/** The counters of one questionnaire version, worked out once per questionnaire object. */
export function tallyLayout(questionnaire: Questionnaire): TallyLayout {
  let layout = layouts.get(questionnaire);
  if (!layout) {
    const items = statisticsItems([questionnaire]);
    const firstField: number[] = [];
    let fields = 0;
    for (const item of items) {
      firstField.push(fields);
      fields += 1 + item.options.length;
    }
    layout = { items, firstField, fields, words: Math.ceil(fields / TALLY_FIELDS_PER_WORD) };
    layouts.set(questionnaire, layout);
  }
  return layout;
}

function answerAt(item: StatisticsItem, answers: Answers): unknown {
  const value: unknown = answers[item.path[0]];
  if (item.ranked !== undefined) {
    const rank = Array.isArray(value) ? value.indexOf(item.ranked) + 1 : 0;
    return rank > 0 ? rank : undefined;
  }
  if (item.path.length === 1) return value;
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[item.path[1]]
    : undefined;
}

/** The tally of one response, as PostgreSQL's text form of a bigint array. */
export function tallyOf(questionnaire: Questionnaire, answers: Answers): string {
  const layout = tallyLayout(questionnaire);
  const words = new Array<bigint>(layout.words).fill(0n);
  const set = (field: number) => {
    const word = Math.floor(field / TALLY_FIELDS_PER_WORD);
    words[word] |= 1n << BigInt(TALLY_FIELD_BITS * (field % TALLY_FIELDS_PER_WORD));
  };
  layout.items.forEach((item, index) => {
    const value = answerAt(item, answers);
    if (value === undefined || value === null) return;
    const first = layout.firstField[index];
    set(first);
    const chosen = item.multiple && Array.isArray(value) ? value : [value];
    item.options.forEach((option, o) => {
      if (chosen.some((one) => one === option.value)) set(first + 1 + o);
    });
  });
  return `{${words.join(',')}}`;
}

/** The counters of a summed tally (as PostgreSQL returns bigint sums: decimal strings). */
export function readTally(sums: (string | number | null)[], layout: TallyLayout): number[] {
  const counts = new Array<number>(layout.fields).fill(0);
  const mask = BigInt(TALLY_GROUP_LIMIT - 1);
  const width = BigInt(TALLY_FIELD_BITS);
  // One BigInt per word, then its fields by shifting: parsing the decimal text is the costly part.
  for (let word = 0, field = 0; field < layout.fields; word += 1) {
    const sum = sums[word];
    let bits = sum === null || sum === undefined ? 0n : BigInt(sum);
    for (let f = 0; f < TALLY_FIELDS_PER_WORD && field < layout.fields; f += 1, field += 1) {
      counts[field] = Number(bits & mask);
      bits >>= width;
    }
  }
  return counts;
}
