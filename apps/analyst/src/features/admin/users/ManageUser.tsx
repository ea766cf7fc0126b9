import { useEffect, useId, useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemMessage } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { unwrap } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { adminMessages } from '../messages';
import type { StaffUser } from './roles';
import { SetPasswordForm } from './SetPasswordForm';
import { useAccountAction } from './useAccountAction';
import { UserDetailsForm } from './UserDetailsForm';

/** Managing one account: its details, a new password, resetting its second factor. Takes the focus when opened. */
export function ManageUser({
  user,
  onChanged,
  onClose,
}: {
  user: StaffUser;
  onChanged: (user: StaffUser) => void;
  onClose: () => void;
}) {
  const t = useMessages(adminMessages);
  const id = useId();
  const [asking, setAsking] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, []);
  const { run, notice, setNotice, busy, failure } = useAccountAction(onChanged);

  const resetMfa = async () =>
    unwrap(await api.POST('/api/v1/users/{id}/mfa-reset', { params: { path: { id: user.id } } }));
  return (
    <section className="panel manage-user" aria-labelledby={`${id}-title`} data-testid="manage-user">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t.users.manageTitle(user.displayName)}
      </h2>
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {failure && <ProblemMessage failure={failure} />}
      <UserDetailsForm
        id={id}
        user={user}
        busy={busy}
        failure={failure}
        run={run}
        onNothingChanged={() => setNotice(t.users.nothingChanged)}
      />
      <SetPasswordForm id={id} user={user} busy={busy} failure={failure} run={run} />
      <div className="actions">
        {user.mfaEnabled && (
          <button type="button" className="danger" disabled={busy} onClick={() => setAsking(true)}>
            {t.users.resetMfa}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t.users.closeManage}
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title={t.users.resetMfaTitle}
          confirmLabel={t.users.resetMfaDo}
          danger
          busy={busy}
          onConfirm={() => void run(resetMfa, t.users.mfaReset).then(() => setAsking(false))}
          onCancel={() => setAsking(false)}
        >
          <p>{t.users.resetMfaBody}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
