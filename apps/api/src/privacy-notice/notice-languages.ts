import type { Catalogue } from '@survey/messages';
import { isLanguage, Language, LANGUAGES, textDirection } from '@survey/questionnaire';

/** The six languages of the notice and the survey e-mails: those of the questionnaires. */
export const NOTICE_LANGUAGES = LANGUAGES;
export type NoticeLanguage = Language;

export const DEFAULT_NOTICE_LANGUAGE: NoticeLanguage = 'en';

export type TextDirection = 'ltr' | 'rtl';

export const isNoticeLanguage = isLanguage;

/** The language itself when it is one of the six, English otherwise. */
export function noticeLanguageOrDefault(value: unknown): NoticeLanguage {
  return isNoticeLanguage(value) ? value : DEFAULT_NOTICE_LANGUAGE;
}

export const noticeDirection: (language: NoticeLanguage) => TextDirection = textDirection;

/** One label in every one of the six languages: the compiler refuses a missing translation. */
export type Translated = Catalogue<string, NoticeLanguage>;

/** Picks the plural form CLDR gives for `count` in `language` (Intl.PluralRules). */
export function pluralForm(language: NoticeLanguage, count: number): Intl.LDMLPluralRule {
  return new Intl.PluralRules(language).select(count);
}

/** "a, b and c" in the language's own way (Intl.ListFormat). */
export function formatList(language: NoticeLanguage, values: readonly string[]): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(values);
}

/** Upper-cases the first letter where the script has case; leaves Arabic and Chinese as they are. */
export function capitalise(language: NoticeLanguage, text: string): string {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/**
 * French puts a no-break space before `:` and inside « », and a narrow one before `;`, `!`
 * and `?`; the texts are written with ordinary spaces and fixed here, so no line breaks there.
 */
export function typeset(language: NoticeLanguage, text: string): string {
  if (language !== 'fr') return text;
  return text
    .replace(/ :/g, '\u00a0:')
    .replace(/ ([;!?])/g, '\u202f$1')
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»');
}
