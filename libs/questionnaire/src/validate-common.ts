/**
 * What every part of questionnaire validation shares: the context that collects problems, and
 * readers of keys, texts and numbers. Kept apart from validate-questionnaire.ts so that the
 * modules that validate one kind of property can use them without an import cycle.
 */
import { FALLBACK_LANGUAGE, LANGUAGES, isLanguage, type Language, type LocalizedText } from './languages';
import { ProblemList, hasControlCharacters, hasOwn, isPlainObject, pathOf, unexpectedKeyProblem } from './problems';
import type { RegexSafetyCheck } from './regex-safety';
import { LIMITS, type Question, type QuestionnaireProblem } from './types';

export interface Declared {
  name: string;
  /** Position of the question in document order. */
  index: number;
  /** Position of its page. */
  page: number;
}

export class Context {
  readonly problems = new ProblemList();
  /** First question of each name (lower-cased), found before the main pass to spot forward references. */
  readonly declared = new Map<string, Declared>();
  /** Questions that passed validation, by name, as conditions on later questions see them. */
  readonly valid = new Map<string, Question>();

  constructor(
    readonly languages: readonly Language[],
    readonly regexSafety?: RegexSafetyCheck,
  ) {}

  add(field: string, message: string): void {
    this.problems.add(field, message);
  }
}

export function checkKeys(
  object: Record<string, unknown>,
  path: string,
  allowed: readonly string[],
  context: Context,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) context.problems.addProblem(unexpectedKeyProblem(path, key, 'allowed here'));
  }
}

export function readRequiredText(
  object: Record<string, unknown>,
  key: string,
  path: string,
  context: Context,
): LocalizedText | undefined {
  if (!hasOwn(object, key)) {
    context.add(pathOf(path, key), 'is required');
    return undefined;
  }
  return readText(object[key], pathOf(path, key), context);
}

export function readOptionalText(
  object: Record<string, unknown>,
  key: string,
  path: string,
  context: Context,
): LocalizedText | undefined {
  return hasOwn(object, key) ? readText(object[key], pathOf(path, key), context) : undefined;
}

export const MISSING_TEXT = 'is missing: texts are required in ';
export const BLANK_TEXT = 'must not be blank';

/**
 * What kind of problem this is, where a client words it in its own language: a text missing in
 * a required language, or given blank; undefined for every other problem.
 */
export function problemKind(problem: QuestionnaireProblem): 'text-missing' | 'text-blank' | undefined {
  if (problem.message.startsWith(MISSING_TEXT)) return 'text-missing';
  if (problem.message === BLANK_TEXT) return 'text-blank';
  return undefined;
}

export function readText(value: unknown, path: string, context: Context): LocalizedText | undefined {
  if (!isPlainObject(value)) {
    context.add(path, 'must be an object with one text per language, such as { "en": "…", "fr": "…" }');
    return undefined;
  }
  const before = context.problems.total;
  const texts: Partial<Record<Language, string>> = {};
  const given = new Set<Language>();
  for (const key of Object.keys(value)) {
    // SurveyJS Creator writes the default-language text under "default"; here that is English.
    const language = key === 'default' ? FALLBACK_LANGUAGE : key;
    if (!isLanguage(language)) {
      context.problems.addProblem(unexpectedKeyProblem(path, key, `a supported language (${LANGUAGES.join(', ')})`));
      continue;
    }
    const field = pathOf(path, key);
    if (key === 'default' && hasOwn(value, FALLBACK_LANGUAGE)) {
      context.add(field, 'repeats the English text: give it once, as "en"');
      continue;
    }
    given.add(language);
    const text = value[key];
    if (typeof text !== 'string') {
      context.add(field, 'must be a string');
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') context.add(field, BLANK_TEXT);
    else if (trimmed.length > LIMITS.textLength) context.add(field, `must be at most ${LIMITS.textLength} characters`);
    else if (hasControlCharacters(trimmed)) context.add(field, 'must not contain control characters');
    else texts[language] = trimmed;
  }
  for (const language of context.languages) {
    if (!given.has(language)) {
      context.add(pathOf(path, language), `${MISSING_TEXT}${context.languages.join(', ')}`);
    }
  }
  if (context.problems.total !== before || Object.keys(texts).length === 0) return undefined;
  // Stored in a fixed language order, whatever the order submitted.
  const ordered: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) if (texts[language] !== undefined) ordered[language] = texts[language];
  return ordered as LocalizedText;
}

export function readOptionalInteger(
  object: Record<string, unknown>,
  key: string,
  path: string,
  min: number,
  max: number,
  context: Context,
): number | undefined {
  if (!hasOwn(object, key)) return undefined;
  const value = object[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    context.add(pathOf(path, key), `must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}
