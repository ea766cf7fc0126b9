import { useId, useState, type FormEvent } from 'react';
import { fieldAria, FieldMessages, ProblemMessage } from '../../../components/ui';
import { common } from '../../../lib/common-messages';
import { useMessages } from '../../../lib/i18n';
import { STAFF_PASSWORD, useFormCheck } from '../../../lib/form-check';
import { fieldMessages } from '../../../lib/problem';
import { $api, useFailure } from '../../../lib/query';
import { adminMessages } from '../messages';
import { PasswordField } from './PasswordField';
import { RoleSelect } from './RoleSelect';
import type { Role } from './roles';

/** The API's rules for a new account (CreateStaffUserDto), checked before sending. */
const NEW_USER_RULES = {
  email: { required: true, email: true, maxLength: 254 },
  displayName: { required: true, maxLength: 200 },
  password: STAFF_PASSWORD,
} as const;

/** Adding an account; after success the form is emptied (the role stays) and says who was added. */
export function CreateUser({ onCreated }: { onCreated: () => void }) {
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
  const form = useFormCheck(NEW_USER_RULES, failure);

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    if (!form.check({ email, displayName, password })) return;
    creating.mutate({ body: { email: email.trim(), displayName: displayName.trim(), role, password } });
  }

  const errors = (field: string) =>
    field in NEW_USER_RULES ? form.errorsOf(field as keyof typeof NEW_USER_RULES) : fieldMessages(failure, field);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.users.create}</h2>
      <div role="status">{created && <p className="notice">{created}</p>}</div>
      {failure && <ProblemMessage failure={failure} />}
      <form onSubmit={submit} noValidate ref={form.ref}>
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
          <RoleSelect id={`${id}-role`} value={role} onChange={setRole} errors={errors('role')} />
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
