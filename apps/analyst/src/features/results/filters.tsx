import type { components } from '@survey/api-client';
import { LANGUAGES, type Language } from '@survey/questionnaire';
import { useMemo } from 'react';
import { LOCALE_TAGS, useLocale } from '../../lib/i18n';
import { $api } from '../../lib/query';

export type Dimension = components['schemas']['BreakdownDto']['dimension'];
export const DIMENSIONS: readonly Dimension[] = ['country', 'segment', 'role', 'relationshipBand'];

/** What the analyst asks statistics for: the form's values, dates as the date inputs give them. */
export interface StatisticsChoice {
  /** '' for every response. */
  campaignId: string;
  /** yyyy-mm-dd or ''. */
  from: string;
  /** yyyy-mm-dd or '' (inclusive). */
  to: string;
  breakdowns: Dimension[];
  crosstabRows: Dimension | '';
  crosstabColumns: Dimension | '';
  language: Language;
  /** Countries as typed: ISO codes separated by commas or spaces. */
  countries: string;
  segments: Segment[];
  bands: Band[];
  /** Roles as typed, separated by commas. */
  roles: string;
  /** A closed question (or `question.row`) whose answers narrow the responses, or ''. */
  answerQuestion: string;
  /** Its values kept (as the API writes them). */
  answerValues: string[];
}

export type Segment = 'agent' | 'applicant' | 'holder' | 'representative';
export const SEGMENTS: readonly Segment[] = ['agent', 'applicant', 'holder', 'representative'];
export type Band = 'under-1y' | '1-3y' | '3-5y' | '5-10y' | '10y-plus' | 'unknown';
export const BANDS: readonly Band[] = ['under-1y', '1-3y', '3-5y', '5-10y', '10y-plus', 'unknown'];

const splitList = (text: string, pattern: RegExp) =>
  text
    .split(pattern)
    .map((item) => item.trim())
    .filter((item) => item !== '');

export const countriesOf = (choice: StatisticsChoice) => splitList(choice.countries.toUpperCase(), /[\s,;]+/);
export const rolesOf = (choice: StatisticsChoice) => splitList(choice.roles, /,/);

/** The filters every view of responses takes (statistics, comments, the response browser). */
export function narrowingQuery(choice: StatisticsChoice) {
  const countries = countriesOf(choice);
  const roles = rolesOf(choice);
  const period = periodOf(choice);
  return {
    campaignId: choice.campaignId || undefined,
    from: period.from,
    to: period.to,
    country: countries.length > 0 ? countries : undefined,
    segment: choice.segments.length > 0 ? choice.segments : undefined,
    role: roles.length > 0 ? roles : undefined,
    relationshipBand: choice.bands.length > 0 ? choice.bands : undefined,
    answer:
      choice.answerQuestion && choice.answerValues.length > 0
        ? [`${choice.answerQuestion}:${choice.answerValues.join('|')}`]
        : undefined,
  };
}

/** How many filters beyond campaign and period are set (shown on the collapsed filter bar). */
export function narrowingCount(choice: StatisticsChoice): number {
  return [
    countriesOf(choice).length > 0,
    choice.segments.length > 0,
    choice.bands.length > 0,
    rolesOf(choice).length > 0,
    Boolean(choice.answerQuestion && choice.answerValues.length > 0),
    Boolean(choice.campaignId),
    Boolean(choice.from || choice.to),
  ].filter(Boolean).length;
}

/** Every response, every breakdown, no crosstab; labels in `language` (the interface's, at first). */
export function defaultChoice(language: Language): StatisticsChoice {
  return {
    campaignId: '',
    from: '',
    to: '',
    breakdowns: [...DIMENSIONS],
    crosstabRows: '',
    crosstabColumns: '',
    language,
    countries: '',
    segments: [],
    bands: [],
    roles: '',
    answerQuestion: '',
    answerValues: [],
  };
}

export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Midnight at the start of a yyyy-mm-dd day in the browser's time zone, `days` later. */
function startOfDay(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).toISOString();
}

/** The submission period the API filters on: `from` inclusive, `to` exclusive (the day after the last day). */
export function periodOf(choice: StatisticsChoice): { from?: string; to?: string } {
  return { from: startOfDay(choice.from), to: startOfDay(choice.to, 1) };
}

export function crosstabOf(choice: StatisticsChoice): { rows: Dimension; columns: Dimension } | undefined {
  return choice.crosstabRows && choice.crosstabColumns
    ? { rows: choice.crosstabRows, columns: choice.crosstabColumns }
    : undefined;
}

/** Client-side check before asking the API: a crosstab needs both of its dimensions. */
export function crosstabProblem(choice: StatisticsChoice): boolean {
  return Boolean(choice.crosstabRows) !== Boolean(choice.crosstabColumns);
}

/** The choice as URL search parameters (none of them personal), so a view can be bookmarked. */
export function choiceToSearch(choice: StatisticsChoice): URLSearchParams {
  const search = new URLSearchParams();
  if (choice.campaignId) search.set('campaign', choice.campaignId);
  if (choice.from) search.set('from', choice.from);
  if (choice.to) search.set('to', choice.to);
  if (choice.breakdowns.length !== DIMENSIONS.length) search.set('by', choice.breakdowns.join(',') || 'none');
  if (choice.crosstabRows) search.set('rows', choice.crosstabRows);
  if (choice.crosstabColumns) search.set('columns', choice.crosstabColumns);
  search.set('lang', choice.language);
  const countries = countriesOf(choice);
  if (countries.length > 0) search.set('country', countries.join(','));
  if (choice.segments.length > 0) search.set('segment', choice.segments.join(','));
  if (choice.bands.length > 0) search.set('band', choice.bands.join(','));
  if (rolesOf(choice).length > 0) search.set('role', choice.roles);
  if (choice.answerQuestion && choice.answerValues.length > 0) {
    search.set('answer', `${choice.answerQuestion}:${choice.answerValues.join('|')}`);
  }
  return search;
}

/** The choice a URL says; labels in `fallbackLanguage` when it names none. */
export function choiceFromSearch(search: URLSearchParams, fallbackLanguage: Language): StatisticsChoice {
  const by = search.get('by');
  const rows = search.get('rows');
  const columns = search.get('columns');
  const language = search.get('lang');
  const answer = search.get('answer');
  return {
    campaignId: search.get('campaign') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    breakdowns: by === null ? [...DIMENSIONS] : DIMENSIONS.filter((d) => by.split(',').includes(d)),
    crosstabRows: isDimension(rows) ? rows : '',
    crosstabColumns: isDimension(columns) ? columns : '',
    language: isLanguage(language) ? language : fallbackLanguage,
    countries: search.get('country') ?? '',
    segments: SEGMENTS.filter((segment) => (search.get('segment') ?? '').split(',').includes(segment)),
    bands: BANDS.filter((band) => (search.get('band') ?? '').split(',').includes(band)),
    roles: search.get('role') ?? '',
    answerQuestion: answer && answer.includes(':') ? answer.slice(0, answer.indexOf(':')) : '',
    answerValues: answer && answer.includes(':') ? answer.slice(answer.indexOf(':') + 1).split('|') : [],
  };
}

/** Names of the six questionnaire languages in the interface language ("French", "français"…). */
export function useLanguageNames(): Record<Language, string> {
  const { locale } = useLocale();
  return useMemo(() => {
    const names = new Intl.DisplayNames([LOCALE_TAGS[locale]], { type: 'language' });
    const entries = LANGUAGES.map((language) => {
      const name = names.of(language) ?? language;
      return [language, name.charAt(0).toLocaleUpperCase(LOCALE_TAGS[locale]) + name.slice(1)];
    });
    return Object.fromEntries(entries) as Record<Language, string>;
  }, [locale]);
}

export type Campaign = components['schemas']['CampaignDto'];

/** The survey's campaigns (the latest hundred), for the campaign filter. */
export function useCampaigns(surveyId: string | undefined) {
  return $api.useQuery(
    'get',
    '/api/v1/surveys/{id}/campaigns',
    { params: { path: { id: surveyId ?? '' }, query: { limit: 100 } } },
    { enabled: Boolean(surveyId), select: (page) => page.items },
  );
}
