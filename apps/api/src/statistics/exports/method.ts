import type { ReportDto } from '../statistics.dto';
import { formatters, languageName, text } from './texts';

export interface MethodFact {
  label: string;
  value: string;
}

/**
 * The period the report covers, in words: its filters' bounds, or, where a bound is open, the first
 * and last submission counted (published reports do not give those: the period then ends when the
 * report was generated).
 */
export function periodText(report: ReportDto): string {
  const language = report.language;
  const format = formatters(language);
  const { firstSubmittedAt, lastSubmittedAt } = report.content.population;
  const { from: fromFilter, to: toFilter } = report.content.filters;
  const from = firstSubmittedAt ?? fromFilter;
  const to = lastSubmittedAt ?? toFilter ?? report.content.computedAt;
  if (report.content.population.responses.value === 0) return text('noResponses', language);
  if (!from) return text('periodUntil', language, { to: format.date(to) });
  return text('periodRange', language, { from: format.date(from), to: format.date(to) });
}

/** The filters that chose the responses, in words. Campaigns are named by id: the report holds no more. */
export function filtersText(report: ReportDto): string {
  const language = report.language;
  const format = formatters(language);
  const { campaignId, from, to } = report.content.filters;
  const parts: string[] = [];
  if (campaignId) parts.push(`${text('campaign', language)} ${campaignId}`);
  if (from) parts.push(`${text('submittedFrom', language)} ${format.date(from)}`);
  if (to) parts.push(`${text('submittedBefore', language)} ${format.date(to)}`);
  return parts.length === 0 ? text('noFilters', language) : parts.join('; ');
}

/** The facts of the method note: period, n, k, filters, when it was computed and published. */
export function methodFacts(report: ReportDto): MethodFact[] {
  const language = report.language;
  const format = formatters(language);
  const { population, k } = report.content;
  const responses =
    population.responses.value === null ? text('suppressed', language) : format.integer(population.responses.value);
  const facts: MethodFact[] = [
    { label: text('period', language), value: periodText(report) },
    { label: text('responses', language), value: responses },
  ];
  if (population.invited !== null)
    facts.push({ label: text('invited', language), value: format.integer(population.invited) });
  if (population.responseRate !== null) {
    facts.push({ label: text('responseRate', language), value: format.percent(population.responseRate) });
  }
  facts.push(
    { label: text('k', language), value: format.integer(k) },
    { label: text('filters', language), value: filtersText(report) },
    { label: text('generated', language), value: format.date(report.content.computedAt) },
  );
  if (report.publishedAt) facts.push({ label: text('published', language), value: format.date(report.publishedAt) });
  facts.push({ label: text('language', language), value: languageName(language) });
  return facts;
}
