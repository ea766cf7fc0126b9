import type { components } from '@survey/api-client';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ProblemMessage } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { useMessages } from '../../lib/i18n';
import { fieldMessages, unwrap } from '../../lib/problem';
import { api } from '../../lib/session';
import { contactsMessages } from './messages';
import { useNames } from './names';
import { PurposeSelect } from '../../components/PurposeSelect';
import { purposeLabel, purposeMessages, type Purpose } from '../../lib/purposes';
import { useFailure } from '../../lib/query';

export type ContactSummary = components['schemas']['ContactSummaryDto'];
type Contact = components['schemas']['ContactDto'];

/**
 * Contacts without personal fields. Each row can open its personal fields below it, once the
 * reader has chosen a purpose (the API checks it and audits the reading).
 */
export function ContactTable({
  items,
  caption,
  testId,
}: {
  items: ContactSummary[];
  caption: string;
  testId?: string;
}) {
  const t = useMessages(contactsMessages);
  const f = useFormat();
  const names = useNames();
  const [open, setOpen] = useState<string>();
  const columns = 8;
  return (
    <div className="table-wrap">
      <table className="contacts-table" aria-label={caption} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t.country}</th>
            <th scope="col">{t.segment}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.platform}</th>
            <th scope="col">{t.language}</th>
            <th scope="col">{t.relationshipSince}</th>
            <th scope="col">{t.collectedAt}</th>
            <th scope="col">{t.personalFields}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((contact) => {
            const expanded = open === contact.id;
            const panelId = `personal-${contact.id}`;
            return (
              <Fragment key={contact.id}>
                <tr data-testid="contact-row">
                  <td>
                    {names.country(contact.country)} <span className="code">({contact.country})</span>
                  </td>
                  <td>{t.segments[contact.segment]}</td>
                  <td>{contact.role ?? f.missing}</td>
                  <td>{contact.platform}</td>
                  <td>{names.language(contact.language)}</td>
                  <td>{contact.relationshipSince ? f.date(contact.relationshipSince) : f.missing}</td>
                  <td>{f.date(contact.collectedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={expanded}
                      aria-controls={expanded ? panelId : undefined}
                      onClick={() => setOpen(expanded ? undefined : contact.id)}
                    >
                      {expanded ? t.hidePersonal : t.showPersonal}
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr className="personal-row">
                    <td colSpan={columns} id={panelId}>
                      <PersonalFields contactId={contact.id} onClose={() => setOpen(undefined)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Asks for a purpose, then reads and shows one contact's name, address and registration numbers. */
function PersonalFields({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const t = useMessages(contactsMessages);
  const purposes = useMessages(purposeMessages);
  const f = useFormat();
  const id = useId();
  const [purpose, setPurpose] = useState<Purpose | ''>('');
  const [purposeError, setPurposeError] = useState(false);
  // Reading personal fields is an audited act for a stated purpose: a mutation, never cached.
  const reader = useMutation({
    mutationFn: async (chosen: Purpose) => {
      const contact = unwrap(
        await api.GET('/api/v1/contacts/{id}', {
          params: { path: { id: contactId }, header: { 'X-Purpose': chosen } },
        }),
      );
      return { contact, purpose: chosen };
    },
  });
  const reading = reader.isPending;
  const failure = useFailure(reader.error);
  const read: { contact: Contact; purpose: string } | undefined = reader.data;
  const shown = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (read) shown.current?.focus();
  }, [read]);

  function submit(event: FormEvent) {
    event.preventDefault();
    reader.reset();
    if (!purpose) {
      setPurposeError(true);
      return;
    }
    setPurposeError(false);
    reader.mutate(purpose);
  }

  if (read) {
    const { contact } = read;
    return (
      <div className="personal-fields" data-testid="personal-fields">
        <h3 tabIndex={-1} ref={shown}>
          {t.personalFields}
        </h3>
        <dl className="facts">
          <dt>{t.name}</dt>
          <dd>{contact.name}</dd>
          <dt>{t.email}</dt>
          <dd>{contact.email}</dd>
          <dt>{t.registrationNumbers}</dt>
          <dd>{contact.registrationNumbers.length > 0 ? contact.registrationNumbers.join(', ') : f.missing}</dd>
        </dl>
        <p className="hint">{t.readFor(purposeLabel(purposes.labels, read.purpose))}</p>
        <button type="button" onClick={onClose}>
          {t.hidePersonal}
        </button>
      </div>
    );
  }

  const errors = [...(purposeError ? [t.purposeRequired] : []), ...fieldMessages(failure, 'purpose')];
  return (
    <form className="personal-fields" onSubmit={submit} noValidate>
      <p className="hint">{t.purposeHelp}</p>
      <PurposeSelect id={`${id}-purpose`} label={t.purpose} value={purpose} onChange={setPurpose} errors={errors} />
      {failure && <ProblemMessage failure={failure} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={reading}>
          {reading ? t.reading : t.showPersonal}
        </button>
        <button type="button" onClick={onClose}>
          {t.hidePersonal}
        </button>
      </div>
    </form>
  );
}
