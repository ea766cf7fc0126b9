import { useState, type FormEvent } from 'react';
import { FieldMessages } from '../../components/ui';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { unwrap, type Failure } from '../../lib/problem';
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
  failure,
}: {
  id: string;
  /** The current password, shared with the password form. */
  current: string;
  setCurrent: (value: string) => void;
  run: (step: () => Promise<unknown>, done: string) => void;
  refreshMe: () => Promise<void>;
  /** The last refusal of the API, shown next to its fields. */
  failure?: Failure;
}) {
  const t = useMessages(authMessages);
  const user = useUser();
  const [otp, setOtp] = useState('');
  const [enrolling, setEnrolling] = useState(false);
  // The API's rules (DisableTotpDto), checked before sending.
  const form = useFormCheck(
    { password: { required: true, maxLength: 256 }, otp: { required: true, pattern: /^\d{6}$/ } },
    failure,
  );

  function disableMfa(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ password: current, otp })) return;
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
        <form onSubmit={disableMfa} noValidate ref={form.ref}>
          <label htmlFor={`${id}-disable-password`}>{t.currentPassword}</label>
          <input
            id={`${id}-disable-password`}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            {...form.aria('password', `${id}-disable-password-error`)}
          />
          <FieldMessages id={`${id}-disable-password-error`} messages={form.errorsOf('password')} />
          <label htmlFor={`${id}-disable-otp`}>{t.otp}</label>
          <input
            id={`${id}-disable-otp`}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={otp}
            onChange={(e) => setOtp(e.target.value)}
            {...form.aria('otp', `${id}-disable-otp-error`)}
          />
          <FieldMessages id={`${id}-disable-otp-error`} messages={form.errorsOf('otp')} />
          <button type="submit">{t.disableMfa}</button>
        </form>
      )}
    </section>
  );
}
