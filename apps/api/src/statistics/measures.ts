import { localize, type Language } from '@survey/questionnaire';
import type { MeasurePartRow, MeasureRow } from '../ingestion/response-statistics.repository';
import type { MeasureItem } from './items';
import type { ItemStatisticsDto, MeasureStatisticsDto, SuppressionReasonDto } from './statistics.dto';

/*
 * Summaries of number, date and expression questions (libs/questionnaire/README.md, "Statistics of
 * numbers and dates"): for the whole population only, published when at least k answered, never
 * a minimum or maximum.
 */

const NO_FIGURES = { mean: null, q1: null, median: null, q3: null, from: null, to: null };

/**
 * Why a summary of `row` may not be shown, or null: fewer than k answered (or the population itself
 * is suppressed); for numbers, everyone gave the same answer (the mean would be each one's answer);
 * for dates, too few for the k-th earliest to come no later than the k-th latest.
 */
export function measureWithholding(
  row: MeasureRow,
  k: number,
  populationSuppressed: boolean,
): SuppressionReasonDto | null {
  if (row.n === 0) return null;
  if (populationSuppressed || row.n < k) return 'primary';
  if (row.kind === 'number' && row.unanimous) return 'primary';
  // Fewer than 2k - 1 dates: the k-th earliest comes after the k-th latest, and a range between
  // them would name months that fewer than k answers reach from one side.
  if (row.kind === 'date' && row.from !== null && row.to !== null && row.from > row.to) return 'primary';
  return null;
}

/** The published summary of one measure item, with the reason it is withheld if it is. */
export function measureStatistics(
  item: MeasureItem,
  row: MeasureRow,
  withheld: SuppressionReasonDto | null,
  language: Language,
): MeasureStatisticsDto {
  const base = { name: item.name, title: localize(item.title, language), type: item.source, kind: item.kind };
  if (withheld !== null) return { ...base, n: null, suppressed: withheld, ...NO_FIGURES };
  if (row.kind === 'number') {
    const [q1, median, q3] = row.quartiles ?? [null, null, null];
    return { ...base, n: row.n, suppressed: null, ...NO_FIGURES, mean: row.mean, q1, median, q3 };
  }
  return { ...base, n: row.n, suppressed: null, ...NO_FIGURES, from: row.from, to: row.to };
}

/**
 * Whether publishing a measure for population 0 of `parts`, beside the earlier publications of the
 * same measure (`earlier`: their population indexes in the signatures, and how many answered it
 * when they were published), would let a sum, mean or quantile of fewer than k answers be worked
 * out. Every set of answers that differences of published populations can isolate is a union of
 * the parts of their Venn diagram, so it is enough that each part answered by someone has at least
 * k answers. An earlier publication that counted answers deleted since (an erasure, the end of
 * their retention) cannot be compared part by part: the measure is withheld then.
 */
export function measureConflictsWithEarlier(
  parts: MeasurePartRow[],
  itemIndex: number,
  earlier: { population: number; answered: number }[],
  k: number,
): boolean {
  if (earlier.length === 0) return false;
  const relevant = [0, ...earlier.map((entry) => entry.population)];
  const byPart = new Map<string, number>();
  const inPopulation = new Map<number, number>();
  for (const part of parts) {
    const answered = Number(part.answered[itemIndex] ?? 0);
    if (answered === 0) continue;
    const key = relevant.map((population) => (part.signature[population] ? '1' : '0')).join('');
    if (!key.includes('1')) continue;
    byPart.set(key, (byPart.get(key) ?? 0) + answered);
    for (const population of relevant) {
      if (part.signature[population]) inPopulation.set(population, (inPopulation.get(population) ?? 0) + answered);
    }
  }
  if (earlier.some((entry) => (inPopulation.get(entry.population) ?? 0) !== entry.answered)) return true;
  return [...byPart.values()].some((answered) => answered < k);
}

/** Whether any figure of a question's statistics is hidden: its n, its mean or any answer's count. */
function anyHidden(item: ItemStatisticsDto): boolean {
  if (item.overall.suppressed || item.overall.withheld) return true;
  return item.distribution.some((entry) => entry.suppressed !== null);
}

/**
 * Withholds (complementary) the summary of an expression that reads a question some figure of which
 * is hidden in the same document. An expression's mean is a function of the answers it reads: one
 * over a rating gives, with the rating's published n and mean, another equation on its answer
 * counts, enough to work out two that were suppressed; a sum with a question answered by fewer than
 * k gives their sum away. Expressions read only earlier questions, so going in questionnaire order
 * settles an expression that reads another after that one.
 */
export function withholdLinkedExpressions(
  measures: MeasureStatisticsDto[],
  items: ItemStatisticsDto[],
  measureItems: MeasureItem[],
): MeasureStatisticsDto[] {
  const hiddenItems = new Set(items.filter(anyHidden).map((item) => item.name));
  // An item of a matrix row or ranking choice is named `question.part`: its question is linked.
  for (const name of [...hiddenItems]) if (name.includes('.')) hiddenItems.add(name.slice(0, name.indexOf('.')));
  const references = new Map(measureItems.map((item) => [item.name, item.references]));
  const hiddenMeasures = new Set<string>();
  return measures.map((measure) => {
    const linked = (references.get(measure.name) ?? []).some(
      (name) => hiddenItems.has(name) || hiddenMeasures.has(name),
    );
    const result: MeasureStatisticsDto =
      linked && measure.suppressed === null && measure.n !== 0
        ? { ...measure, n: null, suppressed: 'complementary', ...NO_FIGURES }
        : measure;
    if (result.suppressed !== null) hiddenMeasures.add(result.name);
    return result;
  });
}
