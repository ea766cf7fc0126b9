import { NavLink } from 'react-router';
import { defineMessages, useMessages } from '../lib/i18n';

const messages = defineMessages(
  {
    label: 'Survey sections',
    overview: 'Overview',
    questionnaire: 'Questionnaire',
    campaigns: 'Campaigns',
    results: 'Results',
    reports: 'Reports',
  },
  {
    label: 'Sections de l’enquête',
    overview: 'Aperçu',
    questionnaire: 'Questionnaire',
    campaigns: 'Campagnes',
    results: 'Résultats',
    reports: 'Rapports',
  },
);

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
      <NavLink to={`/reports?survey=${surveyId}`}>{t.reports}</NavLink>
    </nav>
  );
}
