/** The six languages every questionnaire is written in, in the order texts are stored. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages written right to left: the respondent app sets `dir="rtl"` for them. */
export const RTL_LANGUAGES: readonly Language[] = ['ar'];

/**
 * The locale to give SurveyJS for each language. SurveyJS ships its Chinese interface strings
 * as "zh-cn"; asked for "zh-cn", it finds questionnaire texts stored under "zh" by falling back
 * from the dialect to the root language.
 */
export const SURVEYJS_LOCALES: Readonly<Record<Language, string>> = {
  en: 'en',
  fr: 'fr',
  es: 'es',
  ar: 'ar',
  zh: 'zh-cn',
  ru: 'ru',
};

/**
 * English is the fallback for every other language, so it is always required, whatever the
 * caller asks for.
 */
export const FALLBACK_LANGUAGE: Language = 'en';

/**
 * A text in several languages, keyed by language code: the shape SurveyJS uses for localisable
 * strings. The validator requires the languages it is told to; a survey without English has
 * no `en` text, which the type does not express (read texts through `localize`).
 */
export type LocalizedText = { en: string } & { [L in Exclude<Language, 'en'>]?: string };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function textDirection(language: Language): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.includes(language) ? 'rtl' : 'ltr';
}

/**
 * The text in `language`; when that translation is missing or blank, the text in `fallback`
 * (the survey's default language, English unless told), then the first text there is.
 */
export function localize(
  text: LocalizedText | undefined,
  language: Language,
  fallback: Language = FALLBACK_LANGUAGE,
): string {
  if (!text) return '';
  const texts = text as Partial<Record<Language, string>>;
  for (const candidate of [language, fallback, ...LANGUAGES]) {
    const found = texts[candidate];
    if (typeof found === 'string' && found.trim() !== '') return found;
  }
  return '';
}
