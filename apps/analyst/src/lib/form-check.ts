import { useState } from 'react';
import { fieldAria } from '../components/ui';
import { useLocale } from './i18n';
import { fieldMessages, type Failure } from './problem';
import { sentenceOf, VALIDATION_MESSAGES, type Refusal } from './validation-messages';

/** What a form checks of one field before sending, as the API's DTO rules say. */
export interface FieldRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  email?: boolean;
  /** The whole value must match (after trimming). */
  pattern?: RegExp;
}

/** Staff passwords: 12 to 256 characters (the API's IsStaffPassword). */
export const STAFF_PASSWORD: FieldRule = { required: true, minLength: 12, maxLength: 256 };
/** A plain address as the API accepts it (common/validation.ts PLAIN_EMAIL_ADDRESS). */
const PLAIN_EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/** The refusals of one value under its rule, worded as the API's would be (same reasons, same bounds). */
export function refusalsOf(rule: FieldRule, raw: string | readonly unknown[]): Refusal[] {
  if (typeof raw !== 'string') {
    return rule.required && raw.length === 0 ? [{ reason: 'arrayMinSize', limits: { min: 1 }, message: 'choose' }] : [];
  }
  const value = raw.trim();
  if (!value) return rule.required ? [{ reason: 'isNotEmpty', message: 'required' }] : [];
  const min = rule.minLength;
  const max = rule.maxLength;
  if ((min !== undefined && raw.length < min) || (max !== undefined && raw.length > max)) {
    return [{ reason: 'isLength', limits: { min, max }, message: 'length' }];
  }
  if (rule.email && !PLAIN_EMAIL.test(value)) return [{ reason: 'isEmail', message: 'email' }];
  if (rule.pattern && !rule.pattern.test(value)) return [{ reason: 'matches', message: 'format' }];
  return [];
}

/**
 * The one way staff forms check their fields and show what is wrong: `check` runs the form's own
 * rules before sending (and says whether to send); `errorsOf` gives a field's sentences, the
 * form's own first, then the API's (`failure`, worded by `useFailure`); `aria` ties them to the
 * input. Both are in the console's language, next to the field.
 */
export function useFormCheck<F extends string>(rules: Readonly<Record<F, FieldRule>>, failure: Failure | undefined) {
  const texts = VALIDATION_MESSAGES[useLocale().locale];
  const [found, setFound] = useState<Partial<Record<F, Refusal[]>>>({});
  const [checked, setChecked] = useState(false);

  function check(values: Readonly<Record<F, string | readonly unknown[]>>): boolean {
    const next: Partial<Record<F, Refusal[]>> = {};
    for (const field of Object.keys(rules) as F[]) {
      const refusals = refusalsOf(rules[field], values[field] ?? '');
      if (refusals.length > 0) next[field] = refusals;
    }
    setFound(next);
    setChecked(true);
    return Object.keys(next).length === 0;
  }

  const errorsOf = (field: F): string[] => [
    ...(found[field] ?? []).map((refusal) => sentenceOf(texts, refusal)),
    ...fieldMessages(failure, field),
  ];
  const aria = (field: F, errorId: string, hintId?: string) => fieldAria(errorsOf(field), errorId, hintId);
  return { check, errorsOf, aria, checked, hasOwnErrors: Object.keys(found).length > 0 };
}
