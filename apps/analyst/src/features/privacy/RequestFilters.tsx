import { useId, useState } from 'react';
import { useMessages } from '../../lib/i18n';
import { privacyMessages } from './messages';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus, type RequestType } from './parts';

export type Flag = 'overdue' | 'due-soon';
const FLAGS: Flag[] = ['overdue', 'due-soon'];

/** The value if it is one of the values, else undefined (as for a filter left at "any"). */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

export interface FilterValues {
  status?: RequestStatus;
  type?: RequestType;
  flag?: Flag;
  dueBefore?: string;
}

/** A select whose first option, "any", leaves the filter out. */
function AnySelect<T extends string>({
  id,
  label,
  values,
  value,
  labelOf,
  onChange,
}: {
  id: string;
  label: string;
  values: readonly T[];
  value: T | undefined;
  labelOf: (value: T) => string;
  onChange: (value: T | undefined) => void;
}) {
  const t = useMessages(privacyMessages);
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(oneOf(values, e.target.value))}>
        <option value="">{t.any}</option>
        {values.map((each) => (
          <option key={each} value={each}>
            {labelOf(each)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The queue's filters, applied together (they live in the address, so a filtered queue can be shared). */
export function RequestFilters({
  initial,
  onApply,
}: {
  initial: FilterValues;
  onApply: (f: Record<string, string | undefined>) => void;
}) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [values, setValues] = useState(initial);
  const set = (patch: Partial<FilterValues>) => setValues((v) => ({ ...v, ...patch }));
  const flagNames: Record<Flag, string> = { overdue: t.queue.flagOverdue, 'due-soon': t.queue.flagDueSoon };
  return (
    <form
      className="panel filters"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ status: values.status, type: values.type, flag: values.flag, dueBefore: values.dueBefore });
      }}
    >
      <h2 id={`${id}-title`}>{t.queue.filters}</h2>
      <div className="form-row">
        <AnySelect
          id={`${id}-status`}
          label={t.queue.status}
          values={REQUEST_STATUSES}
          value={values.status}
          labelOf={(s) => t.statuses[s]}
          onChange={(status) => set({ status })}
        />
        <AnySelect
          id={`${id}-type`}
          label={t.queue.type}
          values={REQUEST_TYPES}
          value={values.type}
          labelOf={(type) => t.types[type]}
          onChange={(type) => set({ type })}
        />
        <AnySelect
          id={`${id}-flag`}
          label={t.queue.flag}
          values={FLAGS}
          value={values.flag}
          labelOf={(flag) => flagNames[flag]}
          onChange={(flag) => set({ flag })}
        />
        <div>
          <label htmlFor={`${id}-due`}>{t.queue.dueBefore}</label>
          <input
            id={`${id}-due`}
            type="date"
            value={values.dueBefore ?? ''}
            onChange={(e) => set({ dueBefore: e.target.value || undefined })}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t.apply}
          </button>
          <button type="button" onClick={() => onApply({})}>
            {t.reset}
          </button>
        </div>
      </div>
    </form>
  );
}
