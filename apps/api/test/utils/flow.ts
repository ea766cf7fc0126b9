import { sampleSatisfactionQuestionnaire, type Questionnaire } from '@survey/questionnaire';

/**
 * The sample questionnaire with jumps: a very low NPS (0–2) ends the survey after the first page
 * (complete trigger); a satisfaction of 4 or 5 jumps over the services page to the comments
 * (skip trigger); the comments page is shown only to those who gave an NPS (page visibleIf).
 */
export function flowSampleQuestionnaire(): Questionnaire {
  const questionnaire = sampleSatisfactionQuestionnaire();
  const comments = questionnaire.pages.find((page) => page.name === 'comments');
  if (!comments) throw new Error('the sample questionnaire has no comments page');
  comments.visibleIf = '{nps} notempty';
  return {
    ...questionnaire,
    triggers: [
      { type: 'complete', expression: '{nps} <= 2' },
      { type: 'skip', expression: '{satisfaction} >= 4', gotoName: 'suggestions' },
    ],
  };
}
