import { useState, type FormEvent } from 'react';
import { FieldMessages } from '../../components/ui';
import { STAFF_PASSWORD, useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { unwrap, type Failure } from '../../lib/problem';
import { api, session } from '../../lib/session';
import { authMessages } from './messages';

/** The API's rules (ChangePasswordDto), checked before sending. */
const PASSWORD_RULES = {
  currentPassword: { required: true, maxLength: 256 },
  newPassword: STAFF_PASSWORD,
} as const;

/** Changing one's password; both fields are emptied once it is changed. */
export function ChangePassword({
  id,
  current,
  setCurrent,
  run,
  failure,
}: {
  id: string;
  /** The current password, shared with the form that turns the second factor off. */
  current: string;
  setCurrent: (value: string) => void;
  run: (step: () => Promise<unknown>, done: string) => void;
  /** The last refusal of the API, shown next to its fields. */
  failure?: Failure;
}) {
  const t = useMessages(authMessages);
  const [next, setNext] = useState('');
  const form = useFormCheck(PASSWORD_RULES, failure);

  function changePassword(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ currentPassword: current, newPassword: next })) return;
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } }));
      setCurrent('');
      setNext('');
      // The API ends every session of the account, this one included: sign in again with it.
      session.ended('password-changed');
    }, t.passwordChanged);
  }

  return (
    <section aria-labelledby={`${id}-password`} className="panel">
      <h2 id={`${id}-password`}>{t.changePassword}</h2>
      <form onSubmit={changePassword} noValidate ref={form.ref}>
        <label htmlFor={`${id}-current`}>{t.currentPassword}</label>
        <input
          id={`${id}-current`}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          {...form.aria('currentPassword', `${id}-current-error`)}
        />
        <FieldMessages id={`${id}-current-error`} messages={form.errorsOf('currentPassword')} />
        <label htmlFor={`${id}-new`}>{t.newPassword}</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          {...form.aria('newPassword', `${id}-new-error`)}
        />
        <FieldMessages id={`${id}-new-error`} messages={form.errorsOf('newPassword')} />
        <button type="submit">{t.changePassword}</button>
      </form>
    </section>
  );
}
