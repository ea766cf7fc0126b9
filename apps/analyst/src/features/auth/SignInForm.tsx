import { ProblemType } from '@survey/api-client';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { FieldMessages, ProblemMessage } from '../../components/ui';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { failureOf, type Failure } from '../../lib/problem';
import { $api } from '../../lib/query';
import { session } from '../../lib/session';
import { authMessages } from './messages';

const SIGN_IN_RULES = { email: { required: true, email: true }, password: { required: true } } as const;

/**
 * The sign-in call. A refusal of the credentials says only that they are wrong (never which one,
 * nor whether a second factor was missing), and too many attempts say so in the console's words.
 */
function useSignIn() {
  const t = useMessages(authMessages);
  const login = $api.useMutation('post', '/api/v1/auth/login', { onSuccess: (tokens) => session.signedIn(tokens) });
  const failure = useMemo((): Failure | undefined => {
    if (login.error === null) return undefined;
    const problem = failureOf(login.error);
    if (problem.type === ProblemType.InvalidCredentials)
      return { ...problem, title: t.wrongCredentials, detail: undefined };
    if (problem.status === 429) return { ...problem, title: t.tooManyAttempts };
    return problem;
  }, [login.error, t]);
  return { login, failure };
}

/** The outcome of a single sign-on the API sent the browser back with (`?sso=done|refused`), once. */
function ssoOutcome(): string | null {
  const outcome = new URLSearchParams(window.location.search).get('sso');
  if (outcome) {
    const url = new URL(window.location.href);
    url.searchParams.delete('sso');
    window.history.replaceState(null, '', url.toString());
  }
  return outcome;
}

/**
 * "Sign in with …" when the API has single sign-on configured; after the provider sent the
 * browser back, picks up the session the API opened (its token travels in an httpOnly cookie).
 */
function SingleSignOn() {
  const t = useMessages(authMessages);
  const settings = $api.useQuery('get', '/api/v1/auth/oidc');
  const pickUp = $api.useMutation('post', '/api/v1/auth/oidc/session', {
    onSuccess: (tokens) => session.signedIn(tokens),
  });
  const [outcome] = useState(ssoOutcome);
  useEffect(() => {
    if (outcome === 'done') pickUp.mutate({});
    // Once, for the outcome the page was opened with.
  }, [outcome]);
  if (!settings.data?.enabled) return null;
  return (
    <>
      {(outcome === 'refused' || pickUp.isError) && (
        <p role="alert" className="problem">
          {t.ssoRefused}
        </p>
      )}
      <p>
        <a className="button primary" href="/api/v1/auth/oidc/login">
          {t.signInWith} {settings.data.displayName}
        </a>
      </p>
    </>
  );
}

/** The sign-in form: e-mail, password and the always-present code field, with the refusal above it. */
export function SignInForm() {
  const t = useMessages(authMessages);
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const { login, failure } = useSignIn();
  // Only whether each is given: a refused sign-in never says which of them was wrong.
  const form = useFormCheck(SIGN_IN_RULES, undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ email, password })) return;
    const second = code.trim() ? (useRecovery ? { recoveryCode: code.trim() } : { otp: code.trim() }) : {};
    login.mutate({ body: { email: email.trim(), password, ...second } });
  }

  return (
    <>
      <SingleSignOn />
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate ref={form.ref}>
        <label htmlFor={`${id}-email`}>{t.email}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          {...form.aria('email', `${id}-email-error`)}
        />
        <FieldMessages id={`${id}-email-error`} messages={form.errorsOf('email')} />
        <label htmlFor={`${id}-password`}>{t.password}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...form.aria('password', `${id}-password-error`)}
        />
        <FieldMessages id={`${id}-password-error`} messages={form.errorsOf('password')} />
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
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? t.signingIn : t.signIn}
        </button>
      </form>
    </>
  );
}
