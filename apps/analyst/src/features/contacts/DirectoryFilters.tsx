import { type components } from '@survey/api-client';
import { useId, type FormEvent } from 'react';
import { FieldMessages } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { useFormCheck } from '../../lib/form-check';
import type { Failure } from '../../lib/problem';
import { contactsMessages } from './messages';

type Segment = components['schemas']['Segment'];
const SEGMENTS: Segment[] = ['agent', 'applicant', 'holder', 'representative'];

export interface Filters {
  country: string;
  segment: '' | Segment;
  platform: string;
  role: string;
}

export const NO_FILTERS: Filters = { country: '', segment: '', platform: '', role: '' };

/** The API's rules for the directory's filters (ContactQueryDto), checked before asking. */
const FILTER_RULES = {
  country: { pattern: /^[A-Za-z]{2}$/ },
  platform: { maxLength: 100 },
  role: { maxLength: 200 },
} as const;

/** The directory's filter form; the API's reasons for refusing a filter show on its field. */
export function DirectoryFilters({
  draft,
  onDraft,
  failure,
  onApply,
  onClear,
}: {
  draft: Filters;
  onDraft: (draft: Filters) => void;
  failure: Failure | undefined;
  onApply: () => void;
  onClear: () => void;
}) {
  const t = useMessages(contactsMessages);
  const id = useId();
  const form = useFormCheck(FILTER_RULES, failure);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (form.check(draft)) onApply();
  }

  function clear() {
    form.clear();
    onClear();
  }

  const text = (field: 'country' | 'platform' | 'role', label: string, extra: { size: number; maxLength?: number }) => {
    const errors = form.errorsOf(field);
    return (
      <div>
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <input
          id={`${id}-${field}`}
          value={draft[field]}
          onChange={(e) => onDraft({ ...draft, [field]: e.target.value })}
          {...form.aria(field, `${id}-${field}-error`)}
          {...extra}
        />
        <FieldMessages id={`${id}-${field}-error`} messages={errors} />
      </div>
    );
  };

  return (
    <form className="form-row filters" onSubmit={apply} noValidate ref={form.ref}>
      {text('country', t.countryCode, { size: 4, maxLength: 2 })}
      <div>
        <label htmlFor={`${id}-segment`}>{t.segment}</label>
        <select
          id={`${id}-segment`}
          value={draft.segment}
          onChange={(e) => onDraft({ ...draft, segment: e.target.value as Filters['segment'] })}
        >
          <option value="">{t.any}</option>
          {SEGMENTS.map((segment) => (
            <option key={segment} value={segment}>
              {t.segments[segment]}
            </option>
          ))}
        </select>
      </div>
      {text('platform', t.platform, { size: 12 })}
      {text('role', t.role, { size: 16 })}
      <div className="actions">
        <button type="submit">{t.filter}</button>
        <button type="button" onClick={clear}>
          {t.clearFilters}
        </button>
      </div>
    </form>
  );
}
