import { useState, type FormEvent } from 'react';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api, useUser } from '../../lib/session';
import { MfaEnrolment } from './MfaEnrolment';
import { authMessages } from './messages';

/** One's second factor: setting it up, or turning it off (with password and a code) when it is not required. */
export function SecondFactor({
  id,
  current,
  setCurrent,
  run,
  refreshMe,
}: {
  id: string;
  /** The current password, shared with the password form. */
  current: string;
  setCurrent: (value: string) => void;
  run: (step: () => Promise<unknown>, done: string) => void;
  refreshMe: () => Promise<void>;
}) {
  const t = useMessages(authMessages);
  const user = useUser();
  const [otp, setOtp] = useState('');
  const [enrolling, setEnrolling] = useState(false);

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
  );
}
