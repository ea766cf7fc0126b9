import type { Catalogue, Translation } from '@survey/messages';

/** The interface languages. Questionnaires themselves have six; the console speaks these. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** One feature's messages in every interface language: the shared catalogue shape. */
export type Messages<T> = Catalogue<T, Locale>;

/**
 * One feature's messages in every interface language. The English text is the reference:
 * the French one must have exactly its keys (TypeScript checks), so no key is missing.
 */
export function defineMessages<T>(en: T, fr: Translation<T>): Messages<T> {
  return { en, fr: fr as T };
}
