import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import type { Failure } from '../../../lib/problem';
import { privacyMessages } from '../messages';
import { fieldOf } from './fields';
import { IDENTITY_CHECKS, type IdentityCheck, type RegisterDraft } from './useRegistration';

/** How the officer checked who sent the request, with a note on the check. */
export function IdentityFields({
  id,
  draft,
  change,
  failure,
}: {
  id: string;
  draft: RegisterDraft;
  change: (patch: Partial<RegisterDraft>) => void;
  failure: Failure | undefined;
}) {
  const t = useMessages(privacyMessages);
  const noteField = fieldOf(failure, id, 'identityNote');
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
        aria-invalid={noteField.errors.length > 0 || undefined}
        aria-describedby={[`${id}-identityNote-hint`, noteField.errors.length > 0 ? `${id}-identityNote-error` : '']
          .filter(Boolean)
          .join(' ')}
      />
      <FieldMessages id={`${id}-identityNote-error`} messages={noteField.errors} />
    </>
  );
}
