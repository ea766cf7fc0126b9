import type { Question, Questionnaire, RatingQuestion, SliderQuestion } from './types';

/** Every question, in the order respondents meet them. */
export function questionsOf(questionnaire: Questionnaire): Question[] {
  return questionnaire.pages.flatMap((page) => page.elements);
}

export function findQuestion(questionnaire: Questionnaire, name: string): Question | undefined {
  return questionsOf(questionnaire).find((question) => question.name === name);
}

/**
 * Names of the free-text questions (comment, multiple text, and one-line text including e-mail
 * and telephone). Their answers may hold anything a respondent
 * chose to write, so the API encrypts them.
 */
export function freeTextQuestionNames(questionnaire: Questionnaire): string[] {
  return questionsOf(questionnaire)
    .filter((question) => question.type === 'comment' || question.type === 'text' || question.type === 'multipletext')
    .map((question) => question.name);
}

/**
 * Whether answers are numbers on a scale, so that means and distributions make sense. Only
 * ratings are: numeric choice values are labels of categories, not measurements.
 */
export function isNumericQuestion(question: Question): question is RatingQuestion {
  return question.type === 'rating';
}

/** Slider points from `min` to `max`, as many as statistics count. */
export function sliderPointCount(question: Pick<SliderQuestion, 'min' | 'max' | 'step'>): number {
  return Math.round((question.max - question.min) / question.step) + 1;
}
