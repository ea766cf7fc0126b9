import { fieldAria } from '../../../components/ui';

/** A field's sentences, as `useFormCheck().errorsOf` gives them (the form's own check, then the API's). */
export type ErrorsOf = (field: string) => string[];

/** The reasons for refusing one field of the form, and the attributes that point to them. */
export function fieldOf(errorsOf: ErrorsOf, id: string, name: string, hintId?: string) {
  const errors = errorsOf(name);
  return { errors, props: fieldAria(errors, `${id}-${name}-error`, hintId) };
}
