import type { components } from '@survey/api-client';
import type { FieldRule } from '../../lib/field-rules';

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

/**
 * The API's rules for a corrected contact (it checks the whole contact as an import row:
 * contact-row.ts), checked before asking: the required fields, their lengths and formats, and a
 * relationship that cannot start after today. Only the fields changed are checked: the others
 * are the contact's own, or unknown when no contact holds the address.
 */
export function rectifyRules(today: string, initial: Values, values: Values): Record<Field, FieldRule> {
  const rules: Partial<Record<Field, FieldRule>> = allRectifyRules(today);
  const changed = (field: Field) => values[field].trim() !== initial[field].trim();
  return Object.fromEntries(FIELDS.map((field) => [field, changed(field) ? (rules[field] ?? {}) : {}])) as Record<
    Field,
    FieldRule
  >;
}

function allRectifyRules(today: string) {
  return {
    name: { required: true, maxLength: 200 },
    email: { required: true, email: true, maxLength: 254 },
    country: { required: true, pattern: /^[A-Za-z]{2}$/ },
    segment: { required: true, oneOf: SEGMENTS },
    registrationNumbers: { pattern: /^\d{6,8}(\s*,\s*\d{6,8})*$/ },
    role: { maxLength: 200 },
    relationshipSince: { date: { notAfter: today } },
    platform: { required: true, maxLength: 100 },
  } satisfies Partial<Record<Field, FieldRule>>;
}
