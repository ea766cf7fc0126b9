import { locateField, problemSentence } from './field-location';
import { validateQuestionnaire } from './validate-questionnaire';

const questionnaire = {
  title: { en: 'Survey' },
  pages: [
    { name: 'intro', elements: [{ type: 'boolean', name: 'agree', title: { en: 'Do you agree?' } }] },
    {
      name: 'main',
      title: { en: 'Main' },
      elements: [
        { type: 'boolean', name: 'first', title: { en: 'First' } },
        {
          type: 'radiogroup',
          name: 'overall',
          title: { en: 'Overall satisfaction', fr: 'Satisfaction globale' },
          choices: [{ value: 1, text: { en: 'Good' } }],
        },
      ],
    },
  ],
};

describe('locateField', () => {
  it('names the question by its number across pages and its title, the choice and the language', () => {
    expect(locateField(questionnaire, 'pages[1].elements[1].choices[0].text.fr')).toEqual({
      question: { number: 3, name: 'overall', title: 'Overall satisfaction' },
      part: 'choice',
      item: 1,
      language: 'fr',
    });
    expect(locateField(questionnaire, 'pages[1].elements[1].title.es', 'fr').question?.title).toBe(
      'Satisfaction globale',
    );
  });

  it('names pages, the questionnaire and properties that are not texts', () => {
    expect(locateField(questionnaire, 'pages[1].title.ar')).toEqual({
      page: { number: 2, name: 'main' },
      part: 'title',
      language: 'ar',
    });
    expect(locateField(questionnaire, 'title.zh')).toEqual({ part: 'title', language: 'zh' });
    expect(locateField(questionnaire, 'pages[0].elements[0].visibleIf')).toMatchObject({ property: 'visibleIf' });
    expect(locateField(questionnaire, 'pages[1].elements[1].choices[0].value')).toMatchObject({
      part: 'choice',
      item: 1,
      property: 'value',
    });
  });

  it('names multiple-text items and information blocks', () => {
    expect(locateField(questionnaire, 'pages[0].elements[0].items[1].title.es')).toMatchObject({
      part: 'item',
      item: 2,
      language: 'es',
    });
    expect(locateField(questionnaire, 'pages[0].elements[0].html.ar')).toMatchObject({ part: 'html', language: 'ar' });
  });

  it('copes with paths into a document of another shape', () => {
    expect(locateField(null, 'pages[4].elements[2].title.fr')).toEqual({
      question: { number: 3 },
      part: 'title',
      language: 'fr',
    });
    expect(locateField({}, '')).toEqual({});
  });
});

describe('problemSentence', () => {
  it('words each problem of a one-question survey as a sentence naming the field', () => {
    const result = validateQuestionnaire(questionnaire, { languages: ['en', 'fr'] });
    expect(result.ok).toBe(false);
    const sentences = result.ok ? [] : result.errors.map((problem) => problemSentence(questionnaire, problem));
    expect(sentences).toContain("French text of choice 1 of question 3 'Overall satisfaction' is missing.");
    expect(sentences).toContain('French text of title of the questionnaire is missing.');
    expect(sentences).toContain('French text of title of page 2 is missing.');
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it('keeps the rule of other problems after the name of the field', () => {
    expect(
      problemSentence(questionnaire, { field: 'pages[1].elements[1].choices[0].value', message: 'must be a code' }),
    ).toBe("Value of choice 1 of question 3 'Overall satisfaction': must be a code.");
    expect(problemSentence({}, { field: '', message: 'must be an object with title and pages' })).toBe(
      'The questionnaire must be an object with title and pages.',
    );
  });
});
