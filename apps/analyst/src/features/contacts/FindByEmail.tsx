import { useId, useState, type FormEvent } from 'react';
import { FieldMessages, ProblemMessage } from '../../components/ui';
import { PurposeSelect } from '../../components/PurposeSelect';
import { useFormCheck } from '../../lib/form-check';
import { useMessages } from '../../lib/i18n';
import { fieldMessages } from '../../lib/problem';
import type { Purpose } from '../../lib/purposes';
import { $api, useFailure } from '../../lib/query';
import { ContactTable, type ContactSummary } from './ContactTable';
import { contactsMessages } from './messages';

/** A whole address, as the API's search takes (SearchContactsDto): partial searches are not offered. */
const SEARCH_RULES = { email: { required: true, email: true, maxLength: 254 } } as const;

/** Exact address look-up: the address goes in the request body, with the stated purpose. */
export function FindByEmail() {
  const t = useMessages(contactsMessages);
  const id = useId();
  const [email, setEmail] = useState('');
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [purposeMissing, setPurposeMissing] = useState(false);
  // An audited look-up for a stated purpose: a mutation, so that nothing of it is cached.
  const search = $api.useMutation('post', '/api/v1/contacts/search');
  const searching = search.isPending;
  const failure = useFailure(search.error);
  const found: ContactSummary[] | undefined = search.data?.items;
  const form = useFormCheck(SEARCH_RULES, failure);

  function submit(event: FormEvent) {
    event.preventDefault();
    search.reset();
    setPurposeMissing(!purpose);
    const complete = form.check({ email });
    if (!purpose || !complete) return;
    search.mutate({ body: { email }, params: { header: { 'X-Purpose': purpose } } });
  }

  const emailErrors = form.errorsOf('email');
  const purposeErrors = [...(purposeMissing ? [t.purposeRequired] : []), ...fieldMessages(failure, 'purpose')];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.searchTitle}</h2>
      <p className="hint">{t.searchHelp}</p>
      <form className="form-row" onSubmit={submit} noValidate ref={form.ref}>
        <div>
          <label htmlFor={`${id}-email`}>{t.email}</label>
          <input
            id={`${id}-email`}
            type="email"
            autoComplete="off"
            size={32}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailErrors.length > 0 || undefined}
            aria-describedby={emailErrors.length > 0 ? `${id}-email-error` : undefined}
          />
          <FieldMessages id={`${id}-email-error`} messages={emailErrors} />
        </div>
        <PurposeSelect
          id={`${id}-purpose`}
          label={t.purpose}
          value={purpose}
          onChange={setPurpose}
          errors={purposeErrors}
        />
        <div>
          <button type="submit" disabled={searching}>
            {searching ? t.finding : t.find}
          </button>
        </div>
      </form>
      {failure && <ProblemMessage failure={failure} />}
      <div role="status">{found && <p>{found.length === 0 ? t.notFound : t.foundOne}</p>}</div>
      {found && found.length > 0 && <ContactTable items={found} caption={t.searchTitle} testId="contacts-found" />}
    </section>
  );
}
