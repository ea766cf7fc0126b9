import { otherCommentKeys } from './choice-items';
import { isFreeTextInput } from './text-input';
import type { Question, Questionnaire, RatingQuestion, SliderQuestion, TextQuestion } from './types';

/** Every question, in the order respondents meet them. */
export function questionsOf(questionnaire: Questionnaire): Question[] {
  return questionnaire.pages.flatMap((page) => page.elements);
}

export function findQuestion(questionnaire: Questionnaire, name: string): Question | undefined {
  return questionsOf(questionnaire).find((question) => question.name === name);
}

/** Whether the question's answer is free text: comment, multiple text, one-line text, e-mail, telephone. */
export function isFreeTextQuestion(question: Question): boolean {
  if (question.type === 'text') return isFreeTextInput(question);
  return question.type === 'comment' || question.type === 'multipletext';
}

/**
 * Names of the free-text questions (comment, multiple text, and one-line text including e-mail
 * and telephone; not number or date inputs). Their answers may hold anything a respondent
 * chose to write, so the API encrypts them.
 */
export function freeTextQuestionNames(questionnaire: Questionnaire): string[] {
  return questionsOf(questionnaire)
    .filter(isFreeTextQuestion)
    .map((question) => question.name);
}

/**
 * Every answer key that holds free text: the free-text questions' names and the `<name>-Comment`
 * keys of "Other" items. The API encrypts the answers under these keys.
 */
export function freeTextAnswerKeys(questionnaire: Questionnaire): string[] {
  return [...freeTextQuestionNames(questionnaire), ...otherCommentKeys(questionsOf(questionnaire))];
}

/** A number or date input (`text` with `inputType` `number` or `date`): a closed answer that statistics summarise. */
export function isMeasureQuestion(question: Question): question is TextQuestion & { inputType: 'number' | 'date' } {
  return question.type === 'text' && (question.inputType === 'number' || question.inputType === 'date');
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
