import { ProblemType } from '@survey/api-client';
import { useId, useMemo, useState, type FormEvent } from 'react';
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
