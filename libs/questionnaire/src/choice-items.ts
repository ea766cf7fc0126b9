/**
 * SurveyJS "Other" and "None" items (`showOtherItem`, `showNoneItem`) of radiogroup and checkbox
 * questions. They are not in `choices`: SurveyJS adds them after the choices, with the values
 * `other` and `none`, and keeps what the respondent wrote for "Other" under `<name>-Comment`
 * (its default `storeOthersAsComment`). That comment is free text.
 */
import type { ChoiceValue, Question, RadiogroupQuestion, CheckboxQuestion } from './types';

export const OTHER_VALUE = 'other';
export const NONE_VALUE = 'none';
/** SurveyJS's `commentSuffix`. */
export const COMMENT_SUFFIX = '-Comment';

export type ExtraItemsQuestion = RadiogroupQuestion | CheckboxQuestion;

/** Whether the question may have "Other" and "None" items. */
export function takesExtraItems(question: Question): question is ExtraItemsQuestion {
  return question.type === 'radiogroup' || question.type === 'checkbox';
}

/** The answer key of the comment that goes with "Other". */
export function otherCommentKey(name: string): string {
  return `${name}${COMMENT_SUFFIX}`;
}

/** The values of the extra items the question shows, in SurveyJS's order (after the choices): none, then other. */
export function extraChoiceValues(question: Question): ChoiceValue[] {
  if (!takesExtraItems(question)) return [];
  return [...(question.showNoneItem ? [NONE_VALUE] : []), ...(question.showOtherItem ? [OTHER_VALUE] : [])];
}

/** Every value an answer may hold: the choices, then "None" and "Other" when shown. */
export function answerValues(question: Question): ChoiceValue[] {
  if (question.type !== 'radiogroup' && question.type !== 'dropdown' && question.type !== 'checkbox') return [];
  return [...question.choices.map((choice) => choice.value), ...extraChoiceValues(question)];
}

/** Answer keys of "Other" comments in the questionnaire's questions. */
export function otherCommentKeys(questions: readonly Question[]): string[] {
  return questions
    .filter((question) => takesExtraItems(question) && question.showOtherItem)
    .map((question) => otherCommentKey(question.name));
}
