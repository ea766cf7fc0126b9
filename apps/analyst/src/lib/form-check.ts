import { useEffect, useRef, useState } from 'react';
import { fieldAria } from '../components/ui';
import { useLocale } from './i18n';
import { fieldMessages, type Failure } from './problem';
import { refusalsOfForm, sentencesOf, type FieldRule, type FieldValue } from './field-rules';
import { VALIDATION_MESSAGES, type Refusal } from './validation-messages';

export { STAFF_PASSWORD, type FieldRule, type FieldValue } from './field-rules';

/**
 * Moves the focus to the first field marked invalid inside `root`: an input with `aria-invalid`,
 * or a group of boxes marked `data-invalid` (whose first box takes the focus).
 */
function focusFirstInvalid(root: HTMLElement | null) {
  const first = root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
  const target = first?.matches('fieldset') ? first.querySelector<HTMLElement>('input, select, textarea') : first;
  target?.focus();
}

/**
 * The one way staff forms check their fields and show what is wrong: `check` runs the form's own
 * rules before sending (and says whether to send); `errorsOf` gives a field's sentences, the
 * form's own first, then the API's (`failure`, worded by `useFailure`); `aria` ties them to the
 * input. Both are in the console's language, next to the field. With `ref` on the form, the focus
 * goes to the first field found wrong, by the form's check or by the API.
 */
export function useFormCheck<F extends string>(rules: Readonly<Record<F, FieldRule>>, failure: Failure | undefined) {
  const texts = VALIDATION_MESSAGES[useLocale().locale];
  const [found, setFound] = useState<Partial<Record<F, Refusal[]>>>({});
  const [checked, setChecked] = useState(false);
  const [refusedChecks, setRefusedChecks] = useState(0);
  const ref = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (refusedChecks > 0) focusFirstInvalid(ref.current);
  }, [refusedChecks]);
  useEffect(() => {
    if (failure && failure.fieldErrors.length > 0) focusFirstInvalid(ref.current);
  }, [failure]);

  function check(values: Readonly<Record<F, FieldValue>>): boolean {
    const next = refusalsOfForm(rules, values);
    const passed = Object.keys(next).length === 0;
    setFound(next);
    setChecked(true);
    if (!passed) setRefusedChecks((n) => n + 1);
    return passed;
  }

  /** The field's sentences; `apiField` names it as the API does when that differs (`target.countries`). */
  const errorsOf = (field: F | (string & {}), apiField: string = field): string[] => [
    ...sentencesOf(rules[field as F], found[field as F] ?? [], texts),
    ...fieldMessages(failure, apiField),
  ];
  const aria = (field: F | (string & {}), errorId: string, hintId?: string) =>
    fieldAria(errorsOf(field), errorId, hintId);
  /** Forgets the form's own refusals (the form was emptied or closed). */
  const clear = () => {
    setFound({});
    setChecked(false);
  };
  return { check, errorsOf, aria, ref, clear, checked, hasOwnErrors: Object.keys(found).length > 0 };
}
