/**
 * Every field held about a contact, and whether it is stored encrypted. The import, the
 * directory, the privacy notice and (later) the access package all read this list, so what
 * the notice says is held is what the system holds (P2).
 */
export const CONTACT_FIELDS = [
  { key: 'name', encrypted: true },
  { key: 'email', encrypted: true },
  { key: 'registrationNumbers', encrypted: true },
  { key: 'country', encrypted: false },
  { key: 'segment', encrypted: false },
  { key: 'role', encrypted: false },
  { key: 'relationshipSince', encrypted: false },
  { key: 'platform', encrypted: false },
  { key: 'language', encrypted: false },
] as const;

export type ContactFieldKey = (typeof CONTACT_FIELDS)[number]['key'];
