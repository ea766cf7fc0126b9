import { common } from '../../../lib/common-messages';
import { useFormat } from '../../../lib/format';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';
import type { StaffUser } from './roles';

function MfaState({ user }: { user: StaffUser }) {
  const t = useMessages(adminMessages);
  if (user.mfaEnabled) return <>{t.users.mfaOn}</>;
  if (user.mfaRequired) return <span className="badge due-soon">{t.users.mfaMissing}</span>;
  return <>{t.users.mfaOff}</>;
}

/** The accounts of one page, each with a button to manage it. */
export function UserTable({ users, onManage }: { users: StaffUser[]; onManage: (user: StaffUser) => void }) {
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
