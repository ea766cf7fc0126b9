import { useId, useState } from 'react';
import { common } from '../../../lib/common-messages';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';
import { isRole, ROLES, type Role } from './roles';

export interface UserQuery {
  role?: Role;
  active?: boolean;
}

/** Narrowing the list by role and by whether accounts are active; applied together. */
export function UserFilters({ onApply }: { onApply: (query: UserQuery) => void }) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  const id = useId();
  const [role, setRole] = useState<Role | ''>('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  return (
    <form
      className="panel filters"
      aria-labelledby={`${id}-filters`}
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ role: role || undefined, active: active === '' ? undefined : active === 'true' });
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
            onChange={(e) => setActive(e.target.value === 'true' ? 'true' : e.target.value === 'false' ? 'false' : '')}
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
  );
}
