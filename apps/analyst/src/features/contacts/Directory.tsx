import { useId, useState } from 'react';
import { LoadState, Pagination } from '../../components/ui';
import { useMessages } from '../../lib/i18n';
import { $api, useFailure } from '../../lib/query';
import { ContactTable } from './ContactTable';
import { DirectoryFilters, NO_FILTERS, type Filters } from './DirectoryFilters';
import { contactsMessages } from './messages';

/** The contact directory, a page at a time, narrowed by the filters once they are applied. */
export function Directory() {
  const t = useMessages(contactsMessages);
  const id = useId();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const loaded = $api.useQuery('get', '/api/v1/contacts', {
    params: {
      query: {
        page,
        limit: 20,
        ...(applied.country.trim() ? { country: applied.country.trim() } : {}),
        ...(applied.segment ? { segment: applied.segment } : {}),
        ...(applied.platform.trim() ? { platform: applied.platform.trim() } : {}),
        ...(applied.role.trim() ? { role: applied.role.trim() } : {}),
      },
    },
  });
  const failure = useFailure(loaded.error);

  function apply() {
    setApplied(draft);
    setPage(1);
  }

  function clear() {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
    setPage(1);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.directoryTitle}</h2>
      <DirectoryFilters draft={draft} onDraft={setDraft} failure={failure} onApply={apply} onClear={clear} />
      <LoadState loaded={loaded}>
        {({ items, meta }) =>
          items.length === 0 ? (
            <p role="status">{t.noContacts}</p>
          ) : (
            <>
              <ContactTable items={items} caption={t.contactsTable} testId="contacts-in-directory" />
              <Pagination meta={meta} onPage={setPage} />
            </>
          )
        }
      </LoadState>
    </section>
  );
}
