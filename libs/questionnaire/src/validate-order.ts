/** Validation of SurveyJS `choicesOrder` and page `questionsOrder`; order.ts says what they mean. */
import { hasOwn, pathOf } from './problems';
import type { Context } from './validate-questionnaire';

/**
 * `choicesOrder`: `"random"` is kept; `"none"` (SurveyJS's default) is accepted and dropped.
 * `"asc"` and `"desc"` sort by the text of one language, so respondents in different languages
 * would see different orders: left out.
 */
export function readChoicesOrder(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): { choicesOrder?: 'random' } {
  if (!hasOwn(object, 'choicesOrder')) return {};
  const value = object.choicesOrder;
  if (value === 'random') return { choicesOrder: 'random' };
  if (value !== 'none') context.add(pathOf(path, 'choicesOrder'), 'must be "random" or "none"');
  return {};
}

/**
 * A page's `questionsOrder`: `"random"` is kept; `"initial"` and `"default"` (document order)
 * are accepted and dropped.
 */
export function readQuestionsOrder(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): { questionsOrder?: 'random' } {
  if (!hasOwn(object, 'questionsOrder')) return {};
  const value = object.questionsOrder;
  if (value === 'random') return { questionsOrder: 'random' };
  if (value !== 'initial' && value !== 'default') {
    context.add(pathOf(path, 'questionsOrder'), 'must be "random", "initial" or "default"');
  }
  return {};
}
