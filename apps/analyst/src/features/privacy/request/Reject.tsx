import { useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { useFormCheck } from '../../../lib/form-check';
import { unwrap } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { privacyMessages } from '../messages';
import { REJECTION_REASONS, type RejectionReason } from '../parts';
import type { StepProps } from './steps';

/** Refusing the request, with one of the documented reasons and an optional note; asks first. */
export function Reject({ request, purpose, busy, act, failure }: StepProps) {
  const t = useMessages(privacyMessages);
  const id = useId();
  const [reason, setReason] = useState<RejectionReason>('identity-not-verified');
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  // The API's rules (RejectPrivacyRequestDto and its check): a note, needed when the reason is "other".
  const form = useFormCheck({ note: { required: reason === 'other', maxLength: 2000 } }, failure);
  const noteErrors = form.errorsOf('note');

  function reject() {
    void act(
      () =>
        api
          .POST('/api/v1/privacy-requests/{id}/reject', {
            params: { path: { id: request.id }, header: { 'X-Purpose': purpose } },
            body: { reason, note: note.trim() || undefined },
          })
          .then(unwrap),
      t.actions.rejected,
    ).then(() => setAsking(false));
  }

  return (
    <>
      <form
        aria-labelledby={`${id}-title`}
        noValidate
        ref={form.ref}
        onSubmit={(e) => {
          e.preventDefault();
          if (form.check({ note })) setAsking(true);
        }}
      >
        <h3 id={`${id}-title`}>{t.actions.rejectTitle}</h3>
        <label htmlFor={`${id}-reason`}>{t.actions.rejectReason}</label>
        <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value as RejectionReason)}>
          {REJECTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t.rejectionReasons[r]}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-note`}>{t.actions.rejectNote}</label>
        <p className="hint" id={`${id}-note-hint`}>
          {t.actions.rejectNoteHint}
        </p>
        <textarea
          id={`${id}-note`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...form.aria('note', `${id}-note-error`, `${id}-note-hint`)}
        />
        <FieldMessages id={`${id}-note-error`} messages={noteErrors} />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t.actions.reject}
          </button>
        </div>
      </form>
      {asking && (
        <ConfirmDialog
          title={t.actions.rejectConfirmTitle}
          confirmLabel={t.actions.rejectDo}
          danger
          busy={busy}
          onConfirm={reject}
          onCancel={() => setAsking(false)}
        >
          <p>{t.actions.rejectConfirm}</p>
          <p>
            <strong>{t.rejectionReasons[reason]}</strong>
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
