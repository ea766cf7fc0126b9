import { useState, type FormEvent } from 'react';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api, session } from '../../lib/session';
import { authMessages } from './messages';

/** Changing one's password; both fields are emptied once it is changed. */
export function ChangePassword({
  id,
  current,
  setCurrent,
  run,
}: {
  id: string;
  /** The current password, shared with the form that turns the second factor off. */
  current: string;
  setCurrent: (value: string) => void;
  run: (step: () => Promise<unknown>, done: string) => void;
}) {
  const t = useMessages(authMessages);
  const [next, setNext] = useState('');

  function changePassword(event: FormEvent) {
    event.preventDefault();
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
      <form onSubmit={changePassword}>
        <label htmlFor={`${id}-current`}>{t.currentPassword}</label>
        <input
          id={`${id}-current`}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <label htmlFor={`${id}-new`}>{t.newPassword}</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <button type="submit">{t.changePassword}</button>
      </form>
    </section>
  );
}
