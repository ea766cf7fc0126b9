import { isEmail } from 'class-validator';
import { Language, LANGUAGES } from '@survey/questionnaire';
import countries from 'i18n-iso-countries';
import { textProblem } from '../common/input-guard';
import { PLAIN_EMAIL_ADDRESS } from '../common/validation';
import { Segment, SEGMENTS } from './contact.entity';

/** The languages mail and the survey page speak; anything else falls back to en. */
export const CONTACT_LANGUAGES = LANGUAGES;
export type ContactLanguage = Language;

/** Column names of an extract, as the filing platforms deliver it (shared/fixtures/README.md). */
export const IMPORT_COLUMNS = {
  name: 'full_name',
  email: 'email',
  country: 'country_code',
  segment: 'segment',
  registrationNumbers: 'ir_numbers',
  role: 'role',
  relationshipSince: 'customer_since',
  relationshipYears: 'relationship_years',
  platform: 'platform',
  language: 'preferred_language',
} as const;

export const REQUIRED_IMPORT_COLUMNS = [
  IMPORT_COLUMNS.name,
  IMPORT_COLUMNS.email,
  IMPORT_COLUMNS.country,
  IMPORT_COLUMNS.segment,
  IMPORT_COLUMNS.platform,
];
export const KNOWN_IMPORT_COLUMNS: ReadonlySet<string> = new Set(Object.values(IMPORT_COLUMNS));

export const MAX_NAME_LENGTH = 200;
export const MAX_ROLE_LENGTH = 200;
export const MAX_PLATFORM_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;
const REGISTRATION_NUMBER = /^\d{6,8}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A contact's fields after validation, in the form they are stored (before encryption). */
export interface ContactFields {
  name: string;
  /** Trimmed and lower-cased: addresses are compared case-insensitively. */
  email: string;
  country: string;
  segment: Segment;
  registrationNumbers: string[];
  role: string | null;
  relationshipSince: string | null;
  platform: string;
  language: ContactLanguage;
}

export interface RowIssue {
  field: string;
  reason: string;
}

export type RowResult =
  { ok: true; contact: ContactFields; warnings: RowIssue[] } | { ok: false; errors: RowIssue[]; warnings: RowIssue[] };

type RawRow = Record<string, unknown>;

function text(row: RawRow, column: string): string {
  const value = row[column];
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' ? String(value) : '';
}

/** JSON rows can hold anything: a field that is neither text nor a number is refused as such. */
function notText(row: RawRow): RowIssue[] {
  return Object.values(IMPORT_COLUMNS)
    .filter((column) => column !== IMPORT_COLUMNS.registrationNumbers)
    .filter((column) => {
      const value = row[column];
      return value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number';
    })
    .map((column) => ({ field: column, reason: 'must be text' }));
}

/** Text PostgreSQL cannot store (NUL) or that is not valid Unicode (a lone surrogate in a JSON file). */
function badText(row: RawRow): RowIssue[] {
  return Object.values(IMPORT_COLUMNS).flatMap((column) => {
    const value = row[column];
    const items = Array.isArray(value) ? value : [value];
    const problem = items.map((item) => (typeof item === 'string' ? textProblem(item) : null)).find(Boolean);
    return problem ? [{ field: column, reason: problem }] : [];
  });
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `;`-separated in CSV; a JSON file may also give a list. */
function registrationNumbers(row: RawRow, errors: RowIssue[]): string[] {
  const column = IMPORT_COLUMNS.registrationNumbers;
  const value = row[column];
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(';') : null;
  if (items === null || items.some((item) => typeof item !== 'string' && typeof item !== 'number')) {
    errors.push({ field: column, reason: 'must be registration numbers separated by ";"' });
    return [];
  }
  const numbers = items.map((item) => String(item).trim());
  if (numbers.length === 1 && numbers[0] === '') return [];
  if (!numbers.every((number) => REGISTRATION_NUMBER.test(number))) {
    errors.push({ field: column, reason: 'each registration number must be 6 to 8 digits, separated by ";"' });
    return [];
  }
  return [...new Set(numbers)];
}

function relationshipSince(row: RawRow, today: Date, errors: RowIssue[]): string | null {
  const since = text(row, IMPORT_COLUMNS.relationshipSince);
  if (since !== '') {
    const match = ISO_DATE.exec(since);
    if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      errors.push({ field: IMPORT_COLUMNS.relationshipSince, reason: 'must be a real date written YYYY-MM-DD' });
      return null;
    }
    if (since > isoDay(today)) {
      errors.push({ field: IMPORT_COLUMNS.relationshipSince, reason: 'must not be in the future' });
      return null;
    }
    return since;
  }
  const years = text(row, IMPORT_COLUMNS.relationshipYears);
  if (years === '') return null;
  if (!/^\d{1,3}$/.test(years) || Number(years) > 150) {
    errors.push({ field: IMPORT_COLUMNS.relationshipYears, reason: 'must be a whole number of years (0 to 150)' });
    return null;
  }
  const start = new Date(today.getTime());
  start.setUTCFullYear(start.getUTCFullYear() - Number(years));
  return isoDay(start);
}

/**
 * Validates one row of an extract (a CSV record keyed by header, or a JSON object). Reasons
 * say what is wrong with the field, never what the value was: the row report is read by staff
 * who may not see personal data, and it must not become a copy of the file.
 */
export function validateContactRow(row: RawRow, today: Date): RowResult {
  const typeErrors = [...notText(row), ...badText(row)];
  if (typeErrors.length > 0) return { ok: false, errors: typeErrors, warnings: [] };
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];

  const name = text(row, IMPORT_COLUMNS.name);
  if (name === '') errors.push({ field: IMPORT_COLUMNS.name, reason: 'is required' });
  else if ([...name].length > MAX_NAME_LENGTH) {
    errors.push({ field: IMPORT_COLUMNS.name, reason: `must be at most ${MAX_NAME_LENGTH} characters` });
  }

  const email = text(row, IMPORT_COLUMNS.email).toLowerCase();
  if (email === '') errors.push({ field: IMPORT_COLUMNS.email, reason: 'is required' });
  else if (
    email.length > MAX_EMAIL_LENGTH ||
    !PLAIN_EMAIL_ADDRESS.test(email) ||
    !isEmail(email, { allow_utf8_local_part: true })
  ) {
    errors.push({ field: IMPORT_COLUMNS.email, reason: 'must be a valid e-mail address' });
  }

  const country = text(row, IMPORT_COLUMNS.country).toUpperCase();
  if (country === '') errors.push({ field: IMPORT_COLUMNS.country, reason: 'is required' });
  else if (!/^[A-Z]{2}$/.test(country) || !countries.isValid(country)) {
    errors.push({ field: IMPORT_COLUMNS.country, reason: 'must be an ISO 3166-1 alpha-2 country code' });
  }

  const segment = text(row, IMPORT_COLUMNS.segment).toLowerCase() as Segment;
  if (segment === ('' as Segment)) errors.push({ field: IMPORT_COLUMNS.segment, reason: 'is required' });
  else if (!SEGMENTS.includes(segment)) {
    errors.push({ field: IMPORT_COLUMNS.segment, reason: `must be one of ${SEGMENTS.join(', ')}` });
  }

  const numbers = registrationNumbers(row, errors);

  const role = text(row, IMPORT_COLUMNS.role);
  if ([...role].length > MAX_ROLE_LENGTH) {
    errors.push({ field: IMPORT_COLUMNS.role, reason: `must be at most ${MAX_ROLE_LENGTH} characters` });
  }

  const since = relationshipSince(row, today, errors);

  const platform = text(row, IMPORT_COLUMNS.platform);
  if (platform === '') errors.push({ field: IMPORT_COLUMNS.platform, reason: 'is required' });
  else if ([...platform].length > MAX_PLATFORM_LENGTH) {
    errors.push({ field: IMPORT_COLUMNS.platform, reason: `must be at most ${MAX_PLATFORM_LENGTH} characters` });
  }

  const requested = text(row, IMPORT_COLUMNS.language).toLowerCase();
  let language: ContactLanguage = 'en';
  if ((CONTACT_LANGUAGES as readonly string[]).includes(requested)) language = requested as ContactLanguage;
  else if (requested !== '') {
    warnings.push({
      field: IMPORT_COLUMNS.language,
      reason: `is not one of ${CONTACT_LANGUAGES.join(', ')}; en is used instead`,
    });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    contact: {
      name,
      email,
      country,
      segment,
      registrationNumbers: numbers,
      role: role === '' ? null : role,
      relationshipSince: since,
      platform,
      language,
    },
  };
}
