import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FieldMessages, QueryProblem } from '../../components/ui';
import { useLocale, useMessages } from '../../lib/i18n';
import { useFormCheck } from '../../lib/form-check';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import {
  crosstabOf,
  crosstabProblem,
  defaultChoice,
  periodOf,
  useCampaigns,
  type StatisticsChoice,
} from '../results/filters';
import { periodRules } from '../results/period-rules';
import { messages } from './messages';
import { ReportProblem } from './ReportProblem';
import { StatisticsFields } from '../results/fields/StatisticsFields';

/** The open and closed surveys an analyst may report on (the latest hundred). */
function useReportableSurveys() {
  return $api.useQuery(
    'get',
    '/api/v1/surveys',
    { params: { query: { limit: 100 } } },
    { select: (page) => page.items.filter((survey) => survey.status !== 'draft') },
  );
}

/** The body of a new report: its title and the chosen filters, breakdowns and crosstab. */
function reportBody(title: string, choice: StatisticsChoice) {
  const period = periodOf(choice);
  const crosstab = crosstabOf(choice);
  return {
    title,
    language: choice.language,
    filters: { campaignId: choice.campaignId || undefined, from: period.from, to: period.to },
    breakdowns: choice.breakdowns,
    crosstabs: crosstab ? [crosstab] : [],
  };
}

/** The form that makes a draft report from chosen filters, then opens it for review. */
export function GenerateReport({ surveyId, onSurvey }: { surveyId?: string; onSurvey: (id?: string) => void }) {
  const t = useMessages(messages);
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const id = useId();
  const campaigns = useCampaigns(surveyId);
  const [title, setTitle] = useState('');
  const { locale } = useLocale();
  const [choice, setChoice] = useState<StatisticsChoice>(() => defaultChoice(locale));
  const [incomplete, setIncomplete] = useState(false);
  const generating = $api.useMutation('post', '/api/v1/surveys/{id}/reports', {
    onSuccess: (report) => {
      void invalidate('/api/v1/reports');
      navigate(`/reports/${report.id}`);
    },
  });
  const busy = generating.isPending;
  const failure = useFailure(generating.error);
  // The API's rules (CreateReportDto: a title of 1 to 200 characters; a period whose end is not before its start).
  const form = useFormCheck({ title: { required: true, maxLength: 200 }, ...periodRules(choice) }, failure);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!surveyId) return;
    const checked = form.check({ title, to: choice.to });
    setIncomplete(crosstabProblem(choice));
    if (!checked || crosstabProblem(choice)) return;
    generating.mutate({ params: { path: { id: surveyId } }, body: reportBody(title, choice) });
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate ref={form.ref}>
      <h2 id={`${id}-heading`}>{t.generate}</h2>
      <p className="hint">{t.generateHint}</p>
      <SurveyAndTitle
        surveyId={surveyId}
        onSurvey={onSurvey}
        title={title}
        onTitle={setTitle}
        titleErrors={form.errorsOf('title')}
      />
      {surveyId && (
        <>
          <StatisticsFields
            value={choice}
            onChange={setChoice}
            campaigns={campaigns.data ?? []}
            errorsOf={form.errorsOf}
            filterField="filters."
            crosstabIncomplete={incomplete}
            languageLabel={t.reportLanguage}
          />
        </>
      )}
      {failure && <ReportProblem failure={failure} surveyId={surveyId} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={!surveyId || busy}>
          {t.generateButton}
        </button>
      </div>
      <p role="status" className="download-status">
        {busy ? t.generating : ''}
      </p>
    </form>
  );
}

/** The survey the report is about, and its title. */
function SurveyAndTitle({
  surveyId,
  onSurvey,
  title,
  onTitle,
  titleErrors,
}: {
  surveyId?: string;
  onSurvey: (id?: string) => void;
  title: string;
  onTitle: (title: string) => void;
  titleErrors: string[];
}) {
  const t = useMessages(messages);
  const id = useId();
  const surveys = useReportableSurveys();
  return (
    <>
      <div className="form-row">
        <div>
          <label htmlFor={`${id}-survey`}>{t.survey}</label>
          <select id={`${id}-survey`} value={surveyId ?? ''} onChange={(e) => onSurvey(e.target.value || undefined)}>
            <option value="">{t.chooseSurvey}</option>
            {surveyId && !surveys.data?.some((s) => s.id === surveyId) && <option value={surveyId}>{surveyId}</option>}
            {(surveys.data ?? []).map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
              </option>
            ))}
          </select>
        </div>
        <div className="grow">
          <label htmlFor={`${id}-title`}>{t.reportTitle}</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => onTitle(e.target.value)}
            aria-invalid={titleErrors.length > 0 || undefined}
            aria-describedby={titleErrors.length > 0 ? `${id}-title-error` : undefined}
          />
          <FieldMessages id={`${id}-title-error`} messages={titleErrors} />
        </div>
      </div>
      <QueryProblem query={surveys} />
    </>
  );
}
