import { useId, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ProblemMessage } from '../../../components/ui';
import { PurposeSelect } from '../../../components/PurposeSelect';
import { common } from '../../../lib/common-messages';
import { useMessages } from '../../../lib/i18n';
import { privacyMessages } from '../messages';
import { IdentityFields } from './IdentityFields';
import { ReceiptFields } from './ReceiptFields';
import { RequestFields } from './RequestFields';
import { useRegistration } from './useRegistration';

/** A request that came by letter or e-mail, registered by the officer who checked who sent it. */
export function RegisterRequest({ onRegistered }: { onRegistered: () => void }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const id = useId();
  const { draft, change, today, open, setOpen, registered, submit, busy, failure, errorsOf, formRef } =
    useRegistration(onRegistered);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit();
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.register.title}</h2>
      <p>{t.register.intro}</p>
      {registered && (
        <p className="notice" role="status">
          {t.register.done}{' '}
          <Link to={`/privacy/requests/${registered.id}`} state={{ summary: registered }}>
            {t.register.openNew}
          </Link>
        </p>
      )}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)} aria-expanded="false">
          {t.register.show}
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate ref={formRef}>
          {failure && <ProblemMessage failure={failure} />}
          <RequestFields id={id} draft={draft} change={change} errorsOf={errorsOf} />
          <ReceiptFields id={id} draft={draft} change={change} today={today} errorsOf={errorsOf} />
          <IdentityFields id={id} draft={draft} change={change} errorsOf={errorsOf} />
          <PurposeSelect
            id={`${id}-purpose`}
            label={t.purpose.label}
            value={draft.purpose}
            onChange={(purpose) => change({ purpose })}
            errors={errorsOf('purpose')}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? c.saving : t.register.submit}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t.register.hide}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
