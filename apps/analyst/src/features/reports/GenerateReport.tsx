import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FieldMessages, QueryProblem } from '../../components/ui';
import { useLocale, useMessages } from '../../lib/i18n';
import { failureOf, fieldMessages, unwrap, type Failure } from '../../lib/problem';
import { api } from '../../lib/session';
import { $api } from '../../lib/query';
import {
  crosstabOf,
  crosstabProblem,
  defaultChoice,
  periodOf,
  StatisticsFields,
  useCampaigns,
  type StatisticsChoice,
} from '../results/filters';
import { messages } from './messages';
import { ReportProblem } from './ReportProblem';

/** The open and closed surveys an analyst may report on (the latest hundred). */
function useReportableSurveys() {
  return $api.useQuery(
    'get',
    '/api/v1/surveys',
    { params: { query: { limit: 100 } } },
    { select: (page) => page.items.filter((survey) => survey.status !== 'draft') },
  );
}

/** The form that makes a draft report from chosen filters, then opens it for review. */
export function GenerateReport({ surveyId, onSurvey }: { surveyId?: string; onSurvey: (id?: string) => void }) {
  const t = useMessages(messages);
  const navigate = useNavigate();
  const id = useId();
  const surveys = useReportableSurveys();
  const campaigns = useCampaigns(surveyId);
  const [title, setTitle] = useState('');
  const { locale } = useLocale();
  const [choice, setChoice] = useState<StatisticsChoice>(() => defaultChoice(locale));
  const [incomplete, setIncomplete] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const titleErrors = fieldMessages(failure, 'title');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!surveyId) return;
    if (crosstabProblem(choice)) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setBusy(true);
    setFailure(undefined);
    const period = periodOf(choice);
    const crosstab = crosstabOf(choice);
    try {
      const report = unwrap(
        await api.POST('/api/v1/surveys/{id}/reports', {
          params: { path: { id: surveyId } },
          body: {
            title,
            language: choice.language,
            filters: { campaignId: choice.campaignId || undefined, from: period.from, to: period.to },
            breakdowns: choice.breakdowns,
            crosstabs: crosstab ? [crosstab] : [],
          },
        }),
      );
      navigate(`/reports/${report.id}`);
    } catch (error) {
      setFailure(failureOf(error));
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>{t.generate}</h2>
      <p className="hint">{t.generateHint}</p>
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
            maxLength={200}
            required
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={titleErrors.length > 0 || undefined}
            aria-describedby={titleErrors.length > 0 ? `${id}-title-error` : undefined}
          />
          <FieldMessages id={`${id}-title-error`} messages={titleErrors} />
        </div>
      </div>
      <QueryProblem query={surveys} />
      {surveyId && (
        <>
          <StatisticsFields
            value={choice}
            onChange={setChoice}
            campaigns={campaigns.data ?? []}
            failure={failure}
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
