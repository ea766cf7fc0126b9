import { isLanguage, LANGUAGES, type Language } from '@survey/questionnaire';
import { isPlainObject } from '@survey/questionnaire';
import type { FieldErrorDto } from '../common/problem';
import type { SurveyMailKind } from './mail-templates';

/**
 * A survey's own wording of its invitation and reminder e-mails: a subject and a plain-text body
 * per kind and language, with placeholders. What is not written falls back to the platform's
 * text. The opt-out and privacy parts are always appended by the system (see renderSurveyMail).
 */
export interface MailText {
  subject: string;
  body: string;
}

export type MailTexts = Partial<Record<SurveyMailKind, Partial<Record<Language, MailText>>>>;

export const MAIL_KINDS: readonly SurveyMailKind[] = ['invitation', 'reminder'];
export const PLACEHOLDERS = ['name', 'link', 'optOutLink', 'deadline'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** The subject carries no personal value and no link: only the deadline may appear in it. */
export const SUBJECT_PLACEHOLDERS: readonly Placeholder[] = ['deadline'];

export const MAIL_TEXT_LIMITS = { subject: 200, body: 5000 } as const;

const PLACEHOLDER = /\{([^{}\s]{0,40})\}/g;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

function checkText(
  value: unknown,
  field: string,
  max: number,
  allowed: readonly Placeholder[],
  problems: FieldErrorDto[],
): string | undefined {
  if (typeof value !== 'string') {
    problems.push({ field, message: `${field} must be a string`, reason: 'isString' });
    return undefined;
  }
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (text === '' || text.length > max) {
    problems.push({
      field,
      message: `${field} must be 1 to ${max} characters long (not only spaces)`,
      reason: 'isLength',
      limits: { min: 1, max },
    });
    return undefined;
  }
  if (CONTROL.test(text)) {
    problems.push({ field, message: `${field} must not contain control characters`, reason: 'matches' });
  }
  const before = problems.length;
  for (const name of new Set(placeholdersIn(text))) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({
        field,
        message: `${field} uses an unknown placeholder; the placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        reason: 'placeholder',
      });
    } else if (!allowed.includes(name as Placeholder)) {
      problems.push({
        field,
        message: `${field} may not use {${name}}: only ${allowed.map((p) => `{${p}}`).join(', ')}`,
        reason: 'placeholder',
      });
    }
  }
  return problems.length === before ? text : undefined;
}

/**
 * Checks texts as an analyst submits them: only the survey's languages, both kinds optional,
 * each with a subject (a single line, no personal placeholder) and a body holding {link}.
 * Problems name the field (`texts.invitation.fr.body`) and never quote the text.
 */
export function validateMailTexts(
  input: unknown,
  languages: readonly Language[],
): { ok: true; texts: MailTexts } | { ok: false; errors: FieldErrorDto[] } {
  const problems: FieldErrorDto[] = [];
  const texts: MailTexts = {};
  if (!isPlainObject(input)) return { ok: false, errors: [{ field: 'texts', message: 'texts must be an object' }] };
  for (const kind of Object.keys(input)) {
    if (!(MAIL_KINDS as readonly string[]).includes(kind)) {
      problems.push({ field: 'texts', message: 'texts may only hold invitation and reminder' });
      continue;
    }
    const byLanguage = input[kind];
    const kindField = `texts.${kind}`;
    if (!isPlainObject(byLanguage)) {
      problems.push({ field: kindField, message: `${kindField} must be an object keyed by language` });
      continue;
    }
    const checked: Partial<Record<Language, MailText>> = {};
    for (const language of Object.keys(byLanguage)) {
      if (!isLanguage(language) || !languages.includes(language)) {
        problems.push({
          field: kindField,
          message: `${kindField} may only hold the survey's languages (${languages.join(', ')})`,
        });
        continue;
      }
      const field = `${kindField}.${language}`;
      const text = byLanguage[language];
      if (!isPlainObject(text) || Object.keys(text).some((key) => key !== 'subject' && key !== 'body')) {
        problems.push({ field, message: `${field} must be an object with subject and body` });
        continue;
      }
      const subject = checkText(
        text.subject,
        `${field}.subject`,
        MAIL_TEXT_LIMITS.subject,
        SUBJECT_PLACEHOLDERS,
        problems,
      );
      if (subject?.includes('\n'))
        problems.push({ field: `${field}.subject`, message: `${field}.subject must be one line`, reason: 'oneLine' });
      const body = checkText(text.body, `${field}.body`, MAIL_TEXT_LIMITS.body, PLACEHOLDERS, problems);
      if (body !== undefined && !placeholdersIn(body).includes('link')) {
        problems.push({
          field: `${field}.body`,
          message: `${field}.body must contain {link}: the person's link to the survey`,
          reason: 'needsLink',
        });
      }
      if (subject !== undefined && body !== undefined) checked[language] = { subject, body };
    }
    if (Object.keys(checked).length > 0) {
      texts[kind as SurveyMailKind] = Object.fromEntries(
        LANGUAGES.filter((l) => checked[l]).map((l) => [l, checked[l]]),
      ) as Partial<Record<Language, MailText>>;
    }
  }
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, texts };
}

/** Replaces each placeholder by what `value` gives for it (unknown ones were refused on saving). */
export function fillPlaceholders(text: string, value: (name: Placeholder) => string): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? value(name as Placeholder) : whole,
  );
}
