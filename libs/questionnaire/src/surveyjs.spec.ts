import { sampleSatisfactionQuestionnaire } from './sample';
import { exportSurveyJs, importSurveyJs } from './surveyjs';
import { questionProperties, SURVEYJS_QUESTION_TYPES } from './surveyjs-support';
import { QUESTION_TYPES, type Questionnaire } from './types';
import { validateQuestionnaire } from './validate-questionnaire';

/** A questionnaire with every question type, trigger type and optional property of the format. */
function everyFeature(): Questionnaire {
  const result = validateQuestionnaire(
    {
      title: { en: 'Every feature', fr: 'Tout' },
      description: { en: 'All of it' },
      pages: [
        {
          name: 'first',
          title: { en: 'First', fr: 'Premier' },
          questionsOrder: 'random',
          elements: [
            {
              type: 'rating',
              name: 'score',
              title: { en: 'Score' },
              rateMin: 1,
              rateMax: 5,
              minRateDescription: { en: 'Low' },
              maxRateDescription: { en: 'High' },
              ratingKind: 'satisfaction',
            },
            {
              type: 'radiogroup',
              name: 'one',
              title: { en: 'One' },
              choicesOrder: 'random',
              choices: [
                { value: 'a', text: { en: 'A', fr: 'A fr' } },
                { value: 2, text: { en: 'Two' } },
              ],
            },
            { type: 'dropdown', name: 'drop', title: { en: 'Drop' }, choices: [{ value: 'x', text: { en: 'X' } }] },
            {
              type: 'checkbox',
              name: 'many',
              title: { en: 'Many' },
              maxSelectedChoices: 1,
              choices: [
                { value: 'p', text: { en: 'P' } },
                { value: 'q', text: { en: 'Q' } },
              ],
            },
            { type: 'boolean', name: 'yes', title: { en: 'Yes?' }, labelTrue: { en: 'Y' }, labelFalse: { en: 'N' } },
          ],
        },
        {
          name: 'second',
          visibleIf: '{yes} = true',
          elements: [
            { type: 'comment', name: 'why', title: { en: 'Why?' }, maxLength: 500, visibleIf: '{score} <= 2' },
            {
              type: 'matrix',
              name: 'grid',
              title: { en: 'Grid' },
              isRequired: true,
              rows: [{ value: 'r1', text: { en: 'Row' } }],
              columns: [{ value: 1, text: { en: 'Col' } }],
            },
            { type: 'html', name: 'info', title: { en: 'Info' }, html: { en: '<p>Hello <b>{score}</b></p>' } },
            { type: 'text', name: 'mail', title: { en: 'Mail' }, inputType: 'email' },
            {
              type: 'multipletext',
              name: 'parts',
              title: { en: 'Parts' },
              items: [{ name: 'first', title: { en: 'First' }, maxLength: 50 }],
            },
            {
              type: 'ranking',
              name: 'order',
              title: { en: 'Order' },
              choices: [
                { value: 'a', text: { en: 'A' } },
                { value: 'b', text: { en: 'B' } },
              ],
            },
            { type: 'slider', name: 'slide', title: { en: 'Slide' }, min: 0, max: 10, step: 2 },
            {
              type: 'expression',
              name: 'total',
              title: { en: 'Total' },
              expression: '{score} * 2 + {slide}',
              displayStyle: 'decimal',
              maximumFractionDigits: 1,
            },
          ],
        },
        { name: 'third', elements: [{ type: 'comment', name: 'last', title: { en: 'Last' } }] },
      ],
      triggers: [
        { type: 'skip', expression: '{score} = 5', gotoName: 'last' },
        { type: 'complete', expression: '{one} = 2' },
      ],
    },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

function fields(result: ReturnType<typeof importSurveyJs>): string[] {
  return result.problems.map((problem) => problem.field);
}

describe('exportSurveyJs and importSurveyJs', () => {
  it.each([
    ['the sample questionnaire', sampleSatisfactionQuestionnaire()],
    ['a questionnaire with every feature', everyFeature()],
  ])('give back %s, and a second export equals the first', (_, questionnaire) => {
    const exported = exportSurveyJs(questionnaire);
    const imported = importSurveyJs(JSON.parse(JSON.stringify(exported)));
    expect(imported).toEqual({ ok: true, questionnaire, problems: [] });
    expect(exportSurveyJs(imported.ok ? imported.questionnaire : questionnaire)).toEqual(exported);
  });

  it('writes texts as SurveyJS localisable strings, the default language under "default"', () => {
    const exported = exportSurveyJs(sampleSatisfactionQuestionnaire());
    expect(exported.locale).toBeUndefined();
    expect(exported.title).toEqual({
      default: 'Customer satisfaction survey: international filing services',
      fr: 'Enquête de satisfaction : services de dépôt international',
      es: expect.any(String),
      ar: expect.any(String),
      zh: expect.any(String),
      ru: expect.any(String),
    });
    expect(Object.keys(exported.title as object)).toEqual(['default', 'fr', 'es', 'ar', 'zh', 'ru']);
  });

  it('names a default language other than English in locale; English stays SurveyJS’s "default"', () => {
    const questionnaire = sampleSatisfactionQuestionnaire();
    const exported = exportSurveyJs(questionnaire, { defaultLanguage: 'zh' });
    expect(exported.locale).toBe('zh-cn');
    expect(exported.title).toMatchObject({ default: questionnaire.title.en, zh: questionnaire.title.zh });
    expect(importSurveyJs(exported, { defaultLanguage: 'zh' })).toEqual({ ok: true, questionnaire, problems: [] });
  });

  it('puts the default language under "default" in a text without English, and reads it back', () => {
    const result = validateQuestionnaire(
      {
        title: { fr: 'Enquête', es: 'Encuesta' },
        pages: [{ name: 'p', elements: [{ type: 'comment', name: 'c', title: { fr: 'Pourquoi ?' } }] }],
      },
      { languages: [], defaultLanguage: 'fr' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const exported = exportSurveyJs(result.questionnaire, { defaultLanguage: 'fr' });
    expect(exported).toMatchObject({ locale: 'fr', title: { default: 'Enquête', es: 'Encuesta' } });
    expect(exported.title).not.toHaveProperty('fr');
    expect(importSurveyJs(exported, { defaultLanguage: 'fr' })).toEqual({
      ok: true,
      questionnaire: result.questionnaire,
      problems: [],
    });
  });

  it('writes nothing the questionnaire does not hold, in SurveyJS property order', () => {
    const exported = exportSurveyJs(everyFeature());
    const pages = exported.pages as Record<string, unknown>[];
    const comment = (pages[1].elements as Record<string, unknown>[])[0];
    expect(Object.keys(comment)).toEqual(['type', 'name', 'title', 'visibleIf', 'maxLength']);
    expect(pages[2]).toEqual({
      name: 'third',
      elements: [{ type: 'comment', name: 'last', title: { default: 'Last' }, maxLength: 2000 }],
    });
  });
});

describe('importSurveyJs', () => {
  it('lists every unsupported SurveyJS feature at its path, with the reason', () => {
    const result = importSurveyJs({
      title: 'Feedback',
      showProgressBar: 'top',
      calculatedValues: [{ name: 'total', expression: '{a} + 1' }],
      navigateToUrl: 'https://example.org/thanks',
      pages: [
        {
          name: 'p1',
          elements: [
            { type: 'radiogroup', name: 'a', choices: ['x', 'y'], choicesByUrl: { url: 'https://example.org' } },
            { type: 'panel', name: 'group', elements: [] },
          ],
        },
        {
          name: 'p2',
          elements: [
            { type: 'comment', name: 'b' },
            { type: 'matrix', name: 'm', rows: ['r'], columns: ['c'], cellType: 'dropdown' },
            { type: 'my-widget', name: 'w' },
            { type: 'dropdown', name: 'd', choices: [{ value: 'v', text: 'V', visibleIf: '{a} = x' }] },
            { type: 'text', name: 't', title: { default: 'T', de: 'T de' } },
          ],
        },
      ],
      triggers: [{ type: 'setvalue', expression: '{a} = x', setToName: 'b', setValue: 1 }],
    });
    expect(result.ok).toBe(false);
    expect(fields(result)).toEqual([
      'showProgressBar',
      'calculatedValues',
      'navigateToUrl',
      'pages[0].elements[0].choicesByUrl',
      'pages[0].elements[1].type',
      'pages[1].elements[1].cellType',
      'pages[1].elements[2].type',
      'pages[1].elements[3].choices[0].visibleIf',
      'pages[1].elements[4].title.de',
      'triggers[0].type',
    ]);
    const byField = new Map(result.problems.map((problem) => [problem.field, problem.message]));
    expect(byField.get('pages[0].elements[0].choicesByUrl')).toMatch(/another site/);
    expect(byField.get('pages[0].elements[1].type')).toMatch(
      /^names SurveyJS question type panel, which is not supported/,
    );
    expect(byField.get('pages[1].elements[2].type')).toMatch(/custom widget/);
    expect(byField.get('pages[1].elements[2].type')).not.toMatch(/my-widget/);
    expect(byField.get('triggers[0].type')).toMatch(/setvalue/);
    expect(byField.get('pages[1].elements[4].title.de')).toMatch(/language this platform does not offer/);
    expect(byField.get('calculatedValues')).toMatch(/browser and the server must agree/);
    for (const problem of result.problems) expect(problem.message).not.toMatch(/example\.org/);
  });

  it('names a property that is not a SurveyJS one at all, and does not repeat a name that is not an identifier', () => {
    const result = importSurveyJs({
      title: 'T',
      pages: [{ name: 'p', elements: [{ type: 'comment', name: 'c', madeUp: 1, 'a b@x.org': 2 }] }],
    });
    expect(result.problems).toEqual([
      {
        field: 'pages[0].elements[0].madeUp',
        message: 'is not among the SurveyJS properties this platform supports in a comment question',
      },
      {
        field: 'pages[0].elements[0]',
        message:
          'has a property that is not among the SurveyJS properties this platform supports in a comment question',
      },
    ]);
  });

  it('reads SurveyJS shorthand and defaults as SurveyJS does', () => {
    const result = importSurveyJs({
      title: 'Quick',
      pages: [
        {
          elements: [
            { type: 'rating', name: 'r' },
            { type: 'rating', name: 'r10', rateMin: 0, rateCount: 11 },
            { type: 'radiogroup', name: 'pick', title: 'Pick one', choices: ['a', 'b|Bee', 3, { value: 'c' }] },
            { type: 'multipletext', name: 'mt', items: [{ name: 'street' }] },
          ],
        },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rating, rating10, pick, multiple] = result.questionnaire.pages[0].elements;
    expect(result.questionnaire.pages[0].name).toBe('page1');
    expect(rating).toEqual({ type: 'rating', name: 'r', title: { en: 'r' }, rateMin: 1, rateMax: 5 });
    expect(rating10).toMatchObject({ rateMin: 0, rateMax: 10 });
    expect(pick).toEqual({
      type: 'radiogroup',
      name: 'pick',
      title: { en: 'Pick one' },
      choices: [
        { value: 'a', text: { en: 'a' } },
        { value: 'b', text: { en: 'Bee' } },
        { value: 3, text: { en: '3' } },
        { value: 'c', text: { en: 'c' } },
      ],
    });
    expect(multiple).toMatchObject({ items: [{ name: 'street', title: { en: 'street' }, maxLength: 200 }] });
  });

  it('reads plain strings, and "default" in a text without its own entry, in the language named by locale', () => {
    const result = importSurveyJs(
      {
        locale: 'fr',
        title: { default: 'Enquête', 'zh-cn': '调查' },
        description: { default: 'Hello', fr: 'Bonjour' },
        pages: [{ name: 'p', elements: [{ type: 'comment', name: 'c', title: 'Pourquoi ?' }] }],
      },
      { defaultLanguage: 'fr' },
    );
    expect(result.ok && result.questionnaire.title).toEqual({ fr: 'Enquête', zh: '调查' });
    expect(result.ok && result.questionnaire.description).toEqual({ en: 'Hello', fr: 'Bonjour' });
    expect(result.ok && result.questionnaire.pages[0].elements[0].title).toEqual({ fr: 'Pourquoi ?' });
  });

  it('refuses a text given twice, as "default" and under its language', () => {
    const result = importSurveyJs({ title: { default: 'A', en: 'B' }, pages: [] });
    expect(result.problems).toEqual([
      {
        field: 'title.en',
        message: 'gives the en text a second time (under two keys, such as "default" and "en"): keep one',
      },
    ]);
  });

  it('refuses a locale that is not one of the six languages', () => {
    expect(fields(importSurveyJs({ locale: 'de', title: 'T', pages: [] }))).toEqual(['locale']);
  });

  it('then validates the result as any questionnaire, requiring the languages asked for', () => {
    const result = importSurveyJs(
      { title: 'T', pages: [{ name: 'p', elements: [{ type: 'rating', name: 'r', rateMin: 0, rateMax: 20 }] }] },
      { languages: ['fr'] },
    );
    expect(result.problems).toEqual([
      { field: 'title.fr', message: expect.stringMatching(/^is missing/) },
      { field: 'pages[0].elements[0].title.fr', message: expect.stringMatching(/^is missing/) },
      { field: 'pages[0].elements[0].rateMax', message: 'makes too many points: a rating has at most 11' },
    ]);
  });

  it('refuses what is not a SurveyJS survey', () => {
    expect(importSurveyJs([1, 2]).problems).toEqual([
      { field: '', message: 'must be a SurveyJS survey: a JSON object with pages' },
    ]);
    expect(fields(importSurveyJs({ title: 'T' }))).toEqual(['pages']);
  });
});

describe('the SurveyJS support table', () => {
  it('has one entry for every question type of the format', () => {
    expect(Object.keys(SURVEYJS_QUESTION_TYPES).sort()).toEqual([...QUESTION_TYPES].sort());
  });

  it('lists every property a validated questionnaire holds', () => {
    const questionnaire = everyFeature();
    for (const page of questionnaire.pages) {
      for (const question of page.elements) {
        const names = questionProperties(question.type).map((property) => property.name);
        for (const key of Object.keys(question)) expect(names).toContain(key);
      }
    }
  });
});
