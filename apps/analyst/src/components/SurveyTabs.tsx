import { NavLink } from 'react-router';
import { useMessages } from '../lib/i18n';
import { surveyTabsMessages as messages } from './messages';

/** The sections of one survey, shown at the top of each of its pages. */
export function SurveyTabs({ surveyId }: { surveyId: string }) {
  const t = useMessages(messages);
  const base = `/surveys/${surveyId}`;
  return (
    <nav className="tabs" aria-label={t.label}>
      <NavLink to={base} end>
        {t.overview}
      </NavLink>
      <NavLink to={`${base}/edit`}>{t.questionnaire}</NavLink>
      <NavLink to={`${base}/campaigns`}>{t.campaigns}</NavLink>
      <NavLink to={`${base}/results`}>{t.results}</NavLink>
      <NavLink to={`${base}/responses`}>{t.responses}</NavLink>
      <NavLink to={`${base}/comments`}>{t.comments}</NavLink>
      <NavLink to={`/reports?survey=${surveyId}`}>{t.reports}</NavLink>
    </nav>
  );
}
