import { LanguagePicker } from '../../components/Layout';
import { common } from '../../lib/common-messages';
import { useMessages } from '../../lib/i18n';
import { type EndReason } from '../../lib/session';
import { authMessages } from './messages';
import { SignInForm } from './SignInForm';

/**
 * Sign-in: e-mail, password and, for an account with a second factor, its one-time code (or a
 * recovery code), all in one go. The API answers a missing code exactly like a wrong password,
 * so that no answer tells whether a password was right: the code field is always there.
 */
export function LoginPage({ reason }: { reason?: EndReason }) {
  const t = useMessages(authMessages);
  const c = useMessages(common);
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
            className={reason === 'signed-out' || reason === 'password-changed' ? 'notice' : 'notice warning'}
            role="status"
            data-testid="session-ended"
          >
            {t.ended[reason]}
          </p>
        )}
        <SignInForm />
        <details className="first-start">
          <summary>{t.firstStartTitle}</summary>
          <p>{t.firstStart}</p>
        </details>
      </main>
    </div>
  );
}
