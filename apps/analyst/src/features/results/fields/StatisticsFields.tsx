import type { Questionnaire } from '@survey/questionnaire';
import { useId } from 'react';
import { useMessages } from '../../../lib/i18n';
import { fieldMessages, type Failure } from '../../../lib/problem';
import type { Campaign, StatisticsChoice } from '../filters';
import { messages } from '../messages';
import { BreakdownFields } from './BreakdownFields';
import { CrosstabFields } from './CrosstabFields';
import { NarrowingFields } from './NarrowingFields';
import { ScopeFields } from './ScopeFields';

interface FieldsProps {
  value: StatisticsChoice;
  onChange: (next: StatisticsChoice) => void;
  campaigns: Campaign[];
  failure?: Failure;
  /**
   * A field's sentences, the form's own check first (`useFormCheck().errorsOf`), given the
   * field's name here and as the API names it; without it, the API's reasons from `failure`.
   */
  errorsOf?: (field: string, apiField: string) => string[];
  /** Where the API names the filter fields: '' for live statistics, 'filters.' for a report. */
  filterField?: string;
  /** Shown when a crosstab has one dimension only. */
  crosstabIncomplete?: boolean;
  /** The label of the language field, when it is more than the labels' language (a report's). */
  languageLabel?: string;
  /**
   * Offer the demographic and answer filters (live statistics only: reports take campaign and
   * period), with the questionnaire whose closed questions an answer filter may name.
   */
  narrowing?: { questionnaire: Questionnaire | undefined };
  /** Leave out breakdowns and crosstab (views of responses rather than of statistics). */
  filtersOnly?: boolean;
}

/** The API's reasons (and the form's own) for refusing each field. */
export interface FieldErrors {
  campaign: string[];
  from: string[];
  to: string[];
  breakdowns: string[];
  crosstab: string[];
  language: string[];
  country: string[];
  segment: string[];
  role: string[];
  relationshipBand: string[];
  answer: string[];
}

/**
 * The fields that say which responses count and how they are broken down: used by the results
 * filters and by the report form (whose API names the filters `filters.from` and so on).
 */
export function StatisticsFields({
  value,
  onChange,
  campaigns,
  failure,
  errorsOf,
  filterField = '',
  crosstabIncomplete,
  languageLabel,
  narrowing,
  filtersOnly,
}: FieldsProps) {
  const t = useMessages(messages);
  const id = useId();
  const set = (patch: Partial<StatisticsChoice>) => onChange({ ...value, ...patch });
  const of = (field: string, apiField: string = field) =>
    errorsOf ? errorsOf(field, apiField) : fieldMessages(failure, apiField);
  const errors: FieldErrors = {
    campaign: of('campaignId', `${filterField}campaignId`),
    from: of('from', `${filterField}from`),
    to: of('to', `${filterField}to`),
    breakdowns: of('breakdowns'),
    crosstab: [...of('crosstabs'), ...(crosstabIncomplete ? [t.crosstabBoth] : [])],
    language: of('language'),
    country: of('country'),
    segment: of('segment'),
    role: of('role'),
    relationshipBand: of('relationshipBand'),
    answer: of('answer'),
  };
  return (
    <>
      <ScopeFields
        id={id}
        value={value}
        set={set}
        campaigns={campaigns}
        errors={errors}
        languageLabel={languageLabel}
      />
      {narrowing && (
        <NarrowingFields
          id={id}
          value={value}
          set={set}
          questionnaire={narrowing.questionnaire}
          language={value.language}
          errors={errors}
        />
      )}
      {!filtersOnly && (
        <div className="form-row fieldsets">
          <BreakdownFields id={id} value={value} set={set} errors={errors.breakdowns} />
          <CrosstabFields id={id} value={value} set={set} errors={errors.crosstab} />
        </div>
      )}
    </>
  );
}
