import type { components } from '@survey/api-client';
import { LANGUAGES, type Language } from '@survey/questionnaire';
import { useId, useMemo } from 'react';
import { fieldAria, FieldMessages } from '../../components/ui';
import { LOCALE_TAGS, useLocale, useMessages } from '../../lib/i18n';
import { fieldMessages, type Failure } from '../../lib/problem';
import { $api } from '../../lib/query';
import { messages } from './messages';

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

function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}

function isLanguage(value: unknown): value is Language {
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

interface FieldsProps {
  value: StatisticsChoice;
  onChange: (next: StatisticsChoice) => void;
  campaigns: Campaign[];
  failure?: Failure;
  /** Where the API names the filter fields: '' for live statistics, 'filters.' for a report. */
  filterField?: string;
  /** Shown when a crosstab has one dimension only. */
  crosstabIncomplete?: boolean;
  /** The label of the language field, when it is more than the labels' language (a report's). */
  languageLabel?: string;
}

/** Attributes tying an input to the API's messages about its field. */
/**
 * The fields that say which responses count and how they are broken down: used by the results
 * filters and by the report form (whose API names the filters `filters.from` and so on).
 */
export function StatisticsFields({
  value,
  onChange,
  campaigns,
  failure,
  filterField = '',
  crosstabIncomplete,
  languageLabel,
}: FieldsProps) {
  const t = useMessages(messages);
  const languageNames = useLanguageNames();
  const id = useId();
  const set = (patch: Partial<StatisticsChoice>) => onChange({ ...value, ...patch });
  const errors = {
    campaign: fieldMessages(failure, `${filterField}campaignId`),
    from: fieldMessages(failure, `${filterField}from`),
    to: fieldMessages(failure, `${filterField}to`),
    breakdowns: fieldMessages(failure, 'breakdowns'),
    crosstab: [...fieldMessages(failure, 'crosstabs'), ...(crosstabIncomplete ? [t.crosstabBoth] : [])],
    language: fieldMessages(failure, 'language'),
  };
  return (
    <>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-campaign`}>{t.campaign}</label>
          <select
            id={`${id}-campaign`}
            value={value.campaignId}
            onChange={(e) => set({ campaignId: e.target.value })}
            {...fieldAria(errors.campaign, `${id}-campaign-error`)}
          >
            <option value="">{t.allResponses}</option>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id}-campaign-error`} messages={errors.campaign} />
        </div>
        <div>
          <label htmlFor={`${id}-from`}>{t.from}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={value.from}
            onChange={(e) => set({ from: e.target.value })}
            {...fieldAria(errors.from, `${id}-from-error`)}
          />
          <FieldMessages id={`${id}-from-error`} messages={errors.from} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t.to}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={value.to}
            onChange={(e) => set({ to: e.target.value })}
            {...fieldAria(errors.to, `${id}-to-error`)}
          />
          <FieldMessages id={`${id}-to-error`} messages={errors.to} />
        </div>
        <div>
          <label htmlFor={`${id}-language`}>{languageLabel ?? t.labelLanguage}</label>
          <select
            id={`${id}-language`}
            value={value.language}
            onChange={(e) => isLanguage(e.target.value) && set({ language: e.target.value })}
            {...fieldAria(errors.language, `${id}-language-error`)}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {languageNames[language]}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id}-language-error`} messages={errors.language} />
        </div>
      </div>
      <div className="form-row fieldsets">
        <fieldset
          className="results-fieldset"
          aria-describedby={errors.breakdowns.length > 0 ? `${id}-breakdowns-error` : `${id}-breakdowns-hint`}
        >
          <legend>{t.breakdowns}</legend>
          <p className="hint" id={`${id}-breakdowns-hint`}>
            {t.breakdownsHint}
          </p>
          {DIMENSIONS.map((dimension) => (
            <label key={dimension} className="checkbox">
              <input
                type="checkbox"
                checked={value.breakdowns.includes(dimension)}
                onChange={(e) =>
                  set({
                    breakdowns: e.target.checked
                      ? DIMENSIONS.filter((d) => d === dimension || value.breakdowns.includes(d))
                      : value.breakdowns.filter((d) => d !== dimension),
                  })
                }
              />
              {t.dimensions[dimension]}
            </label>
          ))}
          <FieldMessages id={`${id}-breakdowns-error`} messages={errors.breakdowns} />
        </fieldset>
        <fieldset className="results-fieldset" aria-describedby={`${id}-crosstab-hint`}>
          <legend>{t.crosstab}</legend>
          <p className="hint" id={`${id}-crosstab-hint`}>
            {t.crosstabHint}
          </p>
          <div className="form-row">
            <div>
              <label htmlFor={`${id}-rows`}>{t.crosstabRows}</label>
              <select
                id={`${id}-rows`}
                value={value.crosstabRows}
                onChange={(e) => set({ crosstabRows: isDimension(e.target.value) ? e.target.value : '' })}
                {...fieldAria(errors.crosstab, `${id}-crosstab-error`)}
              >
                <option value="">{t.noCrosstab}</option>
                {DIMENSIONS.map((dimension) => (
                  <option key={dimension} value={dimension}>
                    {t.dimensions[dimension]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-columns`}>{t.crosstabColumns}</label>
              <select
                id={`${id}-columns`}
                value={value.crosstabColumns}
                onChange={(e) => set({ crosstabColumns: isDimension(e.target.value) ? e.target.value : '' })}
                {...fieldAria(errors.crosstab, `${id}-crosstab-error`)}
              >
                <option value="">{t.noCrosstab}</option>
                {DIMENSIONS.map((dimension) => (
                  <option key={dimension} value={dimension}>
                    {t.dimensions[dimension]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <FieldMessages id={`${id}-crosstab-error`} messages={errors.crosstab} />
        </fieldset>
      </div>
    </>
  );
}
