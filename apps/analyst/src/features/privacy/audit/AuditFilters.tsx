import { useId, useMemo, useState } from 'react';
import { useFormCheck } from '../../../lib/form-check';
import { useLocale, useMessages } from '../../../lib/i18n';
import type { Failure } from '../../../lib/problem';
import { $api } from '../../../lib/query';
import { privacyMessages } from '../messages';
import { actionLabel, AUDIT_ACTION_LABELS } from './action-labels';
import { ACTOR_TYPES, OUTCOMES, type FilterName, type FilterValues } from './audit-filters';
import { ChoiceFilter, DateFilter, TextFilter, type FilterForm } from './FilterFields';

/** The audit log's filters, applied together; the API's reasons for refusing one show on its field. */
export function AuditFilters({
  initial,
  onApply,
  failure,
}: {
  initial: FilterValues;
  onApply: (values: FilterValues) => void;
  /** The API's refusal of the filters last applied. */
  failure: Failure | undefined;
}) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [values, setValues] = useState<FilterValues>(initial);
  const set = (name: FilterName, value: string) => setValues((v) => ({ ...v, [name]: value }));
  // The API's rules (AuditEventQueryDto), and a period whose end is not before its start.
  const check = useFormCheck(
    {
      resourceType: { pattern: /^[a-z_]+$/ },
      resourceId: { maxLength: 64 },
      from: { date: {} },
      to: { date: { notBefore: values.from || undefined } },
    },
    failure,
  );
  const form: FilterForm = { id, values, set, errorsOf: check.errorsOf };
  const labels = AUDIT_ACTION_LABELS[useLocale().locale];
  // The actions the API records, sorted by their label in the console's language.
  const listed = $api.useQuery('get', '/api/v1/audit-events/actions', {}, { staleTime: Infinity });
  const actions = useMemo(
    () =>
      [...(listed.data?.actions ?? [])].sort((a, b) => actionLabel(labels, a).localeCompare(actionLabel(labels, b))),
    [listed.data, labels],
  );
  return (
    <form
      className="panel filters"
      aria-labelledby={`${id}-title`}
      noValidate
      ref={check.ref}
      onSubmit={(e) => {
        e.preventDefault();
        const { resourceType = '', resourceId = '', from = '', to = '' } = values;
        if (check.check({ resourceType, resourceId, from, to })) onApply(values);
      }}
    >
      <h2 id={`${id}-title`}>{t.audit.filters}</h2>
      <div className="form-row">
        <ChoiceFilter
          form={form}
          name="actorType"
          label={t.audit.actorType}
          options={ACTOR_TYPES}
          labelOf={(a) => t.audit.actorTypes[a]}
        />
        <ChoiceFilter
          form={form}
          name="outcome"
          label={t.audit.outcome}
          options={OUTCOMES}
          labelOf={(o) => t.audit.outcomes[o]}
        />
        <ChoiceFilter
          form={form}
          name="action"
          label={t.audit.action}
          options={actions}
          labelOf={(a) => actionLabel(labels, a)}
        />
        <TextFilter form={form} name="resourceType" label={t.audit.resourceType} hint={t.audit.resourceTypeHint} />
        <TextFilter form={form} name="resourceId" label={t.audit.resourceId} />
        <DateFilter form={form} name="from" label={t.audit.from} />
        <DateFilter form={form} name="to" label={t.audit.to} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t.apply}
        </button>
        <button type="button" onClick={() => onApply({})}>
          {t.reset}
        </button>
      </div>
    </form>
  );
}
