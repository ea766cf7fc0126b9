import { useState, type FormEvent } from 'react';
import { STAFF_PASSWORD, useFormCheck } from '../../../lib/form-check';
import { useMessages } from '../../../lib/i18n';
import { unwrap, type Failure } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { adminMessages } from '../messages';
import { PasswordField } from './PasswordField';
import type { StaffUser } from './roles';

/** Giving the account a new password; the field is emptied once it is set. */
export function SetPasswordForm({
  id,
  user,
  busy,
  failure,
  run,
}: {
  id: string;
  user: StaffUser;
  busy: boolean;
  failure: Failure | undefined;
  run: (step: () => Promise<StaffUser | undefined>, done: string) => Promise<void>;
}) {
  const t = useMessages(adminMessages);
  const [password, setPassword] = useState('');
  const form = useFormCheck({ password: STAFF_PASSWORD }, failure);

  function setNewPassword(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ password })) return;
    void run(async () => {
      unwrap(await api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: { password } }));
      setPassword('');
      return undefined;
    }, t.users.passwordSet);
  }

  return (
    <form onSubmit={setNewPassword} noValidate aria-labelledby={`${id}-password-title`} ref={form.ref}>
      <h3 id={`${id}-password-title`}>{t.users.setPassword}</h3>
      <PasswordField
        id={`${id}-password`}
        label={t.users.newPassword}
        value={password}
        onChange={setPassword}
        errors={form.errorsOf('password')}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t.users.setPasswordDo}
        </button>
      </div>
    </form>
  );
}
