import { sentenceOf, type Refusal, type ValidationTexts } from './validation-messages';

/** What a form checks of one field before sending, as the API's DTO rules say. */
export interface FieldRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  email?: boolean;
  /** The value (trimmed) must match; anchor the expression to match it whole. */
  pattern?: RegExp;
  /** The rule named when `pattern` refuses (default `matches`), so that its own sentence says why. */
  patternReason?: string;
  /** The text is a whole number within these bounds (when given). */
  integer?: { min?: number; max?: number };
  /** The value is one of these. */
  oneOf?: readonly string[];
  /**
   * The text is a date (`yyyy-mm-dd`) or a date and time (`yyyy-mm-ddThh:mm`), compared with
   * bounds of the same shape: not after today (`notAfter`), after today (`after`), after another
   * date such as the current due date (`laterThan`), not after the latest allowed (`notAfterThan`),
   * and an end not before its start (`notBefore`).
   */
  date?: { notAfter?: string; after?: string; laterThan?: string; notAfterThan?: string; notBefore?: string };
  /** A list: how many items it may hold, and the rule of each item. */
  minItems?: number;
  maxItems?: number;
  each?: FieldRule;
  /** The form's own sentence (from its catalogue) for any refusal of this field, instead of the general one. */
  says?: string;
}

/** A field's value as a form holds it: text as typed, a ticked box, or the items chosen. */
export type FieldValue = string | boolean | readonly unknown[] | undefined;

/** Staff passwords: 12 to 256 characters (the API's IsStaffPassword). */
export const STAFF_PASSWORD: FieldRule = { required: true, minLength: 12, maxLength: 256 };
/** A plain address as the API accepts it (common/validation.ts PLAIN_EMAIL_ADDRESS). */
const PLAIN_EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const WHOLE_NUMBER = /^[+-]?\d+$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

function listRefusals(rule: FieldRule, items: readonly unknown[]): Refusal[] {
  const min = rule.minItems ?? (rule.required ? 1 : undefined);
  if (min !== undefined && items.length < min) {
    return [{ reason: 'arrayMinSize', limits: { min }, message: 'too few' }];
  }
  if (rule.maxItems !== undefined && items.length > rule.maxItems) {
    return [{ reason: 'arrayMaxSize', limits: { max: rule.maxItems }, message: 'too many' }];
  }
  if (rule.each) {
    for (const item of items) {
      const refused = refusalsOf(rule.each, typeof item === 'string' ? item : String(item));
      if (refused.length > 0) return refused;
    }
  }
  return [];
}

function numberRefusals({ min, max }: { min?: number; max?: number }, value: string): Refusal[] {
  if (!WHOLE_NUMBER.test(value)) return [{ reason: 'isInt', message: 'whole number' }];
  // One bound at a time, as the API's Min and Max refuse (and word) it.
  const number = Number(value);
  if (min !== undefined && number < min) return [{ reason: 'min', limits: { min }, message: 'too small' }];
  if (max !== undefined && number > max) return [{ reason: 'max', limits: { max }, message: 'too large' }];
  return [];
}

function dateRefusals(rule: NonNullable<FieldRule['date']>, value: string): Refusal[] {
  if (!DATE_TEXT.test(value) || Number.isNaN(new Date(value).getTime())) return [{ reason: 'isDate', message: 'date' }];
  if (rule.notAfter !== undefined && value > rule.notAfter) return [{ reason: 'notFuture', message: 'future' }];
  if (rule.after !== undefined && value <= rule.after) return [{ reason: 'future', message: 'not future' }];
  if (rule.laterThan !== undefined && value <= rule.laterThan) return [{ reason: 'tooEarly', message: 'too early' }];
  if (rule.notAfterThan !== undefined && value > rule.notAfterThan) return [{ reason: 'tooFar', message: 'too far' }];
  if (rule.notBefore !== undefined && value < rule.notBefore) return [{ reason: 'later', message: 'before start' }];
  return [];
}

/** The refusals of one value under its rule, with the API's reasons and bounds, for wording alike. */
export function refusalsOf(rule: FieldRule, raw: FieldValue): Refusal[] {
  if (typeof raw === 'boolean') return rule.required && !raw ? [{ reason: 'isNotEmpty', message: 'required' }] : [];
  if (raw !== undefined && typeof raw !== 'string') return listRefusals(rule, raw);
  const text = raw ?? '';
  const value = text.trim();
  if (!value) return rule.required ? [{ reason: 'isNotEmpty', message: 'required' }] : [];
  const min = rule.minLength;
  const max = rule.maxLength;
  if ((min !== undefined && text.length < min) || (max !== undefined && text.length > max)) {
    return [{ reason: 'isLength', limits: { min, max }, message: 'length' }];
  }
  if (rule.email && !PLAIN_EMAIL.test(value)) return [{ reason: 'isEmail', message: 'email' }];
  if (rule.pattern && !rule.pattern.test(value))
    return [{ reason: rule.patternReason ?? 'matches', message: 'format' }];
  if (rule.integer) return numberRefusals(rule.integer, value);
  if (rule.oneOf && !rule.oneOf.includes(value)) return [{ reason: 'isIn', message: 'choose' }];
  if (rule.date) return dateRefusals(rule.date, value);
  return [];
}

/** Every field refused under its rule, with its refusals; empty when all pass. */
export function refusalsOfForm<F extends string>(
  rules: Readonly<Record<F, FieldRule>>,
  values: Readonly<Record<F, FieldValue>>,
): Partial<Record<F, Refusal[]>> {
  const found: Partial<Record<F, Refusal[]>> = {};
  for (const field of Object.keys(rules) as F[]) {
    const refusals = refusalsOf(rules[field], values[field]);
    if (refusals.length > 0) found[field] = refusals;
  }
  return found;
}

/** A field's refusals as sentences: the rule's own sentence (`says`) when it has one, else the general one. */
export function sentencesOf(
  rule: FieldRule | undefined,
  refusals: readonly Refusal[],
  texts: ValidationTexts,
): string[] {
  return [...new Set(refusals.map((refusal) => rule?.says ?? sentenceOf(texts, refusal)))];
}

/** Every field the rules refuse, with its sentences in the given language: what the form shows before sending. */
export function checkForm<F extends string>(
  rules: Readonly<Record<F, FieldRule>>,
  values: Readonly<Record<F, FieldValue>>,
  texts: ValidationTexts,
): Partial<Record<F, string[]>> {
  const found = refusalsOfForm(rules, values);
  return Object.fromEntries(
    (Object.keys(found) as F[]).map((field) => [field, sentencesOf(rules[field], found[field] ?? [], texts)]),
  ) as Partial<Record<F, string[]>>;
}
