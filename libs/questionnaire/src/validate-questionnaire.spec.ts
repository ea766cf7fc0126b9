import type { QuestionnaireProblem } from './types';
import { problemKind, validateQuestionnaire, type ValidateQuestionnaireOptions } from './validate-questionnaire';

type Json = Record<string, unknown>;

/** A text in all six languages. */
function text(en: string): Record<string, string> {
  return { en, fr: `${en} (fr)`, es: `${en} (es)`, ar: `${en} (ar)`, zh: `${en} (zh)`, ru: `${en} (ru)` };
}

function without(object: Json, ...keys: string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function choices(...values: (string | number)[]): Json[] {
  return values.map((value) => ({ value, text: text(`Choice ${value}`) }));
}

const make = {
  rating: (name: string, extra: Json = {}): Json => ({
    type: 'rating',
    name,
    title: text('Rate us'),
    rateMin: 1,
    rateMax: 5,
    ...extra,
  }),
  radiogroup: (name: string, extra: Json = {}): Json => ({
    type: 'radiogroup',
    name,
    title: text('Pick one'),
    choices: choices('pct', 'madrid', 'hague'),
    ...extra,
  }),
  dropdown: (name: string, extra: Json = {}): Json => ({
    type: 'dropdown',
    name,
    title: text('Pick one'),
    choices: choices(1, 2, 3),
    ...extra,
  }),
  checkbox: (name: string, extra: Json = {}): Json => ({
    type: 'checkbox',
    name,
    title: text('Pick some'),
    choices: choices('email', 'phone', 'webinar'),
    ...extra,
  }),
  boolean: (name: string, extra: Json = {}): Json => ({ type: 'boolean', name, title: text('Yes or no?'), ...extra }),
  comment: (name: string, extra: Json = {}): Json => ({ type: 'comment', name, title: text('Tell us'), ...extra }),
  matrix: (name: string, extra: Json = {}): Json => ({
    type: 'matrix',
    name,
    title: text('Agree?'),
    rows: choices('timeliness', 'clarity'),
    columns: choices(1, 2, 3, 4, 5),
    ...extra,
  }),
};

function questionnaire(...elements: Json[]): Json {
  return { title: text('Survey'), pages: [{ name: 'first', elements }] };
}

function errorsOf(input: unknown, options?: ValidateQuestionnaireOptions): QuestionnaireProblem[] {
  const result = validateQuestionnaire(input, options);
  if (result.ok) throw new Error('expected the questionnaire to be refused');
  return result.errors;
}

/** The input is refused for exactly one reason, at `field`. */
function expectOnly(input: unknown, field: string, message: string, options?: ValidateQuestionnaireOptions): void {
  expect(errorsOf(input, options)).toEqual([{ field, message: expect.stringContaining(message) }]);
}

function expectValid(input: unknown, options?: ValidateQuestionnaireOptions) {
  const result = validateQuestionnaire(input, options);
  if (!result.ok) throw new Error(`expected a valid questionnaire: ${JSON.stringify(result.errors)}`);
  return result.questionnaire;
}

const Q0 = 'pages[0].elements[0]';
const Q1 = 'pages[0].elements[1]';

describe('validateQuestionnaire: accepted questionnaires', () => {
  it('accepts every question type and returns a cleaned, separate copy', () => {
    const input = questionnaire(
      make.rating('nps', { rateMin: 0, rateMax: 10, ratingKind: 'nps', isRequired: true }),
      make.radiogroup('service'),
      make.dropdown('size'),
      make.checkbox('channels', { maxSelectedChoices: 2 }),
      make.boolean('contacted', { labelTrue: text('Yes'), labelFalse: text('No') }),
      make.comment('why', { visibleIf: '{nps} <= 6' }),
      make.matrix('support', { isRequired: true, visibleIf: '{contacted} = true' }),
    );
    const result = expectValid(input);
    expect(result.pages[0].elements.map((q) => q.type)).toEqual([
      'rating',
      'radiogroup',
      'dropdown',
      'checkbox',
      'boolean',
      'comment',
      'matrix',
    ]);
    expect(result).not.toBe(input);
    expect(result.title).not.toBe(input.title);
    // Written out so SurveyJS enforces the same rules as the server.
    expect(result.pages[0].elements[5]).toMatchObject({ maxLength: 2000 });
    expect(result.pages[0].elements[6]).toMatchObject({ isRequired: true, eachRowRequired: true });
  });

  it('trims texts, stores "default" as "en", orders languages and drops false and redundant settings', () => {
    const result = expectValid({
      pages: [
        {
          elements: [
            {
              rateMax: 5,
              rateMin: 1,
              rateStep: 1,
              rateCount: 5,
              isRequired: false,
              title: { ru: ' Оцените ', default: '  Rate  ', fr: 'Notez', es: 'Valore', ar: 'قيّم', zh: '评分' },
              name: 'score',
              type: 'rating',
            },
          ],
          name: 'only',
        },
      ],
      title: text('Survey'),
    });
    const question = result.pages[0].elements[0];
    expect(question).toEqual({
      type: 'rating',
      name: 'score',
      title: { en: 'Rate', fr: 'Notez', es: 'Valore', ar: 'قيّم', zh: '评分', ru: 'Оцените' },
      rateMin: 1,
      rateMax: 5,
    });
    expect(Object.keys(question.title)).toEqual(['en', 'fr', 'es', 'ar', 'zh', 'ru']);
    expect(Object.keys(result)).toEqual(['title', 'pages']);
  });

  it('requires only the languages asked for, and always English', () => {
    const english = { en: 'Only English' };
    const input = { title: english, pages: [{ name: 'p', elements: [{ ...make.boolean('b'), title: english }] }] };
    expectValid(input, { languages: ['en'] });
    expectValid(input, { languages: [] });
    expect(errorsOf(input, { languages: ['en', 'fr'] }).map((e) => e.field)).toEqual([
      'title.fr',
      'pages[0].elements[0].title.fr',
    ]);
    const french = { title: { fr: 'Titre' }, pages: [{ name: 'p', elements: [make.boolean('b')] }] };
    expectOnly(french, 'title.en', 'is missing', { languages: ['fr'] });
  });

  it('requires the default language instead of English when given one', () => {
    const french = {
      title: { fr: 'Titre' },
      pages: [{ name: 'p', elements: [{ ...make.boolean('b'), title: { fr: 'Oui ?' } }] }],
    };
    const result = expectValid(french, { languages: ['fr'], defaultLanguage: 'fr' });
    expect(result.title).toEqual({ fr: 'Titre' });
    expect(errorsOf(french, { languages: ['fr', 'es'], defaultLanguage: 'fr' }).map((e) => e.field)).toEqual([
      'title.es',
      'pages[0].elements[0].title.es',
    ]);
    expect(errorsOf({ ...french, title: { es: 'Título' } }, { languages: [], defaultLanguage: 'fr' })).toEqual([
      { field: 'title.fr', message: 'is missing: texts are required in fr' },
    ]);
  });

  it('tells missing and blank texts apart from other problems, for a client to word them in its own language', () => {
    const input = { title: { en: 'Survey', fr: ' ' }, pages: [{ name: 'p', elements: [make.boolean('b')] }] };
    const errors = errorsOf(
      { ...input, pages: [{ name: 'p', elements: [{ ...make.boolean('b'), title: { en: 'B' } }] }] },
      {
        languages: ['en', 'fr'],
      },
    );
    expect(errors.map((e) => [e.field, problemKind(e)])).toEqual([
      ['title.fr', 'text-blank'],
      ['pages[0].elements[0].title.fr', 'text-missing'],
    ]);
  });

  it('keeps optional translations beyond the required languages', () => {
    const result = expectValid(
      { title: { en: 'Survey', ar: 'استبيان' }, pages: [{ name: 'p', elements: [make.boolean('b')] }] },
      { languages: ['en'] },
    );
    expect(result.title).toEqual({ en: 'Survey', ar: 'استبيان' });
  });

  it('refuses an unsupported language option, a programming error', () => {
    expect(() => validateQuestionnaire(questionnaire(make.boolean('b')), { languages: ['de' as 'en'] })).toThrow(
      TypeError,
    );
  });
});

describe('validateQuestionnaire: structure', () => {
  it.each([null, [], 'survey', 42, true])('refuses %j as a questionnaire', (input) => {
    expectOnly(input, '', 'must be an object with title and pages');
  });

  it('refuses objects that JSON could not have produced', () => {
    class Survey {
      title = text('S');
      pages = [{ name: 'p', elements: [make.boolean('b')] }];
    }
    expectOnly(new Survey(), '', 'must be an object with title and pages');
    expectValid(Object.assign(Object.create(null) as Json, questionnaire(make.boolean('b'))));
    expectValid(structuredClone(questionnaire(make.boolean('b'))));
  });

  it('refuses unknown properties, naming them when they are identifiers', () => {
    expectOnly(
      { ...questionnaire(make.boolean('b')), showProgressBar: 'top' },
      'showProgressBar',
      'is not allowed here',
    );
    expectOnly({ ...questionnaire(make.boolean('b')), 'not a name!': 1 }, '', 'has a property that is not allowed');
    const page = questionnaire(make.boolean('b'));
    (page.pages as Json[])[0].enableIf = '{b} = true';
    expectOnly(page, 'pages[0].enableIf', 'is not allowed here');
    expectOnly(questionnaire(make.boolean('b', { choices: choices('a') })), `${Q0}.choices`, 'is not allowed here');
    expectOnly(
      questionnaire(make.comment('c', { placeholder: text('…') })),
      `${Q0}.placeholder`,
      'is not allowed here',
    );
  });

  it('requires a title', () => {
    expectOnly({ pages: questionnaire(make.boolean('b')).pages }, 'title', 'is required');
  });

  it('requires pages, as a non-empty array', () => {
    expectOnly({ title: text('S') }, 'pages', 'is required');
    expectOnly({ title: text('S'), pages: {} }, 'pages', 'must be an array of pages');
    expectOnly(
      { title: text('S'), pages: [] },
      'pages',
      'must contain at least one page: a questionnaire needs questions',
    );
  });

  it('limits pages and questions', () => {
    const pages = Array.from({ length: 51 }, (_, i) => ({ name: `p${i}`, elements: [make.boolean(`b${i}`)] }));
    expectOnly({ title: text('S'), pages }, 'pages', 'at most 50 pages');
    const many = Array.from({ length: 201 }, (_, i) => make.boolean(`b${i}`));
    expectOnly(questionnaire(...many), 'pages', 'at most 200 questions in total');
    expectValid(questionnaire(...many.slice(0, 200)));
  });

  it('checks pages', () => {
    expectOnly({ title: text('S'), pages: ['p'] }, 'pages[0]', 'must be an object with name and elements');
    expectOnly({ title: text('S'), pages: [{ elements: [make.boolean('b')] }] }, 'pages[0].name', 'is required');
    expectOnly(
      { title: text('S'), pages: [{ name: 'has space', elements: [make.boolean('b')] }] },
      'pages[0].name',
      'must be a name',
    );
    expectOnly({ title: text('S'), pages: [{ name: 'p' }] }, 'pages[0].elements', 'is required');
    expectOnly({ title: text('S'), pages: [{ name: 'p', elements: 'x' }] }, 'pages[0].elements', 'must be an array');
    expectOnly(
      { title: text('S'), pages: [{ name: 'p', elements: [] }] },
      'pages[0].elements',
      'must contain at least one question',
    );
    expectOnly(
      {
        title: text('S'),
        pages: [
          { name: 'Intro', elements: [make.boolean('a')] },
          { name: 'intro', elements: [make.boolean('b')] },
        ],
      },
      'pages[1].name',
      'repeats the name of an earlier page',
    );
    expectOnly(
      { title: text('S'), pages: [{ name: 'p', title: without(text('Page'), 'fr'), elements: [make.boolean('b')] }] },
      'pages[0].title.fr',
      'is missing',
    );
  });

  it('checks the common question properties', () => {
    expectOnly(questionnaire('x' as unknown as Json), Q0, 'must be an object describing a question');
    expectOnly(questionnaire(without(make.boolean('b'), 'type')), `${Q0}.type`, 'is required');
    expectOnly(
      questionnaire({ ...make.boolean('b'), type: 'imagepicker' }),
      `${Q0}.type`,
      'must be one of rating, radiogroup',
    );
    expectOnly(questionnaire(without(make.boolean('b'), 'name')), `${Q0}.name`, 'is required');
    for (const name of ['', '1st', 'with space', 'a-b', 'x'.repeat(65), 42, '__proto__']) {
      expectOnly(questionnaire(make.boolean('b', { name })), `${Q0}.name`, 'must be a name');
    }
    expectOnly(questionnaire(without(make.boolean('b'), 'title')), `${Q0}.title`, 'is required');
    expectOnly(questionnaire(make.boolean('b', { isRequired: 'yes' })), `${Q0}.isRequired`, 'must be true or false');
    expectOnly(questionnaire(make.boolean('b', { description: 'plain' })), `${Q0}.description`, 'must be an object');
  });

  it('refuses question names used twice, regardless of case and page', () => {
    const input = {
      title: text('S'),
      pages: [
        { name: 'one', elements: [make.boolean('contacted'), make.comment('why')] },
        { name: 'two', elements: [make.rating('Contacted')] },
      ],
    };
    expectOnly(input, 'pages[1].elements[0].name', 'repeats the name of an earlier question');
  });
});

describe('validateQuestionnaire: localised texts', () => {
  const at = `${Q0}.title`;
  const withTitle = (title: unknown) => questionnaire(make.boolean('b', { title }));

  it('requires an object keyed by language', () => {
    expectOnly(withTitle('Plain text'), at, 'must be an object with one text per language');
    expectOnly(withTitle(['en']), at, 'must be an object with one text per language');
  });

  it('names each missing language', () => {
    expect(errorsOf(withTitle(without(text('Title'), 'fr', 'zh')))).toEqual([
      { field: `${at}.fr`, message: 'is missing: texts are required in en, fr, es, ar, zh, ru' },
      { field: `${at}.zh`, message: 'is missing: texts are required in en, fr, es, ar, zh, ru' },
    ]);
  });

  it('refuses unsupported languages, blank, long, non-string and control-character texts', () => {
    expectOnly(
      withTitle({ ...text('T'), de: 'Titel' }),
      `${at}.de`,
      'is not a supported language (en, fr, es, ar, zh, ru)',
    );
    expectOnly(withTitle({ ...text('T'), 'pt-BR': 'Título' }), at, 'has a property that is not a supported language');
    expectOnly(withTitle({ ...text('T'), es: '   ' }), `${at}.es`, 'must not be blank');
    expectOnly(withTitle({ ...text('T'), ar: 'x'.repeat(2001) }), `${at}.ar`, 'must be at most 2000 characters');
    expectValid(withTitle({ ...text('T'), ar: 'x'.repeat(2000) }));
    expectOnly(withTitle({ ...text('T'), ru: 7 }), `${at}.ru`, 'must be a string');
    expectOnly(withTitle({ ...text('T'), zh: 'a\u0000b' }), `${at}.zh`, 'must not contain control characters');
    expectValid(withTitle({ ...text('T'), zh: 'line\nbreak\tand tab' }));
  });

  it('refuses "default" next to "en"', () => {
    expectOnly(withTitle({ ...text('T'), default: 'T' }), `${at}.default`, 'repeats the English text');
  });

  it('checks texts wherever they appear', () => {
    const noFrench = without(text('x'), 'fr');
    const cases: [Json, string][] = [
      [{ ...questionnaire(make.boolean('b')), description: noFrench }, 'description.fr'],
      [questionnaire(make.boolean('b', { description: noFrench })), `${Q0}.description.fr`],
      [questionnaire(make.boolean('b', { labelTrue: noFrench })), `${Q0}.labelTrue.fr`],
      [questionnaire(make.boolean('b', { labelFalse: noFrench })), `${Q0}.labelFalse.fr`],
      [questionnaire(make.rating('r', { minRateDescription: noFrench })), `${Q0}.minRateDescription.fr`],
      [questionnaire(make.rating('r', { maxRateDescription: noFrench })), `${Q0}.maxRateDescription.fr`],
      [
        questionnaire(make.radiogroup('c', { choices: [...choices('a'), { value: 'b', text: noFrench }] })),
        `${Q0}.choices[1].text.fr`,
      ],
      [questionnaire(make.matrix('m', { rows: [{ value: 'r', text: noFrench }] })), `${Q0}.rows[0].text.fr`],
      [
        questionnaire(make.matrix('m', { columns: [...choices(1), { value: 2, text: noFrench }] })),
        `${Q0}.columns[1].text.fr`,
      ],
    ];
    for (const [input, field] of cases) expectOnly(input, field, 'is missing');
  });
});

describe('validateQuestionnaire: ratings', () => {
  it('requires whole-number bounds', () => {
    expectOnly(questionnaire(without(make.rating('r'), 'rateMin')), `${Q0}.rateMin`, 'is required');
    expectOnly(questionnaire(make.rating('r', { rateMax: 4.5 })), `${Q0}.rateMax`, 'must be a whole number');
    expectOnly(questionnaire(make.rating('r', { rateMax: '5' })), `${Q0}.rateMax`, 'must be a whole number');
  });

  it('requires rateMin below rateMax and at most 11 points', () => {
    expectOnly(
      questionnaire(make.rating('r', { rateMin: 5, rateMax: 5 })),
      `${Q0}.rateMax`,
      'must be greater than rateMin',
    );
    expectOnly(
      questionnaire(make.rating('r', { rateMin: 6, rateMax: 1 })),
      `${Q0}.rateMax`,
      'must be greater than rateMin',
    );
    expectOnly(questionnaire(make.rating('r', { rateMin: 0, rateMax: 11 })), `${Q0}.rateMax`, 'at most 11');
    expectValid(questionnaire(make.rating('r', { rateMin: -5, rateMax: 5 })));
  });

  it('accepts rateStep and rateCount only when they agree', () => {
    expectOnly(questionnaire(make.rating('r', { rateStep: 2 })), `${Q0}.rateStep`, 'must be 1');
    expectOnly(
      questionnaire(make.rating('r', { rateCount: 10 })),
      `${Q0}.rateCount`,
      'must equal rateMax - rateMin + 1',
    );
    expectValid(questionnaire(make.rating('r', { rateStep: 1, rateCount: 5 })));
  });

  it('checks the rating kind against its range', () => {
    expectOnly(questionnaire(make.rating('r', { ratingKind: 'stars' })), `${Q0}.ratingKind`, 'must be one of nps');
    expectOnly(
      questionnaire(make.rating('r', { ratingKind: 'nps' })),
      `${Q0}.ratingKind`,
      'nps needs rateMin 0 and rateMax 10',
    );
    expectOnly(
      questionnaire(make.rating('r', { rateMin: 0, rateMax: 4, ratingKind: 'satisfaction' })),
      `${Q0}.ratingKind`,
      'satisfaction needs rateMin 1 and rateMax 5',
    );
    expectValid(questionnaire(make.rating('r', { rateMin: 0, rateMax: 10, ratingKind: 'nps' })));
    expectValid(questionnaire(make.rating('r', { ratingKind: 'satisfaction' })));
    expectValid(questionnaire(make.rating('r', { rateMin: 1, rateMax: 7, ratingKind: 'scale' })));
  });
});

describe('validateQuestionnaire: choices, rows and columns', () => {
  it('requires a non-empty array of at most 100', () => {
    expectOnly(questionnaire(without(make.radiogroup('c'), 'choices')), `${Q0}.choices`, 'is required');
    expectOnly(questionnaire(make.dropdown('c', { choices: 'a,b' })), `${Q0}.choices`, 'must be an array');
    expectOnly(questionnaire(make.checkbox('c', { choices: [] })), `${Q0}.choices`, 'at least one');
    const many = choices(...Array.from({ length: 101 }, (_, i) => i));
    expectOnly(questionnaire(make.dropdown('c', { choices: many })), `${Q0}.choices`, 'at most 100');
    expectValid(questionnaire(make.dropdown('c', { choices: many.slice(0, 100) })));
  });

  it('checks each entry', () => {
    const list = (...extra: unknown[]) => questionnaire(make.radiogroup('c', { choices: [...choices('a'), ...extra] }));
    expectOnly(list('b'), `${Q0}.choices[1]`, 'must be an object with value and text');
    expectOnly(list({ text: text('B') }), `${Q0}.choices[1].value`, 'is required');
    expectOnly(list({ value: 'b' }), `${Q0}.choices[1].text`, 'is required');
    expectOnly(
      list({ value: 'b', text: text('B'), visibleIf: 'x' }),
      `${Q0}.choices[1].visibleIf`,
      'is not allowed here',
    );
  });

  it('takes numbers or codes as values', () => {
    const valueAt = `${Q0}.choices[0].value`;
    for (const value of ['has space', '1st', '-a', 'é', '', 'x'.repeat(65), true, null, { v: 1 }, [1]]) {
      expectOnly(questionnaire(make.radiogroup('c', { choices: [{ value, text: text('A') }] })), valueAt, 'must be a');
    }
    expectOnly(
      questionnaire(make.radiogroup('c', { choices: [{ value: Infinity, text: text('A') }] })),
      valueAt,
      'must be a finite number',
    );
    for (const value of ['true', 'False', 'null', 'undefined']) {
      expectOnly(
        questionnaire(make.radiogroup('c', { choices: [{ value, text: text('A') }] })),
        valueAt,
        'SurveyJS conditions read these as keywords',
      );
    }
    expectValid(questionnaire(make.radiogroup('c', { choices: choices('a-b_c', 'Z9', 0, -1, 2.5) })));
  });

  it('refuses repeated values, text values regardless of case', () => {
    expectOnly(
      questionnaire(make.radiogroup('c', { choices: choices('a', 'b', 'a') })),
      `${Q0}.choices[2].value`,
      'repeats',
    );
    expectOnly(
      questionnaire(make.checkbox('c', { choices: choices('pct', 'PCT') })),
      `${Q0}.choices[1].value`,
      'repeats',
    );
    expectOnly(questionnaire(make.dropdown('c', { choices: choices(1, 2, 1) })), `${Q0}.choices[2].value`, 'repeats');
    expectValid(questionnaire(make.dropdown('c', { choices: choices(1, 'one') })));
  });

  it('checks maxSelectedChoices against the choices', () => {
    for (const max of [0, 4, 1.5, '2']) {
      expectOnly(
        questionnaire(make.checkbox('c', { maxSelectedChoices: max })),
        `${Q0}.maxSelectedChoices`,
        'from 1 to the number of choices',
      );
    }
    expectValid(questionnaire(make.checkbox('c', { maxSelectedChoices: 3 })));
  });

  it('takes codes only as matrix rows, and numbers or codes as columns', () => {
    expectOnly(questionnaire(make.matrix('m', { rows: choices('a', 2) })), `${Q0}.rows[1].value`, 'must be a code');
    expectOnly(questionnaire(make.matrix('m', { rows: choices('a', 'A') })), `${Q0}.rows[1].value`, 'repeats');
    expectOnly(questionnaire(make.matrix('m', { columns: [] })), `${Q0}.columns`, 'at least one');
    expectOnly(questionnaire(make.matrix('m', { columns: choices(1, 1) })), `${Q0}.columns[1].value`, 'repeats');
    expectValid(
      questionnaire(make.matrix('m', { rows: choices('constructor', 'toString'), columns: choices('no', 'yes') })),
    );
  });

  it('keeps eachRowRequired in step with isRequired', () => {
    expectOnly(
      questionnaire(make.matrix('m', { eachRowRequired: true })),
      `${Q0}.eachRowRequired`,
      'exactly when isRequired',
    );
    expectOnly(
      questionnaire(make.matrix('m', { isRequired: true, eachRowRequired: false })),
      `${Q0}.eachRowRequired`,
      'exactly when isRequired',
    );
    expect(
      expectValid(questionnaire(make.matrix('m', { isRequired: true, eachRowRequired: true }))).pages[0].elements[0],
    ).toMatchObject({ eachRowRequired: true });
    expect(
      expectValid(questionnaire(make.matrix('m', { eachRowRequired: false }))).pages[0].elements[0],
    ).not.toHaveProperty('eachRowRequired');
  });
});

describe('validateQuestionnaire: comments', () => {
  it('bounds maxLength and defaults it to 2000', () => {
    for (const maxLength of [0, 10001, 12.5, '100']) {
      expectOnly(questionnaire(make.comment('c', { maxLength })), `${Q0}.maxLength`, 'from 1 to 10000');
    }
    expect(expectValid(questionnaire(make.comment('c', { maxLength: 10000 }))).pages[0].elements[0]).toMatchObject({
      maxLength: 10000,
    });
    expect(expectValid(questionnaire(make.comment('c'))).pages[0].elements[0]).toMatchObject({ maxLength: 2000 });
  });
});

describe('validateQuestionnaire: conditions', () => {
  const at = `${Q1}.visibleIf`;
  const after = (first: Json, visibleIf: unknown) => questionnaire(first, make.comment('later', { visibleIf }));

  it('must be a string that parses', () => {
    expectOnly(after(make.rating('r'), 5), at, 'must be a string holding a condition');
    expectOnly(after(make.rating('r'), '{r} >'), at, 'does not parse: expected a value');
    expectOnly(after(make.rating('r'), ''), at, 'does not parse: the condition is empty');
    expect(errorsOf(after(make.rating('r'), '{r} = 1 AND {r} = 2'))).toEqual([
      { field: at, message: 'does not parse: keywords are written in lower case at character 9' },
    ]);
  });

  it('may only refer to earlier questions, by their exact name', () => {
    expectOnly(after(make.rating('r'), '{missing} = 1'), at, 'refers to a question that does not exist at character 1');
    expectOnly(after(make.rating('r'), '{R} = 1'), at, 'refers to a question that does not exist');
    expectOnly(after(make.rating('r'), '{later} empty'), at, 'refers to its own question');
    expectOnly(
      questionnaire(make.comment('first', { visibleIf: '{second} = true' }), make.boolean('second')),
      `${Q0}.visibleIf`,
      'refers to a later question at character 1: conditions may only use earlier answers',
    );
    const acrossPages = {
      title: text('S'),
      pages: [
        { name: 'a', elements: [make.boolean('contacted')] },
        { name: 'b', elements: [make.comment('why', { visibleIf: '{contacted} = true' })] },
      ],
    };
    expectValid(acrossPages);
  });

  it('reports every bad comparison with its position', () => {
    expect(errorsOf(after(make.rating('r'), '{r} = 1 or {x} = 2 or {later} = 3'))).toEqual([
      { field: at, message: 'refers to a question that does not exist at character 12' },
      { field: at, message: 'refers to its own question at character 23' },
    ]);
  });

  it('fits ratings', () => {
    expectValid(after(make.rating('r'), '{r} >= 4 and {r} < 4.5 or {r} = 1 or {r} != 5 or {r} empty'));
    expectOnly(after(make.rating('r'), '{r} = 6'), at, 'compares a rating with a value outside its scale');
    expectOnly(after(make.rating('r'), '{r} != 2.5'), at, 'outside its scale');
    expectOnly(after(make.rating('r'), "{r} = '5'"), at, 'compares a rating with something other than a number');
    expectOnly(after(make.rating('r'), '{r} = true'), at, 'something other than a number');
    expectOnly(after(make.rating('r'), '{r} contains 5'), at, 'cannot use contains or notcontains on a rating');
  });

  it('fits single-choice questions', () => {
    expectValid(after(make.radiogroup('c'), "{c} = 'pct' or {c} != 'hague' or {c} notempty"));
    expectValid(after(make.dropdown('c'), '{c} = 1 or {c} > 1 or {c} <= 2'));
    expectOnly(
      after(make.radiogroup('c'), "{c} = 'PCT'"),
      at,
      "compares with a value that is not one of the question's choices",
    );
    expectOnly(after(make.dropdown('c'), "{c} = '1'"), at, "not one of the question's choices");
    expectOnly(
      after(make.radiogroup('c'), "{c} > 'pct'"),
      at,
      'orders only questions whose choice values are all numbers',
    );
    expectOnly(after(make.dropdown('c'), "{c} > '1'"), at, 'orders only questions whose choice values are all numbers');
    expectOnly(after(make.radiogroup('c'), "{c} contains 'pct'"), at, 'which are for checkbox questions');
  });

  it('fits checkbox questions', () => {
    expectValid(after(make.checkbox('c'), "{c} contains 'email' and {c} notcontains 'phone' or {c} empty"));
    expectOnly(
      after(make.checkbox('c'), "{c} contains 'fax'"),
      at,
      "looks for a value that is not one of the question's choices",
    );
    expectOnly(after(make.checkbox('c'), "{c} = 'email'"), at, 'can only test a checkbox question with contains');
  });

  it('fits yes/no, free-text and matrix questions', () => {
    expectValid(after(make.boolean('b'), '{b} = true or {b} != false or {b} empty'));
    expectOnly(
      after(make.boolean('b'), '{b} = 1'),
      at,
      'compares a yes/no question with something other than true or false',
    );
    expectOnly(after(make.boolean('b'), '{b} > 0'), at, 'can only test a yes/no question with =');
    expectValid(after(make.comment('c'), '{c} notempty or {c} empty'));
    expectOnly(after(make.comment('c'), "{c} = 'x'"), at, 'can only test a free-text question with empty or notempty');
    expectOnly(after(make.comment('c'), "{c} contains 'x'"), at, 'free-text');
    expectOnly(after(make.matrix('m'), '{m} notempty'), at, 'cannot test a matrix question');
  });

  it('does not judge comparisons on a question that is itself invalid', () => {
    expectOnly(after(make.rating('r', { rateMax: 'x' }), '{r} = 3'), `${Q0}.rateMax`, 'must be a whole number');
  });

  it('stores the condition trimmed', () => {
    expect(expectValid(after(make.rating('r'), '  {r} <= 2 ')).pages[0].elements[1].visibleIf).toBe('{r} <= 2');
  });
});

describe('validateQuestionnaire: messages', () => {
  const SECRET = 'Sekret-4242-value';

  it('never repeat a submitted value, and name keys only when they are identifiers', () => {
    const input = {
      title: { ...text('S'), [SECRET]: SECRET },
      [SECRET]: SECRET,
      description: SECRET,
      pages: [
        {
          name: SECRET,
          [`${SECRET} `]: 1,
          elements: [
            { type: SECRET, name: SECRET, title: SECRET },
            make.rating('r', { rateMin: SECRET, ratingKind: SECRET }),
            make.radiogroup('c', {
              choices: [{ value: SECRET, text: { ...text('A'), en: `${SECRET}${'!'.repeat(3000)}` } }],
            }),
            make.comment('why', { visibleIf: `{r} = '${SECRET}' and {${SECRET}} = 1 or {nothing} = ${SECRET}` }),
            make.comment('why2', { visibleIf: `{r} = '${SECRET}'` }),
            make.checkbox('d', { maxSelectedChoices: SECRET }),
          ],
        },
      ],
    };
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThan(8);
    for (const { field, message } of errors) {
      expect(field).not.toContain('Sekret');
      expect(message).not.toContain('Sekret');
      expect(message).not.toContain('4242');
    }
  });

  it('lists at most 100 problems, then says more were left out', () => {
    const input: Json = questionnaire(make.boolean('b'));
    for (let i = 0; i < 150; i += 1) input[`extra${i}`] = i;
    const errors = errorsOf(input);
    expect(errors).toHaveLength(101);
    expect(errors[99]).toEqual({ field: 'extra99', message: 'is not allowed here' });
    expect(errors[100]).toEqual({ field: '', message: 'too many problems: only the first 100 are listed' });
  });
});
