import type { MeanDto, NpsDto, QuartilesDto, QuestionMetricsDto } from './statistics.dto';
import type { StatisticsItem } from './items';

/** Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z_975 = 1.959963984540054;

/**
 * The t quantile for a two-sided 95% interval: exact table values up to 30 degrees of freedom,
 * then the Cornish–Fisher expansion around the normal quantile (error below 1e-5 there).
 */
export function tQuantile95(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return Number.NaN;
  if (degreesOfFreedom <= 30) return T_975[degreesOfFreedom - 1];
  const z = Z_975;
  const v = degreesOfFreedom;
  return (
    z +
    (z ** 3 + z) / (4 * v) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3) +
    (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / (92160 * v ** 4)
  );
}

/**
 * Mean, sample standard deviation and 95% confidence interval of a rating from its histogram
 * (`counts[i]` respondents gave `values[i]`). Null under two answers, where no interval exists.
 */
export function meanOf(values: number[], counts: ArrayLike<number>): MeanDto | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    n += counts[i];
    sum += values[i] * counts[i];
  }
  if (n < 2) return null;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < values.length; i += 1) squares += counts[i] * (values[i] - mean) ** 2;
  const standardDeviation = Math.sqrt(squares / (n - 1));
  const margin = (tQuantile95(n - 1) * standardDeviation) / Math.sqrt(n);
  return { value: mean, standardDeviation, ciLow: mean - margin, ciHigh: mean + margin };
}

/** Share of answers on the two highest points of the scale. */
export function topTwoBoxOf(values: number[], counts: ArrayLike<number>): number | null {
  const top = [...values].sort((a, b) => b - a).slice(0, 2);
  let n = 0;
  let inTop = 0;
  for (let i = 0; i < values.length; i += 1) {
    n += counts[i];
    if (top.includes(values[i])) inTop += counts[i];
  }
  return n === 0 ? null : inTop / n;
}

/** Net Promoter Score of a 0–10 rating: promoters (9–10) minus detractors (0–6). */
export function npsOf(values: number[], counts: ArrayLike<number>): NpsDto | null {
  let n = 0;
  let promoters = 0;
  let detractors = 0;
  for (let i = 0; i < values.length; i += 1) {
    n += counts[i];
    if (values[i] >= 9) promoters += counts[i];
    else if (values[i] <= 6) detractors += counts[i];
  }
  if (n === 0) return null;
  return {
    score: (100 * (promoters - detractors)) / n,
    promoters: promoters / n,
    passives: (n - promoters - detractors) / n,
    detractors: detractors / n,
  };
}

/**
 * The quantile at `p` of a histogram of sorted values (`counts[i]` answers were `values[i]`), by
 * linear interpolation between the answers in order (R's type 7, Excel's QUARTILE.INC).
 */
export function quantileOf(values: number[], counts: ArrayLike<number>, p: number): number | null {
  let n = 0;
  for (let i = 0; i < values.length; i += 1) n += counts[i];
  if (n === 0) return null;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const at = (index: number): number => {
    let seen = 0;
    for (let i = 0; i < values.length; i += 1) {
      seen += counts[i];
      if (index < seen) return values[i];
    }
    return values[values.length - 1];
  };
  const low = at(below);
  return low + (at(Math.min(below + 1, n - 1)) - low) * (position - below);
}

export function quartilesOf(values: number[], counts: ArrayLike<number>): QuartilesDto | null {
  const median = quantileOf(values, counts, 0.5);
  if (median === null) return null;
  return { q1: quantileOf(values, counts, 0.25)!, median, q3: quantileOf(values, counts, 0.75)! };
}

type Figures = Pick<QuestionMetricsDto, 'mean' | 'topTwoBox' | 'nps' | 'quartiles' | 'firstChoiceShare'>;

/** The summary figures an item has, all null: for a group, or a report, that withholds them. */
export function withheldFigures(item: StatisticsItem): Figures {
  switch (item.type) {
    case 'rating':
      return item.ratingKind === 'nps' ? { mean: null, nps: null } : { mean: null, topTwoBox: null };
    case 'slider':
      return { mean: null, quartiles: null };
    case 'ranking':
      return { mean: null, firstChoiceShare: null };
    default:
      return {};
  }
}

/** The summary figures an item has, from its histogram; which ones depends on the item's kind. */
export function itemFigures(item: StatisticsItem, counts: ArrayLike<number>): Figures {
  if (item.type === 'slider') {
    const values = item.options.map((option) => option.value as number);
    return { mean: meanOf(values, counts), quartiles: quartilesOf(values, counts) };
  }
  if (item.type === 'ranking') {
    // Options are the ranks 1…n in order: the first counts those who ranked this choice first.
    const ranks = item.options.map((option) => option.value as number);
    let n = 0;
    for (let i = 0; i < ranks.length; i += 1) n += counts[i];
    return { mean: meanOf(ranks, counts), firstChoiceShare: n === 0 ? null : counts[0] / n };
  }
  if (item.type !== 'rating') return {};
  const values = item.options.map((option) => option.value as number);
  if (item.ratingKind === 'nps') return { mean: meanOf(values, counts), nps: npsOf(values, counts) };
  return { mean: meanOf(values, counts), topTwoBox: topTwoBoxOf(values, counts) };
}
