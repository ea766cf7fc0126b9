import { useEffect, useState } from 'react';
import type { Purpose } from '../../lib/purposes';
import { $api } from '../../lib/query';
import { EMPTY, valuesOf, type Values } from './rectify-values';

/**
 * The contact's current values, read with the stated purpose (audited), and the values as the
 * officer edits them, which start from those once read.
 */
export function useContactValues(contactId: string | null, purpose: Purpose) {
  const contact = $api.useQuery(
    'get',
    '/api/v1/contacts/{id}',
    { params: { path: { id: contactId ?? '' }, header: { 'X-Purpose': purpose } } },
    // Personal data: read afresh (and audited) each time, never kept once the form is gone.
    { enabled: Boolean(contactId), gcTime: 0 },
  );
  const ready = contact.isSuccess && !contact.isFetching;
  const [initial, setInitial] = useState<Values>(EMPTY);
  const [values, setValues] = useState<Values>(EMPTY);

  useEffect(() => {
    if (ready && contact.data) {
      setInitial(valuesOf(contact.data));
      setValues(valuesOf(contact.data));
    }
  }, [ready, contact.data]);

  return { contact, ready, initial, values, setValues };
}
