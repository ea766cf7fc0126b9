import type { components } from '@survey/api-client';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { fieldAria, FieldMessages, QueryProblem } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, type Failure } from '../../lib/problem';
import { $api } from '../../lib/query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { privacyMessages } from './messages';
import type { Purpose } from '../../lib/purposes';
import { LANGUAGES } from './parts';

type Contact = components['schemas']['ContactDto'];
type Changes = components['schemas']['UpdateContactDto'];
type Segment = components['schemas']['Segment'];
const SEGMENTS = ['agent', 'applicant', 'holder', 'representative'] as const satisfies readonly Segment[];

const FIELDS = [
  'name',
  'email',
  'country',
  'segment',
  'registrationNumbers',
  'role',
  'relationshipSince',
  'platform',
  'language',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const EMPTY: Values = {
  name: '',
  email: '',
  country: '',
  segment: '',
  registrationNumbers: '',
  role: '',
  relationshipSince: '',
  platform: '',
  language: '',
};

function valuesOf(contact: Contact): Values {
  return {
    name: contact.name,
    email: contact.email,
    country: contact.country,
    segment: contact.segment,
    registrationNumbers: contact.registrationNumbers.join(', '),
    role: contact.role ?? '',
    relationshipSince: contact.relationshipSince ?? '',
    platform: contact.platform,
    language: contact.language,
  };
}

/** Only what the officer changed, in the API's types; a cleared optional field becomes null. */
function changesOf(initial: Values, values: Values): Changes {
  const changes: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = values[field].trim();
    if (value === initial[field].trim()) continue;
    if (field === 'registrationNumbers') {
      changes[field] = value
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
    } else if (field === 'role' || field === 'relationshipSince') {
      changes[field] = value || null;
    } else {
      changes[field] = value;
    }
  }
  return changes as Changes;
}

/**
 * The corrections a rectification asks for. The contact's current values are read with the
 * stated purpose (audited) and filled in; only the fields changed are sent, and the API's
 * reasons appear next to each field (`changes.<field>`).
 */
export function RectifyForm({
  contactId,
  purpose,
  busy,
  failure,
  onSubmit,
}: {
  contactId: string | null;
  purpose: Purpose;
  busy: boolean;
  failure: Failure | undefined;
  onSubmit: (changes: Changes) => Promise<boolean>;
}) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const contact = $api.useQuery(
    'get',
    '/api/v1/contacts/{id}',
    { params: { path: { id: contactId ?? '' }, header: { 'X-Purpose': purpose } } },
    // Personal data: read afresh (and audited) each time, never kept once the form is gone.
    { enabled: Boolean(contactId), gcTime: 0 },
  );
  const ready = contact.isSuccess && !contact.isFetching;
  const [initial, setInitial] = useState<Values>(EMPTY);
  const [values, setValues] = useState<Values>(EMPTY);
  const [nothing, setNothing] = useState(false);
  const [asking, setAsking] = useState<Changes>();

  useEffect(() => {
    if (ready && contact.data) {
      setInitial(valuesOf(contact.data));
      setValues(valuesOf(contact.data));
    }
  }, [ready, contact.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes = changesOf(initial, values);
    if (Object.keys(changes).length === 0) {
      setNothing(true);
      return;
    }
    setNothing(false);
    setAsking(changes);
  }

  const input = (field: Field, type = 'text') => {
    const errors = fieldMessages(failure, `changes.${field}`);
    const common = {
      id: `${id}-${field}`,
      value: values[field],
      ...fieldAria(errors, `${id}-${field}-error`),
    };
    const set = (value: string) => setValues((v) => ({ ...v, [field]: value }));
    return (
      <div className="rectify-field" key={field}>
        <label htmlFor={common.id}>{t.actions.fields[field]}</label>
        {field === 'segment' ? (
          <select {...common} onChange={(e) => set(e.target.value)}>
            <option value="">—</option>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {t.actions.segments[s]}
              </option>
            ))}
          </select>
        ) : field === 'language' ? (
          <select {...common} onChange={(e) => set(e.target.value)}>
            <option value="">—</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t.languages[l]}
              </option>
            ))}
          </select>
        ) : (
          <input {...common} type={type} autoComplete="off" onChange={(e) => set(e.target.value)} />
        )}
        <FieldMessages id={`${id}-${field}-error`} messages={errors} />
      </div>
    );
  };

  return (
    <>
      <p>{t.actions.rectifyIntro}</p>
      {!contactId && <p className="notice warning">{t.actions.rectifyNoContact}</p>}
      {contactId && ready && <p className="hint">{t.actions.rectifyCurrent}</p>}
      <QueryProblem query={contact} />
      <form onSubmit={submit} noValidate className="rectify-form" aria-label={t.actions.fulfilTitle.rectification}>
        <div className="rectify-grid">
          {input('name')}
          {input('email', 'email')}
          {input('country')}
          {input('segment')}
          {input('registrationNumbers')}
          {input('role')}
          {input('relationshipSince', 'date')}
          {input('platform')}
          {input('language')}
        </div>
        {nothing && (
          <p className="field-error" role="alert">
            {t.actions.rectifyNothing}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || contact.isFetching}>
            {t.actions.rectifyDo}
          </button>
        </div>
      </form>
      {asking && (
        <ConfirmDialog
          title={t.actions.fulfilTitle.rectification}
          confirmLabel={t.actions.confirm}
          busy={busy}
          onConfirm={() => void onSubmit(asking).then(() => setAsking(undefined))}
          onCancel={() => setAsking(undefined)}
        >
          <p>
            {t.actions.rectifyConfirm(
              Object.keys(asking)
                .map((k) => t.actions.fields[k as Field] ?? k)
                .join(', '),
            )}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
