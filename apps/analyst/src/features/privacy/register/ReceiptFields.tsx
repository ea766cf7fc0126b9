import { FieldMessages } from '../../../components/ui';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import { LANGUAGES } from '../parts';
import { fieldOf, type ErrorsOf } from './fields';
import type { Language, RegisterDraft } from './useRegistration';

/** How the request came: the person's language, letter or e-mail, and the day it arrived (not after today). */
export function ReceiptFields({
  id,
  draft,
  change,
  today,
  errorsOf,
}: {
  id: string;
  draft: RegisterDraft;
  change: (patch: Partial<RegisterDraft>) => void;
  today: string;
  errorsOf: ErrorsOf;
}) {
  const t = useMessages(privacyMessages);
  const receivedField = fieldOf(errorsOf, id, 'receivedAt');
  return (
    <div className="form-row">
      <div>
        <label htmlFor={`${id}-language`}>{t.register.language}</label>
        <select
          id={`${id}-language`}
          value={draft.language}
          onChange={(e) => change({ language: e.target.value as Language })}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t.languages[l]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-channel`}>{t.register.channel}</label>
        <select
          id={`${id}-channel`}
          value={draft.channel}
          onChange={(e) => change({ channel: e.target.value === 'email' ? 'email' : 'letter' })}
        >
          <option value="letter">{t.channels.letter}</option>
          <option value="email">{t.channels.email}</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-received`}>{t.register.receivedAt}</label>
        <input
          id={`${id}-received`}
          type="date"
          max={today}
          value={draft.receivedOn}
          onChange={(e) => change({ receivedOn: e.target.value })}
          {...receivedField.props}
        />
        <FieldMessages id={`${id}-receivedAt-error`} messages={receivedField.errors} />
      </div>
    </div>
  );
}
