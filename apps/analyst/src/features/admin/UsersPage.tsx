import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fieldAria, FieldMessages, LoadState, Pagination, ProblemMessage } from '../../components/ui';
import { common } from '../../lib/common-messages';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, unwrap } from '../../lib/problem';
import { api } from '../../lib/session';
import { $api, useFailure, useInvalidate } from '../../lib/query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { adminMessages } from './messages';

type StaffUser = components['schemas']['StaffUserDto'];
type Role = components['schemas']['StaffRole'];
const ROLES = ['analyst', 'privacy_officer', 'management', 'admin'] as const satisfies readonly Role[];
const PAGE_SIZE = 20;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Props for an input the API may refuse: aria-invalid and the id of its messages. */
/** A new password for an account, with the rule it must follow and the API's refusal. */
function PasswordField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: string[];
}) {
  const t = useMessages(adminMessages);
  const { id, errors } = props;
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...fieldAria(errors, `${id}-error`, `${id}-hint`)}
      />
      <p className="hint" id={`${id}-hint`}>
        {t.users.passwordHint}
      </p>
      <FieldMessages id={`${id}-error`} messages={errors} />
    </>
  );
}

/** Staff accounts: who they are, their role, their second factor; add, change, reset. */
export function UsersPage() {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const [query, setQuery] = useState<{ role?: Role; active?: boolean }>({});
  const invalidate = useInvalidate();
  const users = $api.useQuery('get', '/api/v1/users', { params: { query: { page, limit: PAGE_SIZE, ...query } } });
  const [managing, setManaging] = useState<StaffUser>();

  return (
    <>
      <h1>{t.users.title}</h1>
      <p>{t.users.intro}</p>
      <CreateUser onCreated={() => void invalidate('/api/v1/users')} />
      <form
        className="panel filters"
        aria-labelledby={`${id}-filters`}
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setQuery({ role: role || undefined, active: active === '' ? undefined : active === 'true' });
        }}
      >
        <h2 id={`${id}-filters`}>{t.filters}</h2>
        <div className="form-row">
          <div>
            <label htmlFor={`${id}-role`}>{t.users.role}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(e) => setRole(isRole(e.target.value) ? e.target.value : '')}
            >
              <option value="">{t.any}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {c.roles[r]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-active`}>{t.users.active}</label>
            <select
              id={`${id}-active`}
              value={active}
              onChange={(e) =>
                setActive(e.target.value === 'true' ? 'true' : e.target.value === 'false' ? 'false' : '')
              }
            >
              <option value="">{t.any}</option>
              <option value="true">{t.users.activeOnly}</option>
              <option value="false">{t.users.inactiveOnly}</option>
            </select>
          </div>
          <div className="actions">
            <button type="submit">{t.apply}</button>
          </div>
        </div>
      </form>
      <LoadState loaded={users}>
        {(data) => (
          <>
            <UserTable users={data.items} onManage={setManaging} />
            <Pagination meta={data.meta} onPage={setPage} />
          </>
        )}
      </LoadState>
      {managing && (
        <ManageUser
          key={managing.id}
          user={managing}
          onChanged={(user) => {
            setManaging(user);
            void invalidate('/api/v1/users');
          }}
          onClose={() => setManaging(undefined)}
        />
      )}
    </>
  );
}

function MfaState({ user }: { user: StaffUser }) {
  const t = useMessages(adminMessages);
  if (user.mfaEnabled) return <>{t.users.mfaOn}</>;
  if (user.mfaRequired) return <span className="badge due-soon">{t.users.mfaMissing}</span>;
  return <>{t.users.mfaOff}</>;
}

function UserTable({ users, onManage }: { users: StaffUser[]; onManage: (user: StaffUser) => void }) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const f = useFormat();
  if (users.length === 0) return <p role="status">{t.users.empty}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="staff-users">
        <thead>
          <tr>
            <th scope="col">{t.users.displayName}</th>
            <th scope="col">{t.users.email}</th>
            <th scope="col">{t.users.role}</th>
            <th scope="col">{t.users.active}</th>
            <th scope="col">{t.users.mfa}</th>
            <th scope="col">{t.users.lastLogin}</th>
            <th scope="col">
              <span className="visually-hidden">{t.users.actionsColumn}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-user-id={user.id}>
              <th scope="row">{user.displayName}</th>
              <td>{user.email}</td>
              <td>{c.roles[user.role]}</td>
              <td>{user.active ? t.users.isActive : <span className="badge failed">{t.users.isInactive}</span>}</td>
              <td>
                <MfaState user={user} />
              </td>
              <td>{user.lastLoginAt ? f.dateTime(user.lastLoginAt) : t.users.never}</td>
              <td>
                <button type="button" className="link-button" onClick={() => onManage(user)}>
                  {t.users.manage}
                  <span className="visually-hidden"> {user.displayName}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string>();
  const creating = $api.useMutation('post', '/api/v1/users', {
    onSuccess: (user) => {
      setCreated(t.users.created(user.displayName));
      setEmail('');
      setDisplayName('');
      setPassword('');
      onCreated();
    },
  });
  const busy = creating.isPending;
  const failure = useFailure(creating.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    creating.mutate({ body: { email: email.trim(), displayName: displayName.trim(), role, password } });
  }

  const errors = (field: string) => fieldMessages(failure, field);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.users.create}</h2>
      <div role="status">{created && <p className="notice">{created}</p>}</div>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate>
        <div className="form-row admin-fields">
          <div>
            <label htmlFor={`${id}-email`}>{t.users.email}</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              {...fieldAria(errors('email'), `${id}-email-error`)}
            />
            <FieldMessages id={`${id}-email-error`} messages={errors('email')} />
          </div>
          <div>
            <label htmlFor={`${id}-name`}>{t.users.displayName}</label>
            <input
              id={`${id}-name`}
              autoComplete="off"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              {...fieldAria(errors('displayName'), `${id}-name-error`)}
            />
            <FieldMessages id={`${id}-name-error`} messages={errors('displayName')} />
          </div>
          <div>
            <label htmlFor={`${id}-role`}>{t.users.role}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
              {...fieldAria(errors('role'), `${id}-role-error`)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {c.roles[r]}
                </option>
              ))}
            </select>
            <FieldMessages id={`${id}-role-error`} messages={errors('role')} />
          </div>
          <div>
            <PasswordField
              id={`${id}-password`}
              label={t.users.password}
              value={password}
              onChange={setPassword}
              errors={errors('password')}
            />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? c.saving : t.users.add}
          </button>
        </div>
      </form>
    </section>
  );
}

function ManageUser({
  user,
  onChanged,
  onClose,
}: {
  user: StaffUser;
  onChanged: (user: StaffUser) => void;
  onClose: () => void;
}) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.active);
  const [password, setPassword] = useState('');
  const [asking, setAsking] = useState(false);
  const [notice, setNotice] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, []);
  // Each change of the account (details, password, second factor) runs as one mutation.
  const action = useMutation({
    mutationFn: ({ step }: { step: () => Promise<StaffUser | undefined>; done: string }) => step(),
    onMutate: () => setNotice(undefined),
    onSuccess: (updated, { done }) => {
      setNotice(done);
      if (updated) onChanged(updated);
    },
  });
  const busy = action.isPending;
  const failure = useFailure(action.error);

  /** Runs the step; settles once it has succeeded or failed (the failure is shown from the mutation). */
  function run(step: () => Promise<StaffUser | undefined>, done: string): Promise<void> {
    return action.mutateAsync({ step, done }).then(
      () => undefined,
      () => undefined,
    );
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const body = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(active !== user.active ? { active } : {}),
    };
    if (Object.keys(body).length === 0) {
      setNotice(t.users.nothingChanged);
      return;
    }
    void run(
      async () => unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body })),
      t.users.saved,
    );
  }

  function setNewPassword(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      unwrap(await api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: { password } }));
      setPassword('');
      return undefined;
    }, t.users.passwordSet);
  }

  const errors = (field: string) => fieldMessages(failure, field);
  return (
    <section className="panel manage-user" aria-labelledby={`${id}-title`} data-testid="manage-user">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t.users.manageTitle(user.displayName)}
      </h2>
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={save} noValidate>
        <div className="form-row admin-fields">
          <div>
            <label htmlFor={`${id}-name`}>{t.users.displayName}</label>
            <input
              id={`${id}-name`}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              {...fieldAria(errors('displayName'), `${id}-name-error`)}
            />
            <FieldMessages id={`${id}-name-error`} messages={errors('displayName')} />
          </div>
          <div>
            <label htmlFor={`${id}-role`}>{t.users.role}</label>
            <select
              id={`${id}-role`}
              value={role}
              onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
              {...fieldAria(errors('role'), `${id}-role-error`, `${id}-role-hint`)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {c.roles[r]}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-role-hint`}>
              {t.users.roleHint}
            </p>
            <FieldMessages id={`${id}-role-error`} messages={errors('role')} />
          </div>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t.users.activeLabel}
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t.users.save}
          </button>
        </div>
      </form>
      <form onSubmit={setNewPassword} noValidate aria-labelledby={`${id}-password-title`}>
        <h3 id={`${id}-password-title`}>{t.users.setPassword}</h3>
        <PasswordField
          id={`${id}-password`}
          label={t.users.newPassword}
          value={password}
          onChange={setPassword}
          errors={errors('password')}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t.users.setPasswordDo}
          </button>
        </div>
      </form>
      <div className="actions">
        {user.mfaEnabled && (
          <button type="button" className="danger" disabled={busy} onClick={() => setAsking(true)}>
            {t.users.resetMfa}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t.users.closeManage}
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title={t.users.resetMfaTitle}
          confirmLabel={t.users.resetMfaDo}
          danger
          busy={busy}
          onConfirm={() =>
            void run(
              async () => unwrap(await api.POST('/api/v1/users/{id}/mfa-reset', { params: { path: { id: user.id } } })),
              t.users.mfaReset,
            ).then(() => setAsking(false))
          }
          onCancel={() => setAsking(false)}
        >
          <p>{t.users.resetMfaBody}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
