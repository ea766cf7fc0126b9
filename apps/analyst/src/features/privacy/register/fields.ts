import { fieldAria } from '../../../components/ui';
import { fieldMessages, type Failure } from '../../../lib/problem';

/** The API's reasons for refusing one field of the form, and the attributes that point to them. */
export function fieldOf(failure: Failure | undefined, id: string, name: string) {
  const errors = fieldMessages(failure, name);
  return { errors, props: fieldAria(errors, `${id}-${name}-error`) };
}
