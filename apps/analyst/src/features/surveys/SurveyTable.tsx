import type { components } from '@survey/api-client';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { surveyMessages } from './messages';
import { StatusBadge } from './SurveyListPage';

type Survey = components['schemas']['SurveyDto'];

/** One page of surveys: status (and unpublished changes), version, retention, k, dates. */
export function SurveyTable({ surveys }: { surveys: Survey[] }) {
  const t = useMessages(surveyMessages);
  const f = useFormat();
  return (
    <div className="table-wrap">
      <table data-testid="survey-list">
        <caption className="visually-hidden">{t.listCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.columnName}</th>
            <th scope="col">{t.columnStatus}</th>
            <th scope="col" className="number">
              {t.columnVersion}
            </th>
            <th scope="col" className="number">
              {t.columnRetention}
            </th>
            <th scope="col" className="number">
              {t.columnK}
            </th>
            <th scope="col">{t.columnCreated}</th>
            <th scope="col">{t.columnUpdated}</th>
          </tr>
        </thead>
        <tbody>
          {surveys.map((survey) => (
            <tr key={survey.id}>
              <th scope="row">
                <Link to={`/surveys/${survey.id}`}>{survey.name}</Link>
              </th>
              <td>
                <StatusBadge status={survey.status} />
                {survey.status !== 'closed' && survey.publishedVersion !== null && survey.hasUnpublishedChanges && (
                  <span className="badge">{t.unpublishedChanges}</span>
                )}
              </td>
              <td className="number">
                {survey.publishedVersion === null ? t.notPublished : f.number(survey.publishedVersion)}
              </td>
              <td className="number">{t.months(f.number(survey.retentionMonths))}</td>
              <td className="number">{f.number(survey.minGroupSize)}</td>
              <td>{f.dateTime(survey.createdAt)}</td>
              <td>{f.dateTime(survey.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
