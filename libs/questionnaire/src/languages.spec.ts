import { LANGUAGES, RTL_LANGUAGES, SURVEYJS_LOCALES, isLanguage, localize, textDirection } from './languages';

describe('languages', () => {
  it('lists the six languages, English first', () => {
    expect(LANGUAGES).toEqual(['en', 'fr', 'es', 'ar', 'zh', 'ru']);
    expect(RTL_LANGUAGES).toEqual(['ar']);
  });

  it('recognises language codes exactly', () => {
    for (const language of LANGUAGES) expect(isLanguage(language)).toBe(true);
    for (const other of ['de', 'EN', 'default', '', ' en', 1, null, undefined, {}, ['en']]) {
      expect(isLanguage(other)).toBe(false);
    }
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    for (const language of LANGUAGES.filter((l) => l !== 'ar')) expect(textDirection(language)).toBe('ltr');
  });

  it('maps every language to the SurveyJS locale holding its interface strings', () => {
    expect(Object.keys(SURVEYJS_LOCALES)).toEqual([...LANGUAGES]);
    expect(SURVEYJS_LOCALES.zh).toBe('zh-cn');
    expect(SURVEYJS_LOCALES.ar).toBe('ar');
  });

  describe('localize', () => {
    const text = { en: 'Hello', fr: 'Bonjour', zh: '   ' };

    it('returns the text in the language asked for', () => {
      expect(localize(text, 'fr')).toBe('Bonjour');
      expect(localize(text, 'en')).toBe('Hello');
    });

    it('falls back to English when the translation is missing or blank', () => {
      expect(localize(text, 'ru')).toBe('Hello');
      expect(localize(text, 'zh')).toBe('Hello');
    });

    it('returns an empty string for no text at all', () => {
      expect(localize(undefined, 'ar')).toBe('');
    });
  });
});
