import { useId, useState } from 'react';
import { ProblemMessage } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { unwrap } from '../../lib/problem';
import { api, session, useUser } from '../../lib/session';
import { ChangePassword } from './ChangePassword';
import { MfaEnrolment } from './MfaEnrolment';
import { authMessages } from './messages';
import { SecondFactor } from './SecondFactor';
import { useOwnAccountAction } from './useOwnAccountAction';

/** The enrolment-only page that admins and privacy officers see until their second factor is set. */
export function MfaRequiredPage() {
  const t = useMessages(authMessages);
  return (
    <>
      <h1>{t.enrolTitle}</h1>
      <MfaEnrolment onDone={() => undefined} titled={false} />
    </>
  );
}

/** The only page of an account whose password was generated, until its person chooses their own. */
export function PasswordChangeRequiredPage() {
  const t = useMessages(authMessages);
  const id = useId();
  const [current, setCurrent] = useState('');
  const { run, failure } = useOwnAccountAction();
  return (
    <>
      <h1>{t.mustChangeTitle}</h1>
      <p>{t.mustChangeIntro}</p>
      {failure && <ProblemMessage failure={failure} />}
      <ChangePassword id={id} current={current} setCurrent={setCurrent} run={run} failure={failure} />
    </>
  );
}

async function refreshMe() {
  const me = unwrap(await api.GET('/api/v1/auth/me'));
  session.updateUser(me, me.mfaEnrolmentPending);
}

/** One's own account: password, second factor, signing out of every session. */
export function AccountPage() {
  const t = useMessages(authMessages);
  const user = useUser();
  const id = useId();
  const [current, setCurrent] = useState('');
  const { run, message, failure } = useOwnAccountAction();

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
      <ChangePassword id={id} current={current} setCurrent={setCurrent} run={run} failure={failure} />
      <SecondFactor
        id={id}
        current={current}
        setCurrent={setCurrent}
        run={run}
        refreshMe={refreshMe}
        failure={failure}
      />
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
