import { LANGUAGES, type Language, type LocalizedText } from './languages';
import { questionsOf } from './questions';
import { sampleSatisfactionQuestionnaire } from './sample';
import type { Questionnaire } from './types';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

/** Every localised text in the questionnaire, with its path. */
function textsOf(value: unknown, path = ''): [string, LocalizedText][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => textsOf(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  if (typeof object.en === 'string') return [[path, object as LocalizedText]];
  return Object.entries(object).flatMap(([key, child]) => textsOf(child, path ? `${path}.${key}` : key));
}

/** A letter each translation must contain: evidence of a real translation, not a copy of the English. */
const SCRIPT: Record<Exclude<Language, 'en'>, RegExp> = {
  fr: /[a-zàâçéèêëîïôûùüÿœ]/i,
  es: /[a-záéíñóúü]/i,
  ar: /[\u0600-\u06FF]/,
  zh: /[\u4E00-\u9FFF]/,
  ru: /[\u0400-\u04FF]/,
};

describe('sampleSatisfactionQuestionnaire', () => {
  const sample = sampleSatisfactionQuestionnaire();

  it('passes validation unchanged', () => {
    const result = validateQuestionnaire(sample);
    expect(result).toEqual({ ok: true, questionnaire: sample });
  });

  it('returns a fresh copy each time', () => {
    const first = sampleSatisfactionQuestionnaire();
    first.pages[0].elements[0].title.en = 'Changed';
    expect(sampleSatisfactionQuestionnaire().pages[0].elements[0].title.en).not.toBe('Changed');
  });

  it('is written in all six languages', () => {
    const texts = textsOf(sample);
    expect(texts.length).toBeGreaterThan(40);
    for (const [path, text] of texts) {
      expect([path, Object.keys(text)]).toEqual([path, [...LANGUAGES]]);
      for (const language of ['ar', 'zh', 'ru'] as const) {
        expect([path, language, SCRIPT[language].test(text[language] ?? '')]).toEqual([path, language, true]);
      }
    }
    // Short words may coincide ("No" is Spanish too), but sentences are translated.
    for (const [path, text] of texts.filter(([, t]) => t.en.length > 20)) {
      for (const language of ['fr', 'es'] as const) {
        expect([path, language, text[language] !== text.en && SCRIPT[language].test(text[language] ?? '')]).toEqual([
          path,
          language,
          true,
        ]);
      }
    }
  });

  it('uses every question type, an NPS, a satisfaction rating, a Likert matrix and conditions', () => {
    const questions = questionsOf(sample);
    expect(new Set(questions.map((q) => q.type))).toEqual(
      new Set(['rating', 'radiogroup', 'checkbox', 'dropdown', 'boolean', 'matrix', 'comment']),
    );
    expect(questions.find((q) => q.name === 'nps')).toMatchObject({ rateMin: 0, rateMax: 10, ratingKind: 'nps' });
    expect(questions.find((q) => q.name === 'nps')?.title.en).toMatch(/How likely are you to recommend/);
    expect(questions.find((q) => q.name === 'satisfaction')).toMatchObject({
      rateMin: 1,
      rateMax: 5,
      ratingKind: 'satisfaction',
    });
    const support = questions.find((q) => q.name === 'support');
    expect(support).toMatchObject({ type: 'matrix', isRequired: true, eachRowRequired: true });
    if (support?.type !== 'matrix') throw new Error('support is a matrix');
    expect(support.rows.map((row) => row.value)).toEqual(['timeliness', 'clarity', 'courtesy']);
    expect(support.columns.map((column) => column.value)).toEqual([1, 2, 3, 4, 5]);
    expect(questions.find((q) => q.name === 'npsReason')).toMatchObject({ type: 'comment', visibleIf: '{nps} <= 6' });
  });

  it('accepts a respondent who is unhappy and explains why', () => {
    const result = validateAnswers(sample, {
      nps: 4,
      npsReason: 'Les délais de réponse sont trop longs.',
      satisfaction: 2,
      mainService: 'madrid',
      channels: ['phone'],
      filerType: 'paralegal',
      contactedSupport: true,
      support: { timeliness: 1, clarity: 3, courtesy: 4 },
    });
    expect(result.ok).toBe(true);
  });

  it('is refused, with the path named, when one translation is removed', () => {
    const copy = structuredClone(sample) as Questionnaire;
    const hague = copy.pages[1].elements[0];
    if (hague.type !== 'radiogroup') throw new Error('the first question on page 2 is a radiogroup');
    delete hague.choices[2].text.ar;
    expect(validateQuestionnaire(copy)).toEqual({
      ok: false,
      errors: [
        {
          field: 'pages[1].elements[0].choices[2].text.ar',
          message: 'is missing: texts are required in en, fr, es, ar, zh, ru',
        },
      ],
    });
    // The same document passes when Arabic is not required.
    expect(validateQuestionnaire(copy, { languages: ['en', 'fr', 'es', 'zh', 'ru'] }).ok).toBe(true);
  });

  it('is refused naming every text when a whole language is removed', () => {
    const copy = JSON.parse(JSON.stringify(sample), (key: string, value: unknown) =>
      key === 'ru' ? undefined : value,
    ) as unknown;
    const result = validateQuestionnaire(copy);
    if (result.ok) throw new Error('expected the copy without Russian to be refused');
    expect(result.errors.map((e) => e.field)).toEqual(
      textsOf(sample)
        .map(([path]) => `${path}.ru`)
        .slice(0, 100),
    );
    expect(result.errors).toContainEqual({
      field: 'pages[0].elements[0].minRateDescription.ru',
      message: 'is missing: texts are required in en, fr, es, ar, zh, ru',
    });
  });
});
