import { useEffect, useId, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { failureOf, unwrap, type Failure } from '../../lib/problem';
import { api, session } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import { authMessages } from './messages';

/**
 * Enrols a TOTP second factor: shows the key (and its QR code, drawn here, never by a third
 * party), confirms a code, then shows the recovery codes once. `onDone` runs after they are read.
 */
export function MfaEnrolment({ onDone }: { onDone: () => void }) {
  const t = useMessages(authMessages);
  const id = useId();
  const setup = useLoad(async () => unwrap(await api.POST('/api/v1/auth/mfa/totp/setup')), []);
  const [qr, setQr] = useState<string>();
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();

  useEffect(() => {
    if (setup.status !== 'ready') return;
    // The QR code library loads only here: few people ever enrol.
    void import('qrcode')
      .then((QRCode) => QRCode.toDataURL(setup.data.otpauthUri, { margin: 1, width: 200 }))
      .then(setQr, () => setQr(undefined));
  }, [setup]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    try {
      const result = unwrap(await api.POST('/api/v1/auth/mfa/totp/confirm', { body: { otp: code.trim() } }));
      setRecoveryCodes(result.recoveryCodes);
    } catch (error) {
      setFailure(failureOf(error));
    }
  }

  async function finish() {
    const me = await api.GET('/api/v1/auth/me');
    if (me.data) session.updateUser(me.data, me.data.mfaEnrolmentPending);
    onDone();
  }

  if (recoveryCodes) {
    return (
      <section aria-labelledby={`${id}-codes`}>
        <h2 id={`${id}-codes`}>{t.recoveryTitle}</h2>
        <p>{t.recoveryIntro}</p>
        <ul className="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={() => void finish()}>
          {t.continue}
        </button>
      </section>
    );
  }

  if (setup.status === 'failed') return <ProblemMessage failure={setup.failure} onRetry={setup.reload} />;
  if (setup.status !== 'ready') return <p role="status">…</p>;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.enrolTitle}</h2>
      <p>{t.enrolIntro}</p>
      {qr && <img src={qr} width={200} height={200} alt={t.qrLabel} />}
      <p>
        {t.secretKey}: <code data-testid="totp-secret">{setup.data.secret}</code>
      </p>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={confirm}>
        <label htmlFor={`${id}-otp`}>{t.otp}</label>
        <input
          id={`${id}-otp`}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="primary">
          {t.confirm}
        </button>
      </form>
    </section>
  );
}
