import type { components } from '@survey/api-client';

export type Contact = components['schemas']['ContactDto'];
export type Changes = components['schemas']['UpdateContactDto'];
type Segment = components['schemas']['Segment'];
export const SEGMENTS = ['agent', 'applicant', 'holder', 'representative'] as const satisfies readonly Segment[];

export const FIELDS = [
  'name',
  'email',
  'country',
  'segment',
  'registrationNumbers',
  'role',
  'relationshipSince',
  'platform',
  'language',
] as const;
export type Field = (typeof FIELDS)[number];
export type Values = Record<Field, string>;

export const EMPTY: Values = {
  name: '',
  email: '',
  country: '',
  segment: '',
  registrationNumbers: '',
  role: '',
  relationshipSince: '',
  platform: '',
  language: '',
};

/** The contact's current values as the form shows them (registration numbers comma-separated). */
export function valuesOf(contact: Contact): Values {
  return {
    name: contact.name,
    email: contact.email,
    country: contact.country,
    segment: contact.segment,
    registrationNumbers: contact.registrationNumbers.join(', '),
    role: contact.role ?? '',
    relationshipSince: contact.relationshipSince ?? '',
    platform: contact.platform,
    language: contact.language,
  };
}

/** Only what the officer changed, in the API's types; a cleared optional field becomes null. */
export function changesOf(initial: Values, values: Values): Changes {
  const changes: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = values[field].trim();
    if (value === initial[field].trim()) continue;
    if (field === 'registrationNumbers') {
      changes[field] = value
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
    } else if (field === 'role' || field === 'relationshipSince') {
      changes[field] = value || null;
    } else {
      changes[field] = value;
    }
  }
  return changes as Changes;
}
