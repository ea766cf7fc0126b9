import { useId } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { useLanguageNames } from '../results/filters';
import { messages } from './messages';
import { isStatus, type ReportStatus, type ReportSummary } from './report-types';

/** Drafts, published reports, or both. */
export function StatusFilter({ value, onChange }: { value?: ReportStatus; onChange: (value?: ReportStatus) => void }) {
  const t = useMessages(messages);
  const id = useId();
  return (
    <div className="form-row">
      <div>
        <label htmlFor={id}>{t.status}</label>
        <select
          id={id}
          value={value ?? ''}
          onChange={(e) => onChange(isStatus(e.target.value) ? e.target.value : undefined)}
        >
          <option value="">{t.allStatuses}</option>
          <option value="draft">{t.statuses.draft}</option>
          <option value="published">{t.statuses.published}</option>
        </select>
      </div>
    </div>
  );
}

export function ReportTable({ items, surveyNames }: { items: ReportSummary[]; surveyNames?: Map<string, string> }) {
  const t = useMessages(messages);
  const f = useFormat();
  const languageNames = useLanguageNames();
  return (
    <div className="table-wrap">
      <table data-testid="report-list">
        <thead>
          <tr>
            <th scope="col">{t.title}</th>
            {surveyNames && <th scope="col">{t.survey}</th>}
            <th scope="col">{t.status}</th>
            <th scope="col">{t.language}</th>
            <th scope="col" className="number">
              {t.responses}
            </th>
            <th scope="col">{t.createdAt}</th>
            <th scope="col">{t.publishedAt}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((report) => (
            <tr key={report.id} data-id={report.id}>
              <th scope="row">
                <Link to={`/reports/${report.id}`}>{report.title}</Link>
              </th>
              {surveyNames && (
                <td>
                  <Link to={`/reports?survey=${report.surveyId}`}>{surveyNames.get(report.surveyId) ?? f.missing}</Link>
                </td>
              )}
              <td>
                <span className={`badge ${report.status === 'published' ? 'ok' : ''}`}>
                  {t.statuses[report.status]}
                </span>
              </td>
              <td>{languageNames[report.language]}</td>
              <td className="number">{f.number(report.responses)}</td>
              <td>{f.dateTime(report.createdAt)}</td>
              <td>{report.publishedAt ? f.dateTime(report.publishedAt) : t.notPublished}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
