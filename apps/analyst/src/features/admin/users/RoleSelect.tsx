import { fieldAria, FieldMessages } from '../../../components/ui';
import { common } from '../../../lib/common-messages';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';
import { isRole, ROLES, type Role } from './roles';

/** An account's role, with an optional hint below it and the API's refusal. */
export function RoleSelect({
  id,
  value,
  onChange,
  errors,
  hint,
}: {
  id: string;
  value: Role;
  onChange: (role: Role) => void;
  errors: string[];
  hint?: string;
}) {
  const t = useMessages(adminMessages);
  const c = useMessages(common);
  return (
    <div>
      <label htmlFor={id}>{t.users.role}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => isRole(e.target.value) && onChange(e.target.value)}
        {...fieldAria(errors, `${id}-error`, hint ? `${id}-hint` : undefined)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {c.roles[r]}
          </option>
        ))}
      </select>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldMessages id={`${id}-error`} messages={errors} />
    </div>
  );
}
