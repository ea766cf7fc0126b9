import { fieldAria, FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { adminMessages } from '../messages';

/** A new password for an account, with the rule it must follow and the API's refusal. */
export function PasswordField(props: {
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
