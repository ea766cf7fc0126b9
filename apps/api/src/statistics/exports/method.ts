import type { ReportDto } from '../statistics.dto';
import { formatters, languageName, text } from './texts';

export interface MethodFact {
  label: string;
  value: string;
}

/** The period the report covers, in words: first to last submission counted. */
export function periodText(report: ReportDto): string {
  const language = report.language;
  const format = formatters(language);
  const { firstSubmittedAt, lastSubmittedAt } = report.content.population;
  if (!firstSubmittedAt || !lastSubmittedAt) return text('noResponses', language);
  return text('periodRange', language, { from: format.date(firstSubmittedAt), to: format.date(lastSubmittedAt) });
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
