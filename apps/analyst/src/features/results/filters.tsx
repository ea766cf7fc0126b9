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
  return search;
}

/** The choice a URL says; labels in `fallbackLanguage` when it names none. */
export function choiceFromSearch(search: URLSearchParams, fallbackLanguage: Language): StatisticsChoice {
  const by = search.get('by');
  const rows = search.get('rows');
  const columns = search.get('columns');
  const language = search.get('lang');
  return {
    campaignId: search.get('campaign') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    breakdowns: by === null ? [...DIMENSIONS] : DIMENSIONS.filter((d) => by.split(',').includes(d)),
    crosstabRows: isDimension(rows) ? rows : '',
    crosstabColumns: isDimension(columns) ? columns : '',
    language: isLanguage(language) ? language : fallbackLanguage,
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
