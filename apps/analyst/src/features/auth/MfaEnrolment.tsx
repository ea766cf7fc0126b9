import { useEffect, useId, useState, type FormEvent } from 'react';
import { FieldMessages, ProblemMessage } from '../../components/ui';
import { useFormCheck } from '../../lib/form-check';
import { common } from '../../lib/common-messages';
import { saveBlob } from '../../lib/download';
import { useMessages } from '../../lib/i18n';
import { api, session } from '../../lib/session';
import { $api, useFailure } from '../../lib/query';
import { authMessages } from './messages';

/** The code of the authenticator app: six digits (TotpCodeDto). */
const CODE_RULES = { otp: { required: true, pattern: /^\d{6}$/ } } as const;

/**
 * Enrols a TOTP second factor: shows the key (and its QR code, drawn here, never by a third
 * party), confirms a code, then shows the recovery codes once. `onDone` runs after they are read.
 */
export function MfaEnrolment({
  onDone,
  titled = true,
}: {
  onDone: () => void;
  /** With its own heading; without when the page's heading already says it. */
  titled?: boolean;
}) {
  const t = useMessages(authMessages);
  const id = useId();
  // A new secret each time the form opens: a mutation started on mount, never cached.
  const setup = $api.useMutation('post', '/api/v1/auth/mfa/totp/setup');
  const setupFailure = useFailure(setup.error);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const confirming = $api.useMutation('post', '/api/v1/auth/mfa/totp/confirm', {
    onSuccess: (result) => setRecoveryCodes(result.recoveryCodes),
  });
  const failure = useFailure(confirming.error);

  const { mutate: startSetup } = setup;
  useEffect(() => {
    startSetup({});
  }, [startSetup]);

  const qr = useQrCode(setup.data?.otpauthUri);

  const form = useFormCheck(CODE_RULES, failure);

  function confirm(event: FormEvent) {
    event.preventDefault();
    confirming.reset();
    if (!form.check({ otp: code })) return;
    confirming.mutate({ body: { otp: code.trim() } });
  }

  async function finish() {
    const me = await api.GET('/api/v1/auth/me');
    if (me.data) session.updateUser(me.data, me.data.mfaEnrolmentPending);
    onDone();
  }

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onContinue={() => void finish()} />;

  if (setupFailure) return <ProblemMessage failure={setupFailure} onRetry={() => startSetup({})} />;
  if (!setup.data) return <p role="status">…</p>;
  return (
    <section aria-labelledby={titled ? `${id}-title` : undefined}>
      {titled && <h2 id={`${id}-title`}>{t.enrolTitle}</h2>}
      <p>{t.enrolIntro}</p>
      {qr && <img src={qr} width={200} height={200} alt={t.qrLabel} />}
      <p>
        {t.secretKey}: <code data-testid="totp-secret">{setup.data.secret}</code>
      </p>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={confirm} noValidate ref={form.ref}>
        <label htmlFor={`${id}-otp`}>{t.otp}</label>
        <input
          id={`${id}-otp`}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          {...form.aria('otp', `${id}-otp-error`)}
        />
        <FieldMessages id={`${id}-otp-error`} messages={form.errorsOf('otp')} />
        <button type="submit" className="primary">
          {t.confirm}
        </button>
      </form>
    </section>
  );
}

/** The otpauth URI as a QR code image (a data URL), drawn here, never by a third party. */
function useQrCode(uri: string | undefined): string | undefined {
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    if (!uri) return;
    // The QR code library loads only here: few people ever enrol.
    void import('qrcode')
      .then((QRCode) => QRCode.toDataURL(uri, { margin: 1, width: 200 }))
      .then(setQr, () => setQr(undefined));
  }, [uri]);
  return qr;
}

/** The recovery codes, shown once after enrolment; the person continues once they have kept them. */
function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const t = useMessages(authMessages);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-codes`}>
      <h2 id={`${id}-codes`}>{t.recoveryTitle}</h2>
      <p>{t.recoveryIntro}</p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <KeepCodes codes={codes} />
      <button type="button" className="primary" onClick={onContinue}>
        {t.continue}
      </button>
    </section>
  );
}

/** Copy to the clipboard and download as a text file: ways to keep the codes before they are gone. */
function KeepCodes({ codes }: { codes: string[] }) {
  const t = useMessages(authMessages);
  const c = useMessages(common);
  const [status, setStatus] = useState('');
  const text = `${c.appName}: ${t.recoveryTitle}\n\n${codes.join('\n')}\n`;
  function copy() {
    void navigator.clipboard.writeText(text).then(
      () => setStatus(t.codesCopied),
      () => setStatus(t.copyFailed),
    );
  }
  return (
    <>
      <div className="actions">
        <button type="button" onClick={copy}>
          {t.copyCodes}
        </button>
        <button
          type="button"
          onClick={() => saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), 'recovery-codes.txt')}
        >
          {t.downloadCodes}
        </button>
      </div>
      <p role="status">{status}</p>
    </>
  );
}
