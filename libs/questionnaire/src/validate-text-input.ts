/**
 * Validation of a `text` question's input type and answer rules: SurveyJS `inputType`, `min`,
 * `max`, `maxLength` and `validators` (text-input.ts says what answers they allow).
 */
import { hasOwn, isPlainObject, pathOf } from './problems';
import { regexVerdict } from './regex-safety';
import { isCalendarDate } from './dates';
import { LIMITS, TEXT_INPUT_TYPES, VALIDATOR_TYPES, type AnswerValidator, type TextInputType } from './types';
import type { LocalizedText } from './languages';
import { checkKeys, readOptionalInteger, readOptionalText, type Context } from './validate-common';

type InputKind = 'free' | 'number' | 'date';

function kindOf(inputType: TextInputType | undefined): InputKind {
  return inputType === 'number' ? 'number' : inputType === 'date' ? 'date' : 'free';
}

/**
 * A one-line input: `inputType` `email`, `tel`, `number` or `date` is kept, `text` (SurveyJS's
 * default) dropped; the other SurveyJS input types are refused. Free-text inputs get `maxLength`
 * written out (default 200); `number` and `date` take `min` and `max` instead.
 */
export function readTextQuestion(
  object: Record<string, unknown>,
  path: string,
  context: Context,
): Record<string, unknown> | undefined {
  const before = context.problems.total;
  let inputType: TextInputType | undefined;
  if (hasOwn(object, 'inputType')) {
    const value = object.inputType;
    if (typeof value === 'string' && (TEXT_INPUT_TYPES as readonly string[]).includes(value)) {
      if (value !== 'text') inputType = value as TextInputType;
    } else {
      context.add(
        pathOf(path, 'inputType'),
        `must be one of ${TEXT_INPUT_TYPES.join(', ')} (other input types are not supported)`,
      );
      return undefined;
    }
  }
  const kind = kindOf(inputType);
  let maxLength: number | undefined;
  if (kind === 'free') {
    maxLength = readOptionalInteger(object, 'maxLength', path, 1, LIMITS.textMaxLength, context);
    for (const key of ['min', 'max']) {
      if (hasOwn(object, key)) context.add(pathOf(path, key), 'needs inputType number or date');
    }
  } else if (hasOwn(object, 'maxLength')) {
    context.add(pathOf(path, 'maxLength'), 'needs inputType text, email or tel');
  }
  const min = kind === 'free' ? undefined : readBound(object, 'min', path, kind, context);
  const max = kind === 'free' ? undefined : readBound(object, 'max', path, kind, context);
  if (min !== undefined && max !== undefined && min > max) {
    context.add(pathOf(path, 'max'), 'must not be less than min');
  }
  const validators = readValidators(object, path, inputType, context);
  if (context.problems.total !== before) return undefined;
  return {
    ...(inputType && { inputType }),
    ...(kind === 'free' && { maxLength: maxLength ?? LIMITS.textDefaultMaxLength }),
    ...(min !== undefined && { min }),
    ...(max !== undefined && { max }),
    ...(validators && { validators }),
  };
}

/** `min`/`max`: a finite number for `number`, a calendar date `YYYY-MM-DD` for `date`. */
function readBound(
  object: Record<string, unknown>,
  key: 'min' | 'max',
  path: string,
  kind: 'number' | 'date',
  context: Context,
): number | string | undefined {
  if (!hasOwn(object, key)) return undefined;
  const value = object[key];
  if (kind === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    context.add(pathOf(path, key), 'must be a finite number for a number input');
    return undefined;
  }
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  context.add(pathOf(path, key), 'must be a date written YYYY-MM-DD');
  return undefined;
}

/** Which validator types suit which input: numbers for `number`, text rules for free text; none for dates. */
function validatorProblem(type: AnswerValidator['type'], inputType: TextInputType | undefined): string | undefined {
  const kind = kindOf(inputType);
  if (kind === 'date') return 'is not for date inputs (use min and max)';
  if (type === 'numeric') return kind === 'number' ? undefined : 'needs inputType number';
  if (kind === 'number') return 'needs inputType text, email or tel';
  if (type === 'email' && inputType === 'tel') return 'is not for telephone inputs';
  return undefined;
}

const VALIDATOR_KEYS: Record<AnswerValidator['type'], readonly string[]> = {
  numeric: ['type', 'text', 'minValue', 'maxValue'],
  text: ['type', 'text', 'minLength', 'maxLength'],
  regex: ['type', 'text', 'regex'],
  email: ['type', 'text'],
};

function readValidators(
  object: Record<string, unknown>,
  path: string,
  inputType: TextInputType | undefined,
  context: Context,
): AnswerValidator[] | undefined {
  if (!hasOwn(object, 'validators')) return undefined;
  const field = pathOf(path, 'validators');
  const list = object.validators;
  if (!Array.isArray(list) || list.length > LIMITS.validators) {
    context.add(field, `must be an array of at most ${LIMITS.validators} validators`);
    return undefined;
  }
  const validators: AnswerValidator[] = [];
  list.forEach((item, index) => {
    const validator = readValidator(item, pathOf(field, index), inputType, context);
    if (validator) validators.push(validator);
  });
  return validators.length > 0 ? validators : undefined;
}

function readValidator(
  item: unknown,
  path: string,
  inputType: TextInputType | undefined,
  context: Context,
): AnswerValidator | undefined {
  if (!isPlainObject(item)) {
    context.add(path, 'must be an object with a type');
    return undefined;
  }
  const type = item.type;
  if (typeof type !== 'string' || !(VALIDATOR_TYPES as readonly string[]).includes(type)) {
    context.add(pathOf(path, 'type'), `must be one of ${VALIDATOR_TYPES.join(', ')}`);
    return undefined;
  }
  const validatorType = type as AnswerValidator['type'];
  checkKeys(item, path, VALIDATOR_KEYS[validatorType], context);
  const misplaced = validatorProblem(validatorType, inputType);
  if (misplaced) context.add(pathOf(path, 'type'), misplaced);
  const text: LocalizedText | undefined = readOptionalText(item, 'text', path, context);
  const message = text ? { text } : {};
  switch (validatorType) {
    case 'numeric': {
      const minValue = readFinite(item, 'minValue', path, context);
      const maxValue = readFinite(item, 'maxValue', path, context);
      if (minValue === undefined && maxValue === undefined) {
        context.add(path, 'needs minValue, maxValue or both');
        return undefined;
      }
      if (minValue !== undefined && maxValue !== undefined && minValue > maxValue) {
        context.add(pathOf(path, 'maxValue'), 'must not be less than minValue');
      }
      return {
        type: 'numeric',
        ...(minValue !== undefined && { minValue }),
        ...(maxValue !== undefined && { maxValue }),
        ...message,
      };
    }
    case 'text': {
      const minLength = readOptionalInteger(item, 'minLength', path, 0, LIMITS.textMaxLength, context);
      const maxLength = readOptionalInteger(item, 'maxLength', path, 1, LIMITS.textMaxLength, context);
      if (minLength === undefined && maxLength === undefined) {
        context.add(path, 'needs minLength, maxLength or both');
        return undefined;
      }
      if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
        context.add(pathOf(path, 'maxLength'), 'must not be less than minLength');
      }
      return {
        type: 'text',
        ...(minLength !== undefined && { minLength }),
        ...(maxLength !== undefined && { maxLength }),
        ...message,
      };
    }
    case 'regex': {
      const regex = readRegex(item, path, context);
      return regex === undefined ? undefined : { type: 'regex', regex, ...message };
    }
    case 'email':
      return { type: 'email', ...message };
  }
}

function readFinite(object: Record<string, unknown>, key: string, path: string, context: Context): number | undefined {
  if (!hasOwn(object, key)) return undefined;
  const value = object[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  context.add(pathOf(path, key), 'must be a finite number');
  return undefined;
}

/** A pattern that compiles, is at most 500 characters and cannot backtrack catastrophically. */
function readRegex(object: Record<string, unknown>, path: string, context: Context): string | undefined {
  const field = pathOf(path, 'regex');
  if (!hasOwn(object, 'regex')) {
    context.add(field, 'is required');
    return undefined;
  }
  const regex = object.regex;
  if (typeof regex !== 'string' || regex === '' || regex.length > LIMITS.regexLength) {
    context.add(field, `must be a regular expression of 1 to ${LIMITS.regexLength} characters`);
    return undefined;
  }
  const verdict = regexVerdict(regex, context.regexSafety);
  if (verdict === 'invalid') {
    context.add(field, 'is not a valid JavaScript regular expression');
    return undefined;
  }
  if (verdict === 'unsafe') {
    context.add(field, 'risks catastrophic backtracking: anchor it (^…$) and avoid nested repetition');
    return undefined;
  }
  return regex;
}
