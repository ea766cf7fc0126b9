import { defineMessages } from '../lib/messages';

/** The sections of one survey (SurveyTabs). */
export const surveyTabsMessages = defineMessages(
  {
    label: 'Survey sections',
    overview: 'Overview',
    questionnaire: 'Questionnaire',
    campaigns: 'Campaigns',
    results: 'Results',
    responses: 'Responses',
    comments: 'Comments',
    reports: 'Reports',
  },
  {
    label: 'Sections de l’enquête',
    overview: 'Aperçu',
    questionnaire: 'Questionnaire',
    campaigns: 'Campagnes',
    results: 'Résultats',
    responses: 'Réponses',
    comments: 'Commentaires',
    reports: 'Rapports',
  },
);
