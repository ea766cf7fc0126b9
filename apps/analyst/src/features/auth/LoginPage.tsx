import { ProblemType } from '@survey/api-client';
import { useId, useState, type FormEvent } from 'react';
import { LanguagePicker } from '../../components/Layout';
import { ProblemMessage } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { useMessages } from '../../lib/i18n';
import { failureOf, type Failure } from '../../lib/problem';
import { api, session, type EndReason } from '../../lib/session';
import { authMessages } from './messages';

/**
 * Sign-in: e-mail, password and, for an account with a second factor, its one-time code (or a
 * recovery code), all in one go. The API answers a missing code exactly like a wrong password,
 * so that no answer tells whether a password was right: the code field is always there.
 */
export function LoginPage({ reason }: { reason?: EndReason }) {
  const t = useMessages(authMessages);
  const c = useMessages(common);
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const second = code.trim() ? (useRecovery ? { recoveryCode: code.trim() } : { otp: code.trim() }) : {};
    try {
      const { data, error, response } = await api.POST('/api/v1/auth/login', {
        body: { email: email.trim(), password, ...second },
      });
      if (data) {
        session.signedIn(data);
        return;
      }
      const problem = failureOf(error, response);
      if (problem.type === ProblemType.InvalidCredentials)
        setFailure({ ...problem, title: t.wrongCredentials, detail: undefined });
      else if (problem.status === 429) setFailure({ ...problem, title: t.tooManyAttempts });
      else setFailure(problem);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-frame">
      <header className="login-header">
        <p className="app-name">{c.appName}</p>
        <LanguagePicker />
      </header>
      <main id="main" className="login">
        <h1>{t.signInTitle}</h1>
        {reason && (
          <p
            className={reason === 'signed-out' ? 'notice' : 'notice warning'}
            role="status"
            data-testid="session-ended"
          >
            {t.ended[reason]}
          </p>
        )}
        {failure && <ProblemMessage failure={failure} />}
        <form onSubmit={submit} noValidate>
          <label htmlFor={`${id}-email`}>{t.email}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label htmlFor={`${id}-password`}>{t.password}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <label htmlFor={`${id}-code`}>{useRecovery ? t.recoveryCode : t.otp}</label>
          <input
            id={`${id}-code`}
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            aria-describedby={`${id}-code-hint`}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <p className="hint" id={`${id}-code-hint`}>
            {t.otpHint}
          </p>
          <p>
            <button type="button" className="link-button" onClick={() => setUseRecovery((v) => !v)}>
              {useRecovery ? t.useOtp : t.useRecoveryCode}
            </button>
          </p>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </div>
  );
}
