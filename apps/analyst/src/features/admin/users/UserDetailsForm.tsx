import { useState, type FormEvent } from 'react';
import { FieldMessages } from '../../../components/ui';
import { useFormCheck } from '../../../lib/form-check';
import { useMessages } from '../../../lib/i18n';
import { unwrap, type Failure } from '../../../lib/problem';
import { api } from '../../../lib/session';
import { adminMessages } from '../messages';
import { RoleSelect } from './RoleSelect';
import type { Role, StaffUser } from './roles';

/** The API's rule for a changed name (UpdateStaffUserDto, as CreateStaffUserDto), checked before sending. */
const DETAILS_RULES = { displayName: { required: true, maxLength: 200 } } as const;

/** An account's name, role and whether it is active; only what changed is sent. */
export function UserDetailsForm({
  id,
  user,
  busy,
  failure,
  run,
  onNothingChanged,
}: {
  id: string;
  user: StaffUser;
  busy: boolean;
  failure: Failure | undefined;
  run: (step: () => Promise<StaffUser | undefined>, done: string) => Promise<void>;
  onNothingChanged: () => void;
}) {
  const t = useMessages(adminMessages);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [active, setActive] = useState(user.active);
  const form = useFormCheck(DETAILS_RULES, failure);

  function save(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ displayName })) return;
    const body = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(active !== user.active ? { active } : {}),
    };
    if (Object.keys(body).length === 0) {
      onNothingChanged();
      return;
    }
    void run(
      async () => unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body })),
      t.users.saved,
    );
  }

  const errors = form.errorsOf;
  return (
    <form onSubmit={save} noValidate ref={form.ref}>
      <div className="form-row admin-fields">
        <div>
          <label htmlFor={`${id}-name`}>{t.users.displayName}</label>
          <input
            id={`${id}-name`}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            {...form.aria('displayName', `${id}-name-error`)}
          />
          <FieldMessages id={`${id}-name-error`} messages={errors('displayName')} />
        </div>
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} errors={errors('role')} hint={t.users.roleHint} />
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
  );
}
