import { fieldAria, FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import type { FilterName, FilterValues } from './audit-filters';

/** What every filter field needs from the form: the id prefix, the values, and the API's reasons. */
export interface FilterForm {
  id: string;
  values: FilterValues;
  set: (name: FilterName, value: string) => void;
  errorsOf: (name: FilterName) => string[];
}

function described({ id, errorsOf }: FilterForm, name: FilterName, hint?: boolean) {
  return {
    id: `${id}-${name}`,
    ...fieldAria(errorsOf(name), `${id}-${name}-error`, hint ? `${id}-${name}-hint` : undefined),
  };
}

/** A filter chosen from a list; "any" leaves it out. */
export function ChoiceFilter<T extends string>({
  form,
  name,
  label,
  options,
  labelOf,
}: {
  form: FilterForm;
  name: FilterName;
  label: string;
  options: readonly T[];
  labelOf: (option: T) => string;
}) {
  const t = useMessages(privacyMessages);
  return (
    <div>
      <label htmlFor={`${form.id}-${name}`}>{label}</label>
      <select
        {...described(form, name)}
        value={form.values[name] ?? ''}
        onChange={(e) => form.set(name, e.target.value)}
      >
        <option value="">{t.any}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {labelOf(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A filter typed as text (codes, not prose: no spelling check). */
export function TextFilter({
  form,
  name,
  label,
  hint,
}: {
  form: FilterForm;
  name: FilterName;
  label: string;
  hint?: string;
}) {
  const { id } = form;
  return (
    <div>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-${name}-hint`}>
          {hint}
        </p>
      )}
      <input
        {...described(form, name, !!hint)}
        autoComplete="off"
        spellCheck={false}
        value={form.values[name] ?? ''}
        onChange={(e) => form.set(name, e.target.value)}
      />
      <FieldMessages id={`${id}-${name}-error`} messages={form.errorsOf(name)} />
    </div>
  );
}

/** A day that bounds the events shown. */
export function DateFilter({ form, name, label }: { form: FilterForm; name: FilterName; label: string }) {
  const { id } = form;
  return (
    <div>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        {...described(form, name)}
        type="date"
        value={form.values[name] ?? ''}
        onChange={(e) => form.set(name, e.target.value)}
      />
      <FieldMessages id={`${id}-${name}-error`} messages={form.errorsOf(name)} />
    </div>
  );
}
