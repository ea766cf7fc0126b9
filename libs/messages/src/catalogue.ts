import { LANGUAGES, type Language } from '@survey/questionnaire';

/**
 * Makes every leaf of a reference text a plain string (or a function with the same parameters),
 * so a translation must have exactly the reference's keys and may word every text its own way.
 */
export type Translation<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => R
    : T extends readonly unknown[]
      ? T
      : { [K in keyof T]: Translation<T[K]> };

/**
 * The one shape of every message catalogue: the same messages `T` in each language `L` (by
 * default the six of the questionnaires). A language left out, or a key missing from one
 * language, does not compile.
 */
export type Catalogue<T, L extends string = Language> = { readonly [K in L]: T };

/** The languages of a catalogue of the six questionnaire languages, in their stored order. */
export const CATALOGUE_LANGUAGES: readonly Language[] = LANGUAGES;

/**
 * The path of every leaf of a message object ("nav.surveys"), sorted. A leaf is a string, a
 * function or an array (paragraphs); objects are walked. Tests compare these across languages,
 * which also catches a key a cast or a spread let through.
 */
export function messageKeys(messages: unknown): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else {
      keys.push(path);
    }
  };
  walk(messages, '');
  return keys.sort();
}

/**
 * For each language of `catalogue`, the keys it lacks or has beyond those of `reference` (the
 * English one unless told): an empty object when every language has the same keys.
 */
export function catalogueKeyDifferences<L extends string>(
  catalogue: { readonly [K in L]: unknown },
  reference: L,
): Partial<Record<L, { missing: string[]; extra: string[] }>> {
  const expected = messageKeys(catalogue[reference]);
  const differences: Partial<Record<L, { missing: string[]; extra: string[] }>> = {};
  for (const language of Object.keys(catalogue) as L[]) {
    const actual = messageKeys(catalogue[language]);
    const missing = expected.filter((key) => !actual.includes(key));
    const extra = actual.filter((key) => !expected.includes(key));
    if (missing.length > 0 || extra.length > 0) differences[language] = { missing, extra };
  }
  return differences;
}
