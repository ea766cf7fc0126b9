import { useState } from 'react';
import { useParams } from 'react-router';
import { SurveyTabs } from '../../components/SurveyTabs';
import { LoadState } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { useUser } from '../../lib/session';
import { $api } from '../../lib/query';
import { StatisticsView } from '../results/charts';
import { DeleteDraftReport } from './DeleteDraftReport';
import { messages } from './messages';
import { ReportActions } from './ReportActions';
import { ReportFacts } from './ReportFacts';
import type { Report } from './report-types';

/** One report: its parameters, downloads, publication (analysts, drafts) and its charts and tables. */
export function ReportPage() {
  const { reportId = '' } = useParams();
  const t = useMessages(messages);
  const user = useUser();
  const loaded = $api.useQuery('get', '/api/v1/reports/{id}', { params: { path: { id: reportId } } });
  const [published, setPublished] = useState<Report>();
  const report = published?.id === reportId ? published : loaded.data;
  const analyst = user.role !== 'management';

  if (!report) {
    return (
      <>
        <h1>{t.reports}</h1>
        <LoadState loaded={loaded}>{() => null}</LoadState>
      </>
    );
  }
  return (
    <>
      <div className="report-header">
        <h1>{report.title}</h1>
        <span className={`badge ${report.status === 'published' ? 'ok' : ''}`} data-testid="report-status">
          {t.statuses[report.status]}
        </span>
      </div>
      {analyst && <SurveyTabs surveyId={report.surveyId} />}
      <ReportFacts report={report} analyst={analyst} />
      <ReportActions report={report} analyst={analyst} onPublished={setPublished} />
      {analyst && report.status === 'draft' && <DeleteDraftReport report={report} />}
      <StatisticsView statistics={report.content} report />
    </>
  );
}
