import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import { fieldOf, type ErrorsOf } from './fields';
import { IDENTITY_CHECKS, type IdentityCheck, type RegisterDraft } from './useRegistration';

/** How the officer checked who sent the request, with a note on the check. */
export function IdentityFields({
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
  const noteField = fieldOf(errorsOf, id, 'identityNote', `${id}-identityNote-hint`);
  return (
    <>
      <label htmlFor={`${id}-identity`}>{t.register.identityVerification}</label>
      <select
        id={`${id}-identity`}
        value={draft.identity}
        onChange={(e) => change({ identity: e.target.value as IdentityCheck })}
      >
        {IDENTITY_CHECKS.map((check) => (
          <option key={check} value={check}>
            {t.identity[check]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-identityNote`}>{t.register.identityNote}</label>
      <p className="hint" id={`${id}-identityNote-hint`}>
        {t.register.identityNoteHint}
      </p>
      <textarea
        id={`${id}-identityNote`}
        value={draft.identityNote}
        onChange={(e) => change({ identityNote: e.target.value })}
        {...noteField.props}
      />
      <FieldMessages id={`${id}-identityNote-error`} messages={noteField.errors} />
    </>
  );
}
