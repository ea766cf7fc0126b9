import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api, session, useUser } from '../../lib/session';
import { MfaEnrolment } from './MfaEnrolment';
import { authMessages } from './messages';
import { useFailure } from '../../lib/query';

/** The enrolment-only page that admins and privacy officers see until their second factor is set. */
export function MfaRequiredPage() {
  const t = useMessages(authMessages);
  return (
    <>
      <h1>{t.enrolTitle}</h1>
      <MfaEnrolment onDone={() => undefined} />
    </>
  );
}

/** One's own account: password, second factor, signing out of every session. */
export function AccountPage() {
  const t = useMessages(authMessages);
  const user = useUser();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [otp, setOtp] = useState('');
  const [message, setMessage] = useState<string>();
  const [enrolling, setEnrolling] = useState(false);
  // Changing the password or turning the second factor off: one mutation, its refusal shown.
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<unknown>; done: string }) => step(),
    onMutate: () => setMessage(undefined),
    onSuccess: (_result, { done }) => setMessage(done),
  });
  const failure = useFailure(action.error);

  function run(step: () => Promise<unknown>, done: string) {
    action.mutate({ step, done });
  }

  async function refreshMe() {
    const me = unwrap(await api.GET('/api/v1/auth/me'));
    session.updateUser(me, me.mfaEnrolmentPending);
  }

  function changePassword(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } }));
      setCurrent('');
      setNext('');
    }, t.passwordChanged);
  }

  function disableMfa(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      unwrap(await api.POST('/api/v1/auth/mfa/totp/disable', { body: { otp: otp.trim(), password: current } }));
      setOtp('');
      setCurrent('');
      await refreshMe();
    }, t.mfaDisabled);
  }

  return (
    <>
      <h1>{t.accountTitle}</h1>
      <p>
        {user.displayName} · {user.email}
      </p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {failure && <ProblemMessage failure={failure} />}
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
      <section aria-labelledby={`${id}-mfa`} className="panel">
        <h2 id={`${id}-mfa`}>{user.mfaEnabled ? t.mfaOn : t.mfaOff}</h2>
        {!user.mfaEnabled &&
          (enrolling ? (
            <MfaEnrolment
              onDone={() => {
                setEnrolling(false);
                void refreshMe();
              }}
            />
          ) : (
            <button type="button" onClick={() => setEnrolling(true)}>
              {t.setUpMfa}
            </button>
          ))}
        {user.mfaEnabled && !user.mfaRequired && (
          <form onSubmit={disableMfa}>
            <label htmlFor={`${id}-disable-password`}>{t.currentPassword}</label>
            <input
              id={`${id}-disable-password`}
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
            <label htmlFor={`${id}-disable-otp`}>{t.otp}</label>
            <input
              id={`${id}-disable-otp`}
              inputMode="numeric"
              autoComplete="one-time-code"
              value={otp}
              onChange={(e) => setOtp(e.target.value)}
            />
            <button type="submit">{t.disableMfa}</button>
          </form>
        )}
      </section>
      <button
        type="button"
        onClick={() =>
          void api.POST('/api/v1/auth/logout', { body: { allSessions: true } }).then(() => session.ended('signed-out'))
        }
      >
        {t.signOutEverywhere}
      </button>
    </>
  );
}
