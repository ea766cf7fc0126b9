/** Validation of the `ranking`, `slider` and `expression` question types. */
import { expressionParts, parseExpression } from './expressions';
import { hasOwn, pathOf } from './problems';
import { sliderPointCount } from './questions';
import { EXPRESSION_DISPLAY_STYLES, LIMITS, type ExpressionDisplayStyle, type Question } from './types';
import { checkComparisons, readChoices, readOptionalInteger, type Context } from './validate-questionnaire';

/** A ranking's `choices`: as a radiogroup's, at most 20 (each is moved by hand). */
export function readRanking(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): Record<string, unknown> | undefined {
  const choices = readChoices(object, 'choices', path, context);
  if (!choices) return undefined;
  if (choices.length < 2 || choices.length > LIMITS.rankingChoices) {
    context.add(pathOf(path, 'choices'), `must contain 2 to ${LIMITS.rankingChoices} choices to rank`);
    return undefined;
  }
  return { choices };
}

function readFiniteNumber(
  object: Record<string, unknown>,
  key: string,
  fallback: number,
  path: string,
  context: Context,
): number | undefined {
  if (!hasOwn(object, key)) return fallback;
  const value = object[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e9) {
    context.add(pathOf(path, key), 'must be a number from -1000000000 to 1000000000');
    return undefined;
  }
  return value;
}

/**
 * A slider's scale, with SurveyJS's defaults (0, 100, 1) written out. `max - min` must be a whole
 * number of steps, and the scale at most 101 points, so that every point can be counted.
 * `sliderType` `"single"` (the default) is accepted and dropped; `"range"` is not supported.
 */
export function readSlider(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): Record<string, unknown> | undefined {
  const before = context.problems.total;
  if (hasOwn(object, 'sliderType') && object.sliderType !== 'single') {
    context.add(pathOf(path, 'sliderType'), 'must be "single" or left out (range sliders are not supported)');
  }
  const min = readFiniteNumber(object, 'min', 0, path, context);
  const max = readFiniteNumber(object, 'max', 100, path, context);
  const step = readFiniteNumber(object, 'step', 1, path, context);
  if (min === undefined || max === undefined || step === undefined) return undefined;
  if (step <= 0) context.add(pathOf(path, 'step'), 'must be greater than 0');
  else if (max <= min) context.add(pathOf(path, 'max'), 'must be greater than min');
  else {
    const steps = (max - min) / step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) {
      context.add(pathOf(path, 'step'), 'must divide max - min into whole steps');
    } else if (sliderPointCount({ min, max, step }) > LIMITS.sliderPoints) {
      context.add(pathOf(path, 'step'), `makes too many points: a slider has at most ${LIMITS.sliderPoints}`);
    }
  }
  return context.problems.total === before ? { min, max, step } : undefined;
}

/** Whether an expression may read this question's answer: it must be a number. */
function numericProblem(target: Question): string | undefined {
  switch (target.type) {
    case 'rating':
    case 'slider':
    case 'expression':
      return undefined;
    case 'radiogroup':
    case 'dropdown':
      return target.choices.every((choice) => typeof choice.value === 'number')
        ? undefined
        : 'reads a question whose choice values are not all numbers';
    default:
      return 'reads a question whose answer is not a number (rating, slider, expression, or a radiogroup or dropdown with numeric choice values)';
  }
}

/**
 * An expression question: `expression` must parse (expressions.ts) and read only earlier
 * questions with number answers; `iif` conditions follow the rules of `visibleIf`.
 * `displayStyle` `none` is dropped; fraction digits are 0 to 10, the minimum not above the maximum.
 */
export function readExpressionQuestion(
  object: Record<string, unknown>,
  path: string,
  index: number,
  context: Context,
): Record<string, unknown> | undefined {
  const before = context.problems.total;
  const field = pathOf(path, 'expression');
  const text = object.expression;
  let expression: string | undefined;
  if (!hasOwn(object, 'expression')) context.add(field, 'is required');
  else if (typeof text !== 'string') context.add(field, 'must be a string holding an expression');
  else {
    const parsed = parseExpression(text);
    if (!parsed.ok) context.add(field, `does not parse: ${parsed.error.message}`);
    else {
      const parts = expressionParts(parsed.expression);
      for (const answer of parts.answers) {
        const at = `at character ${answer.position}`;
        const declared = context.declared.get(answer.question.toLowerCase());
        if (!declared || declared.name !== answer.question) {
          context.add(field, `refers to a question that does not exist ${at}`);
        } else if (declared.index >= index) {
          context.add(
            field,
            `refers to ${declared.index === index ? 'its own question' : 'a later question'} ${at}: expressions may only use earlier answers`,
          );
        } else {
          const target = context.valid.get(answer.question);
          const problem = target && numericProblem(target);
          if (problem) context.add(field, `${problem} ${at}`);
        }
      }
      for (const condition of parts.conditions) {
        checkComparisons(condition.condition, field, index, context, condition.position - 1);
      }
      expression = text.trim();
    }
  }
  let displayStyle: ExpressionDisplayStyle | undefined;
  if (hasOwn(object, 'displayStyle')) {
    const value = object.displayStyle;
    if (typeof value !== 'string' || !(EXPRESSION_DISPLAY_STYLES as readonly string[]).includes(value)) {
      context.add(
        pathOf(path, 'displayStyle'),
        `must be one of ${EXPRESSION_DISPLAY_STYLES.join(', ')} (currency and date are not supported)`,
      );
    } else if (value !== 'none') displayStyle = value as ExpressionDisplayStyle;
  }
  const minimumFractionDigits = readOptionalInteger(object, 'minimumFractionDigits', path, 0, 10, context);
  const maximumFractionDigits = readOptionalInteger(object, 'maximumFractionDigits', path, 0, 10, context);
  if (
    minimumFractionDigits !== undefined &&
    maximumFractionDigits !== undefined &&
    minimumFractionDigits > maximumFractionDigits
  ) {
    context.add(pathOf(path, 'minimumFractionDigits'), 'must not be greater than maximumFractionDigits');
  }
  if (context.problems.total !== before || expression === undefined) return undefined;
  return {
    expression,
    ...(displayStyle && { displayStyle }),
    ...(minimumFractionDigits !== undefined && { minimumFractionDigits }),
    ...(maximumFractionDigits !== undefined && { maximumFractionDigits }),
  };
}
