/**
 * Answers to `text` questions: what each `inputType` accepts, then `min`/`max` and the SurveyJS
 * `validators`, in that order. The server (validateAnswers) and the respondent app use the same
 * functions, so they accept the same answers; `textAnswerIssue` tells the app which rule failed,
 * so it can show the author's message (`validators[].text`) or its own.
 */
import { isCalendarDate } from './dates';
import { hasControlCharacters } from './problems';
import { LIMITS, type AnswerValidator, type TextQuestion } from './types';

/** An e-mail address as forms accept it: something, "@", a domain with a dot; no spaces. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)+$/;
/** A telephone number: an optional "+", then digits with spaces, dots, dashes or brackets. */
const TEL = /^\+?[0-9()][0-9 ().-]*[0-9]$/;
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/** Whether answers to this question are free text (encrypted, never in statistics): all but number and date. */
export function isFreeTextInput(question: TextQuestion): boolean {
  return question.inputType !== 'number' && question.inputType !== 'date';
}

/**
 * Why an answer is refused, without the answer: the client words it in its own language,
 * `validator` points at the rule whose `text` the author may have written.
 */
export type TextAnswerIssue =
  | { kind: 'type'; expected: 'string' | 'number' | 'date' }
  | { kind: 'too-long'; maxLength: number }
  | { kind: 'control-characters' }
  | { kind: 'multi-line' }
  | { kind: 'email' }
  | { kind: 'tel' }
  | { kind: 'below-min'; min: number | string }
  | { kind: 'above-max'; max: number | string }
  | { kind: 'validator'; index: number; validator: AnswerValidator };

export type TextAnswerResult =
  { state: 'empty' } | { state: 'valid'; value: string | number } | { state: 'invalid'; issue: TextAnswerIssue };

/** Checks one answer to a `text` question; strings come back trimmed. */
export function checkTextAnswer(question: TextQuestion, raw: unknown): TextAnswerResult {
  if (raw === undefined || raw === null) return { state: 'empty' };
  if (question.inputType === 'number') return checkNumber(question, raw);
  if (typeof raw !== 'string') return invalid({ kind: 'type', expected: 'string' });
  const text = raw.trim();
  if (text === '') return { state: 'empty' };
  if (question.inputType === 'date') return checkDate(question, text);
  const maxLength = question.maxLength ?? LIMITS.textDefaultMaxLength;
  // UTF-16 code units, as the browser counts for the input's maxlength.
  if (text.length > maxLength) return invalid({ kind: 'too-long', maxLength });
  if (hasControlCharacters(text)) return invalid({ kind: 'control-characters' });
  if (/[\r\n]/.test(text)) return invalid({ kind: 'multi-line' });
  if (question.inputType === 'email' && !isEmailAddress(text)) return invalid({ kind: 'email' });
  if (question.inputType === 'tel') {
    const digits = text.replace(/[^0-9]/g, '').length;
    if (!TEL.test(text) || digits < 3 || digits > 20) return invalid({ kind: 'tel' });
  }
  return withValidators(question, text);
}

/** The issue of an answer, or undefined when it is accepted (or empty). */
export function textAnswerIssue(question: TextQuestion, raw: unknown): TextAnswerIssue | undefined {
  const result = checkTextAnswer(question, raw);
  return result.state === 'invalid' ? result.issue : undefined;
}

function invalid(issue: TextAnswerIssue): TextAnswerResult {
  return { state: 'invalid', issue };
}

function checkNumber(question: TextQuestion, raw: unknown): TextAnswerResult {
  // A JSON number, as SurveyJS stores a number input's value; "12" is text, not a number.
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return invalid({ kind: 'type', expected: 'number' });
  if (typeof question.min === 'number' && raw < question.min) return invalid({ kind: 'below-min', min: question.min });
  if (typeof question.max === 'number' && raw > question.max) return invalid({ kind: 'above-max', max: question.max });
  return withValidators(question, raw);
}

function checkDate(question: TextQuestion, text: string): TextAnswerResult {
  if (!isCalendarDate(text)) return invalid({ kind: 'type', expected: 'date' });
  // YYYY-MM-DD strings order as the dates do.
  if (typeof question.min === 'string' && text < question.min) return invalid({ kind: 'below-min', min: question.min });
  if (typeof question.max === 'string' && text > question.max) return invalid({ kind: 'above-max', max: question.max });
  return { state: 'valid', value: text };
}

function withValidators(question: TextQuestion, value: string | number): TextAnswerResult {
  const validators = question.validators ?? [];
  for (let index = 0; index < validators.length; index += 1) {
    if (!passes(validators[index], value)) return invalid({ kind: 'validator', index, validator: validators[index] });
  }
  return { state: 'valid', value };
}

/** SurveyJS's meaning of each validator. */
function passes(validator: AnswerValidator, value: string | number): boolean {
  switch (validator.type) {
    case 'numeric':
      return (
        typeof value === 'number' &&
        (validator.minValue === undefined || value >= validator.minValue) &&
        (validator.maxValue === undefined || value <= validator.maxValue)
      );
    case 'text':
      return (
        typeof value === 'string' &&
        (validator.minLength === undefined || value.length >= validator.minLength) &&
        (validator.maxLength === undefined || value.length <= validator.maxLength)
      );
    case 'regex':
      // Checked safe when the questionnaire was validated (regex-safety.ts); no flags, as SurveyJS.
      return typeof value === 'string' && new RegExp(validator.regex).test(value);
    case 'email':
      return typeof value === 'string' && isEmailAddress(value);
  }
}

/** The server's message for an issue, in English; it names the rule, never the answer. */
export function textIssueMessage(issue: TextAnswerIssue): string {
  switch (issue.kind) {
    case 'type':
      return issue.expected === 'number'
        ? 'must be a number'
        : issue.expected === 'date'
          ? 'must be a date written YYYY-MM-DD'
          : 'must be a string';
    case 'too-long':
      return `must be at most ${issue.maxLength} characters`;
    case 'control-characters':
      return 'must not contain control characters';
    case 'multi-line':
      return 'must be on one line';
    case 'email':
      return 'must be an e-mail address, such as name@example.org';
    case 'tel':
      return 'must be a telephone number: digits, with an optional leading + and spaces, dots, dashes or brackets';
    case 'below-min':
      return `must be at least ${issue.min} (min)`;
    case 'above-max':
      return `must be at most ${issue.max} (max)`;
    case 'validator':
      return validatorMessage(issue.validator, issue.index);
  }
}

function validatorMessage(validator: AnswerValidator, index: number): string {
  const which = `validators[${index}]`;
  switch (validator.type) {
    case 'numeric':
      return `is refused by ${which} (numeric): must be ${range(validator.minValue, validator.maxValue)}`;
    case 'text':
      return `is refused by ${which} (text): must have ${range(validator.minLength, validator.maxLength)} characters`;
    case 'regex':
      return `is refused by ${which} (regex): does not match the required pattern`;
    case 'email':
      return `is refused by ${which} (email): must be an e-mail address`;
  }
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
