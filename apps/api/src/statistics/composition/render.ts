import type { Language } from '@survey/questionnaire';
import { itemTitle, optionLabel, type StatisticsItem } from '../items';
import { dimensionLabel, sortDimensionValues } from '../labels';
import { itemFigures, withheldFigures } from '../metrics';
import type { BuiltStatistics } from '../statistics-builder';
import type {
  CountCellDto,
  Dimension,
  DistributionEntryDto,
  ItemStatisticsDto,
  QuestionMetricsDto,
  SuppressionReasonDto,
} from '../statistics.dto';
import type { WithheldReason } from './plan';
import { keys, type PublicationTables } from './tables';

/**
 * The figures of a publication for people who may not read the raw responses, from its counts
 * and what the plan withholds. Unlike live statistics for analysts, a breakdown group shows for a
 * rating its NPS or top-2-box share (from two or three answer classes), not its mean, a crosstab
 * shows respondents only, and no first or last submission time is given: each of those would
 * rest on counts that the publication check does not cover.
 */
export function renderPublication(
  tables: PublicationTables,
  withheld: ReadonlyMap<string, WithheldReason>,
  breakdowns: Dimension[],
  language: Language,
): BuiltStatistics {
  const { shape } = tables;
  const reasonOf = (key: string): SuppressionReasonDto | null => withheld.get(key) ?? null;
  const count = (key: string, value: number): CountCellDto => {
    const reason = reasonOf(key);
    return reason === null ? { value, suppressed: null } : { value: null, suppressed: reason };
  };
  const items = shape.items.map((item, index) => overallItem(tables, item, index, reasonOf, language));
  return {
    responses: count(keys.population(), tables.population),
    firstSubmittedAt: null,
    lastSubmittedAt: null,
    items,
    breakdowns: breakdowns.map((dimension) => ({
      dimension,
      groups: sortDimensionValues(dimension, tables.values(dimension), language).map((value) => {
        const groupKey = keys.group(dimension, value);
        const tally = tables.groupTally(dimension, value);
        return {
          value,
          label: dimensionLabel(dimension, value, language),
          respondents: count(groupKey, tally.respondents),
          items: Object.fromEntries(
            shape.items.map((item, index) => {
              const reason = reasonOf(groupKey) ?? reasonOf(keys.row(item.name, dimension, value));
              if (reason !== null) return [item.name, withheldMetrics(item, reason)];
              return [item.name, groupMetrics(item, tables.answered(index, tally), tables.classCounts(index, tally))];
            }),
          ),
        };
      }),
    })),
    crosstabs: shape.crosstab
      ? [
          (() => {
            const { rows, columns } = shape.crosstab;
            const rowValues = sortDimensionValues(rows, tables.values(rows), language);
            const columnValues = sortDimensionValues(columns, tables.values(columns), language);
            return {
              rows,
              columns,
              rowValues: rowValues.map((value) => ({ value, label: dimensionLabel(rows, value, language) })),
              columnValues: columnValues.map((value) => ({ value, label: dimensionLabel(columns, value, language) })),
              cells: rowValues.map((row) =>
                columnValues.map((column) => count(keys.cell(row, column), tables.cell(row, column))),
              ),
              rowTotals: rowValues.map((row) => count(keys.group(rows, row), tables.group(rows, row))),
              columnTotals: columnValues.map((column) =>
                count(keys.group(columns, column), tables.group(columns, column)),
              ),
              total: count(keys.population(), tables.population),
              items: [],
            };
          })(),
        ]
      : [],
  };
}

function withheldMetrics(item: StatisticsItem, reason: SuppressionReasonDto): QuestionMetricsDto {
  return { n: null, suppressed: reason, ...withheldFigures(item) };
}

function groupMetrics(item: StatisticsItem, n: number, classes: number[]): QuestionMetricsDto {
  const metrics: QuestionMetricsDto = { n, suppressed: null };
  if (item.type !== 'rating') return metrics;
  metrics.mean = null;
  if (item.ratingKind === 'nps') {
    const [detractors, passives, promoters] = classes;
    metrics.nps =
      n === 0
        ? null
        : {
            score: (100 * (promoters - detractors)) / n,
            promoters: promoters / n,
            passives: passives / n,
            detractors: detractors / n,
          };
  } else {
    metrics.topTwoBox = n === 0 ? null : classes[1] / n;
  }
  return metrics;
}

function overallItem(
  tables: PublicationTables,
  item: StatisticsItem,
  index: number,
  reasonOf: (key: string) => SuppressionReasonDto | null,
  language: Language,
): ItemStatisticsDto {
  const answeredReason = reasonOf(keys.itemAnswered(item.name));
  const n = tables.answered(index);
  const counts = item.options.map((_, option) => tables.option(index, option));
  const optionReasons = item.options.map((_, option) => reasonOf(keys.option(item.name, option)));
  const distribution: DistributionEntryDto[] = item.options.map((option, i) => {
    const reason = optionReasons[i];
    return {
      value: option.value,
      label: optionLabel(option, language),
      count: reason === null ? counts[i] : null,
      share: reason === null && answeredReason === null && n > 0 ? counts[i] / n : null,
      suppressed: reason,
    };
  });
  let overall: QuestionMetricsDto;
  if (answeredReason !== null) {
    overall = withheldMetrics(item, answeredReason);
  } else {
    overall = { n, suppressed: null };
    const hidden = optionReasons.find((reason) => reason !== null) ?? null;
    // Every figure rests on all of the item's counts: shown only when none of them is withheld.
    if (item.type === 'rating' || item.type === 'slider' || item.type === 'ranking') {
      if (hidden === null) {
        Object.assign(overall, itemFigures(item, counts));
      } else {
        Object.assign(overall, withheldFigures(item));
        overall.withheld = hidden;
      }
    }
  }
  return {
    name: item.name,
    title: itemTitle(item, language),
    type: item.type,
    ...(item.ratingKind ? { ratingKind: item.ratingKind } : {}),
    overall,
    distribution,
  };
}
