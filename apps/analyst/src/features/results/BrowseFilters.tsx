import { useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { SurveyTabs } from '../../components/SurveyTabs';
import { QueryProblem } from '../../components/ui';
import { useLocale, useMessages } from '../../lib/i18n';
import { $api } from '../../lib/query';
import { browseMessages } from './browse-messages';
import { defaultChoice, useCampaigns, type StatisticsChoice } from './filters';
import { StatisticsFields } from './fields/StatisticsFields';
import { questionnaireOf } from './questions';

/**
 * What a page that browses a survey's responses (the responses, the comments) reads of the
 * survey: its name, questionnaire and campaigns; and the filters being chosen, not yet applied.
 */
export function useBrowsedSurvey(surveyId: string) {
  const { locale } = useLocale();
  const survey = $api.useQuery('get', '/api/v1/surveys/{id}', { params: { path: { id: surveyId } } });
  const campaigns = useCampaigns(surveyId);
  const [choice, setChoice] = useState<StatisticsChoice>(() => defaultChoice(locale));
  return {
    survey,
    name: survey.data?.name,
    campaigns: campaigns.data ?? [],
    questionnaire: questionnaireOf(survey.data?.questionnaire),
    choice,
    setChoice,
  };
}

export type BrowsedSurvey = ReturnType<typeof useBrowsedSurvey>;

/** The top of a browsing page: its title, the survey's tabs, the survey's failure if any, and what the page shows. */
export function BrowseHeading({
  surveyId,
  browsed,
  title,
  intro,
}: {
  surveyId: string;
  browsed: BrowsedSurvey;
  title: string;
  intro: string;
}) {
  return (
    <>
      <h1>{title}</h1>
      <SurveyTabs surveyId={surveyId} />
      <QueryProblem query={browsed.survey} />
      <p className="hint">{intro}</p>
    </>
  );
}

/**
 * The filters of a browsing page: the page's own fields (`children`) first, then the campaign,
 * period and narrowing filters, checked by the page's `useFormCheck` (`form`) before `onApply`.
 */
export function BrowseFilters({
  id,
  browsed,
  form,
  onApply,
  submitLabel,
  busy,
  children,
}: {
  id: string;
  browsed: BrowsedSurvey;
  form: { ref: RefObject<HTMLFormElement | null>; errorsOf: (field: string, apiField?: string) => string[] };
  onApply: () => void;
  submitLabel: string;
  busy?: boolean;
  children?: ReactNode;
}) {
  const t = useMessages(browseMessages);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply();
  };
  return (
    <form
      className="panel results-filters"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-heading`}
      ref={form.ref}
    >
      <h2 id={`${id}-heading`}>{t.filters}</h2>
      <div className="form-row">{children}</div>
      <StatisticsFields
        value={browsed.choice}
        onChange={browsed.setChoice}
        campaigns={browsed.campaigns}
        errorsOf={form.errorsOf}
        narrowing={{ questionnaire: browsed.questionnaire }}
        filtersOnly
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
