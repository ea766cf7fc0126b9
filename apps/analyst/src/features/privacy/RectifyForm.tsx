import { useId, useState, type FormEvent } from 'react';
import { QueryProblem } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { type Failure } from '../../lib/problem';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { privacyMessages } from './messages';
import type { Purpose } from '../../lib/purposes';
import { RectifyField } from './RectifyField';
import { useFormCheck } from '../../lib/form-check';
import { dateInputValue } from './parts';
import { changesOf, FIELDS, rectifyRules, type Changes, type Field } from './rectify-values';
import { useContactValues } from './useContactValues';

/** Fields typed in a particular kind of input; the others are text (or, for segment and language, a list). */
const INPUT_TYPES: Partial<Record<Field, string>> = { email: 'email', relationshipSince: 'date' };

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
  const { contact, ready, initial, values, setValues } = useContactValues(contactId, purpose);
  const [nothing, setNothing] = useState(false);
  const [asking, setAsking] = useState<Changes>();
  const form = useFormCheck(rectifyRules(dateInputValue(new Date()), initial, values), failure);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check(values)) return;
    const changes = changesOf(initial, values);
    if (Object.keys(changes).length === 0) {
      setNothing(true);
      return;
    }
    setNothing(false);
    setAsking(changes);
  }

  return (
    <>
      <p>{t.actions.rectifyIntro}</p>
      {!contactId && <p className="notice warning">{t.actions.rectifyNoContact}</p>}
      {contactId && ready && <p className="hint">{t.actions.rectifyCurrent}</p>}
      <QueryProblem query={contact} />
      <form
        onSubmit={submit}
        noValidate
        className="rectify-form"
        aria-label={t.actions.fulfilTitle.rectification}
        ref={form.ref}
      >
        <div className="rectify-grid">
          {FIELDS.map((name) => (
            <RectifyField
              key={name}
              id={id}
              field={name}
              type={INPUT_TYPES[name]}
              value={values[name]}
              onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
              errors={form.errorsOf(name, `changes.${name}`)}
            />
          ))}
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
        <RectifyConfirm
          changes={asking}
          busy={busy}
          onConfirm={() => void onSubmit(asking).then(() => setAsking(undefined))}
          onCancel={() => setAsking(undefined)}
        />
      )}
    </>
  );
}

/** Asks before sending, naming the fields that change. */
function RectifyConfirm({
  changes,
  busy,
  onConfirm,
  onCancel,
}: {
  changes: Changes;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useMessages(privacyMessages);
  const names = Object.keys(changes).map((k) => t.actions.fields[k as Field] ?? k);
  return (
    <ConfirmDialog
      title={t.actions.fulfilTitle.rectification}
      confirmLabel={t.actions.confirm}
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>{t.actions.rectifyConfirm(names.join(', '))}</p>
    </ConfirmDialog>
  );
}
