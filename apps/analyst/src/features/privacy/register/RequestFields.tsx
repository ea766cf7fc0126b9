import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import { REQUEST_TYPES, type RequestType } from '../parts';
import { fieldOf, type ErrorsOf } from './fields';
import type { RegisterDraft } from './useRegistration';

/** What was asked, by whom (the address it concerns), in the person's words. */
export function RequestFields({
  id,
  draft,
  change,
  errorsOf,
}: {
  id: string;
  draft: RegisterDraft;
  change: (patch: Partial<RegisterDraft>) => void;
  errorsOf: ErrorsOf;
}) {
  const t = useMessages(privacyMessages);
  const emailField = fieldOf(errorsOf, id, 'email');
  const detailsField = fieldOf(errorsOf, id, 'details');
  return (
    <>
      <label htmlFor={`${id}-type`}>{t.queue.type}</label>
      <select id={`${id}-type`} value={draft.type} onChange={(e) => change({ type: e.target.value as RequestType })}>
        {REQUEST_TYPES.map((r) => (
          <option key={r} value={r}>
            {t.types[r]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-email`}>{t.register.email}</label>
      <input
        id={`${id}-email`}
        className="wide"
        type="email"
        autoComplete="off"
        value={draft.email}
        onChange={(e) => change({ email: e.target.value })}
        {...emailField.props}
      />
      <FieldMessages id={`${id}-email-error`} messages={emailField.errors} />
      <label htmlFor={`${id}-details`}>{t.register.details}</label>
      <textarea
        id={`${id}-details`}
        value={draft.details}
        onChange={(e) => change({ details: e.target.value })}
        {...detailsField.props}
      />
      <FieldMessages id={`${id}-details-error`} messages={detailsField.errors} />
    </>
  );
}
