import { sampleSatisfactionQuestionnaire } from './sample';
import type { Questionnaire, QuestionnaireProblem } from './types';
import { validateAnswers, type ValidateAnswersOptions } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;

const sample = sampleSatisfactionQuestionnaire();

/** A complete, valid answer set for the sample questionnaire. */
function complete(): Json {
  return {
    nps: 9,
    satisfaction: 4,
    mainService: 'pct',
    channels: ['email', 'eservices'],
    filerType: 'attorney',
    contactedSupport: true,
    support: { courtesy: 5, timeliness: 4, clarity: 3 },
    suggestions: '  Faster replies, please.  ',
  };
}

/** An English-only questionnaire from bare question objects, validated. */
function build(...elements: Json[]): Questionnaire {
  const result = validateQuestionnaire(
    {
      title: { en: 'Test' },
      pages: [{ name: 'p', elements: elements.map((element) => ({ title: { en: 'Q' }, ...element })) }],
    },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(`test questionnaire is invalid: ${JSON.stringify(result.errors)}`);
  return result.questionnaire;
}

function errorsOf(questionnaire: Questionnaire, answers: unknown, options?: ValidateAnswersOptions) {
  const result = validateAnswers(questionnaire, answers, options);
  if (result.ok) throw new Error('expected the answers to be refused');
  return result.errors;
}

function expectOnly(
  answers: unknown,
  field: string,
  message: string,
  questionnaire: Questionnaire = sample,
  options?: ValidateAnswersOptions,
): void {
  expect(errorsOf(questionnaire, answers, options)).toEqual([{ field, message: expect.stringContaining(message) }]);
}

function accepted(questionnaire: Questionnaire, answers: unknown, options?: ValidateAnswersOptions) {
  const result = validateAnswers(questionnaire, answers, options);
  if (!result.ok) throw new Error(`expected the answers to be accepted: ${JSON.stringify(result.errors)}`);
  return result.answers;
}

describe('validateAnswers: accepted answer sets', () => {
  it('accepts a complete answer set and returns it cleaned, in questionnaire order', () => {
    const answers = complete();
    const result = accepted(sample, answers);
    expect(result).toEqual({
      nps: 9,
      satisfaction: 4,
      mainService: 'pct',
      channels: ['eservices', 'email'],
      filerType: 'attorney',
      contactedSupport: true,
      support: { timeliness: 4, clarity: 3, courtesy: 5 },
      suggestions: 'Faster replies, please.',
    });
    expect(Object.keys(result)).toEqual(Object.keys(result).sort((a, b) => order(a) - order(b)));
    expect(Object.keys(result.support as Json)).toEqual(['timeliness', 'clarity', 'courtesy']);
    expect(result).not.toBe(answers);
    expect(answers.suggestions).toBe('  Faster replies, please.  ');
  });

  it('leaves out unanswered questions: null, blank text, empty lists and empty matrices', () => {
    const result = accepted(sample, {
      ...complete(),
      channels: [],
      filerType: null,
      suggestions: ' \n ',
      contactedSupport: false,
      support: undefined,
    });
    expect(result).toEqual({ nps: 9, satisfaction: 4, mainService: 'pct', contactedSupport: false });
    const matrix = build({ type: 'matrix', name: 'm', rows: rows('a', 'b'), columns: rows('x') });
    expect(accepted(matrix, { m: {} })).toEqual({});
    expect(accepted(matrix, { m: { a: null, b: 'x' } })).toEqual({ m: { b: 'x' } });
  });

  it('accepts 0 and false as answers', () => {
    expect(
      accepted(sample, { ...complete(), nps: 0, npsReason: 'Slow', contactedSupport: false, support: undefined }),
    ).toMatchObject({ nps: 0, npsReason: 'Slow', contactedSupport: false });
  });
});

function order(name: string): number {
  return sample.pages.flatMap((page) => page.elements).findIndex((question) => question.name === name);
}

function rows(...values: string[]) {
  return values.map((value) => ({ value, text: { en: value } }));
}

describe('validateAnswers: shape', () => {
  it.each([null, [], 'answers', 3, true, new Date(0), new Map([['nps', 9]])])(
    'refuses %p as an answer set',
    (answers) => {
      expect(errorsOf(sample, answers)).toEqual([
        { field: 'answers', message: 'must be an object keyed by question name' },
      ]);
    },
  );

  it('refuses answers to questions the questionnaire does not have', () => {
    expectOnly({ ...complete(), age: 42 }, 'answers.age', 'is not a question of this questionnaire');
    expectOnly(
      { ...complete(), 'e-mail': 'x' },
      'answers',
      'has a property that is not a question of this questionnaire',
    );
    expectOnly({ ...complete(), toString: 1 }, 'answers.toString', 'is not a question of this questionnaire');
  });

  it('reads only own properties, so inherited names do not pass for answers', () => {
    const q = build({ type: 'comment', name: 'constructor', isRequired: true });
    expectOnly({}, 'answers.constructor', 'is required', q);
    expect(accepted(q, { constructor: 'fine' })).toEqual({ constructor: 'fine' });
    expect(accepted(q, Object.assign(Object.create(null) as Json, { constructor: 'ok' }))).toEqual({
      constructor: 'ok',
    });
  });
});

describe('validateAnswers: types', () => {
  it('takes whole numbers within the scale for ratings', () => {
    for (const nps of ['9', 9.5, 11, -1, true, [9], { v: 9 }]) {
      expectOnly({ ...complete(), nps }, 'answers.nps', 'must be a whole number from 0 to 10');
    }
    expectOnly({ ...complete(), satisfaction: 0 }, 'answers.satisfaction', 'from 1 to 5');
  });

  it('takes exactly one of the choices for single-choice questions, strictly by type and case', () => {
    for (const mainService of ['PCT', ' pct', 'fax', 1, ['pct'], true]) {
      expectOnly({ ...complete(), mainService }, 'answers.mainService', "must be one of the question's choices");
    }
    expectOnly({ ...complete(), filerType: 'lawyer' }, 'answers.filerType', "must be one of the question's choices");
    const numeric = build({
      type: 'dropdown',
      name: 'size',
      choices: [1, 2, 3].map((value) => ({ value, text: { en: 'n' } })),
    });
    expectOnly({ size: '2' }, 'answers.size', "must be one of the question's choices", numeric);
    expect(accepted(numeric, { size: 2 })).toEqual({ size: 2 });
  });

  it('takes a list of distinct choices for checkbox questions', () => {
    expectOnly({ ...complete(), channels: 'email' }, 'answers.channels', "must be an array of the question's choices");
    expectOnly(
      { ...complete(), channels: ['email', 'fax'] },
      'answers.channels',
      'contains a value that is not one of',
    );
    expectOnly({ ...complete(), channels: ['email', 'email'] }, 'answers.channels', 'must not list a choice twice');
    expectOnly(
      { ...complete(), channels: ['email', 'phone', 'webinar', 'eservices', 'email'] },
      'answers.channels',
      'has more entries than the question has choices',
    );
    const limited = build({ type: 'checkbox', name: 'c', choices: rows('a', 'b', 'c'), maxSelectedChoices: 2 });
    expectOnly({ c: ['a', 'b', 'c'] }, 'answers.c', 'allows at most 2 choices', limited);
    expect(accepted(limited, { c: ['b', 'a'] })).toEqual({ c: ['a', 'b'] });
  });

  it('takes true or false for yes/no questions', () => {
    for (const contactedSupport of ['true', 1, 'yes']) {
      expectOnly(
        { ...complete(), contactedSupport, support: undefined },
        'answers.contactedSupport',
        'must be true or false',
      );
    }
  });

  it('takes text within maxLength for comments, trimmed', () => {
    expectOnly({ ...complete(), suggestions: 42 }, 'answers.suggestions', 'must be a string');
    expectOnly(
      { ...complete(), suggestions: 'x'.repeat(2001) },
      'answers.suggestions',
      'must be at most 2000 characters',
    );
    expect(accepted(sample, { ...complete(), suggestions: ` ${'x'.repeat(2000)} ` }).suggestions).toHaveLength(2000);
    expectOnly(
      { ...complete(), suggestions: 'a\u0000b' },
      'answers.suggestions',
      'must not contain control characters',
    );
    const short = build({ type: 'comment', name: 'c', maxLength: 5 });
    expectOnly({ c: 'toolong' }, 'answers.c', 'must be at most 5 characters', short);
    expect(accepted(short, { c: '  short  ' })).toEqual({ c: 'short' });
  });

  it('takes an object of known rows and allowed columns for matrices', () => {
    expectOnly(
      { ...complete(), support: [4, 4, 4] },
      'answers.support',
      'must be an object giving a column for each row',
    );
    expectOnly(
      { ...complete(), support: { ...(complete().support as Json), speed: 3 } },
      'answers.support.speed',
      'is not a row of this matrix',
    );
    expectOnly(
      { ...complete(), support: { ...(complete().support as Json), 'not a row': 3 } },
      'answers.support',
      'has a property that is not a row of this matrix',
    );
    expectOnly(
      { ...complete(), support: { timeliness: 4, clarity: '3', courtesy: 5 } },
      'answers.support.clarity',
      "must be one of the matrix's columns",
    );
    expectOnly(
      { ...complete(), support: { timeliness: 4, clarity: 6, courtesy: 5 } },
      'answers.support.clarity',
      'columns',
    );
  });
});

describe('validateAnswers: required questions', () => {
  it('requires every required question that is visible', () => {
    const errors = errorsOf(sample, {});
    expect(errors).toEqual([
      { field: 'answers.nps', message: 'is required' },
      { field: 'answers.satisfaction', message: 'is required' },
      { field: 'answers.mainService', message: 'is required' },
      { field: 'answers.contactedSupport', message: 'is required' },
    ]);
  });

  it('counts blank text, empty lists and empty matrices as unanswered', () => {
    const q = build(
      { type: 'comment', name: 'c', isRequired: true },
      { type: 'checkbox', name: 'k', isRequired: true, choices: rows('a') },
      { type: 'matrix', name: 'm', isRequired: true, rows: rows('r1', 'r2'), columns: rows('x') },
    );
    expect(errorsOf(q, { c: '   ', k: [], m: {} })).toEqual([
      { field: 'answers.c', message: 'is required' },
      { field: 'answers.k', message: 'is required' },
      { field: 'answers.m', message: 'is required' },
    ]);
  });

  it('requires every row of a required matrix', () => {
    expect(errorsOf(sample, { ...complete(), support: { clarity: 4 } })).toEqual([
      { field: 'answers.support.timeliness', message: 'is required: every row of this matrix needs an answer' },
      { field: 'answers.support.courtesy', message: 'is required: every row of this matrix needs an answer' },
    ]);
  });

  it('lets an optional matrix be answered in part', () => {
    const q = build({ type: 'matrix', name: 'm', rows: rows('r1', 'r2'), columns: rows('x') });
    expect(accepted(q, { m: { r2: 'x' } })).toEqual({ m: { r2: 'x' } });
  });

  it('does not require a required question its condition hides', () => {
    // support is required, but only shown to those who contacted customer service.
    expect(accepted(sample, { ...complete(), contactedSupport: false, support: undefined })).not.toHaveProperty(
      'support',
    );
    expectOnly({ ...complete(), support: undefined }, 'answers.support', 'is required');
    const q = build(
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', isRequired: true, visibleIf: '{nps} <= 6' },
    );
    expect(accepted(q, { nps: 9 })).toEqual({ nps: 9 });
    expect(accepted(q, {})).toEqual({});
    expectOnly({ nps: 6 }, 'answers.why', 'is required', q);
  });
});

describe('validateAnswers: hidden questions', () => {
  it('refuses an answer to a question its condition hides', () => {
    expectOnly(
      { ...complete(), nps: 9, npsReason: 'Too slow' },
      'answers.npsReason',
      'answers a question that its condition hides',
    );
    expect(accepted(sample, { ...complete(), nps: 6, npsReason: 'Too slow' })).toMatchObject({ npsReason: 'Too slow' });
    expectOnly(
      { ...complete(), contactedSupport: false },
      'answers.support',
      'answers a question that its condition hides',
    );
  });

  it('ignores blank answers to hidden questions, as they are no answers', () => {
    expect(accepted(sample, { ...complete(), npsReason: '  ' })).not.toHaveProperty('npsReason');
    expect(accepted(sample, { ...complete(), contactedSupport: false, support: {} })).not.toHaveProperty('support');
  });

  it('reports only the hiding, not the type, of an answer that should not be there', () => {
    expectOnly(
      { ...complete(), nps: 10, npsReason: 42 },
      'answers.npsReason',
      'answers a question that its condition hides',
    );
  });

  it('hides in cascade: an answer hidden by its condition counts for nothing in later conditions', () => {
    const q = build(
      { type: 'radiogroup', name: 'q1', choices: rows('yes', 'no') },
      { type: 'comment', name: 'q2', visibleIf: "{q1} = 'yes'" },
      { type: 'boolean', name: 'q3', isRequired: true, visibleIf: '{q2} notempty' },
    );
    expect(accepted(q, { q1: 'yes', q2: 'Because', q3: true })).toEqual({ q1: 'yes', q2: 'Because', q3: true });
    expectOnly({ q1: 'yes', q2: 'Because' }, 'answers.q3', 'is required', q);
    expect(errorsOf(q, { q1: 'no', q2: 'Because', q3: true })).toEqual([
      { field: 'answers.q2', message: 'answers a question that its condition hides' },
      { field: 'answers.q3', message: 'answers a question that its condition hides' },
    ]);
    // q2 is hidden, so q3 is too and is not required.
    expectOnly({ q1: 'no', q2: 'Because' }, 'answers.q2', 'hides', q);
  });

  it('does not judge questions whose visibility hangs on an invalid answer', () => {
    const q = build(
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', isRequired: true, visibleIf: '{nps} <= 6' },
      { type: 'comment', name: 'more', visibleIf: '{why} notempty' },
    );
    // Neither "why is required" nor "more is hidden" can be decided, so neither is claimed.
    expectOnly({ nps: 'nine', more: 'x' }, 'answers.nps', 'must be a whole number', q);
    // Types are checked all the same.
    expect(errorsOf(q, { nps: 'nine', why: 3 })).toEqual([
      { field: 'answers.nps', message: 'must be a whole number from 0 to 10' },
      { field: 'answers.why', message: 'must be a string' },
    ]);
  });

  it('combines conditions with and before or', () => {
    const q = build(
      { type: 'boolean', name: 'a' },
      { type: 'boolean', name: 'b' },
      { type: 'boolean', name: 'c' },
      { type: 'comment', name: 'shown', visibleIf: '{a} = true or {b} = true and {c} = true' },
    );
    expect(accepted(q, { a: true, b: false, c: false, shown: 'x' })).toMatchObject({ shown: 'x' });
    expectOnly({ a: false, b: true, c: false, shown: 'x' }, 'answers.shown', 'hides', q);
  });
});

describe('validateAnswers: partial answer sets (drafts)', () => {
  it('does not require anything', () => {
    expect(accepted(sample, {}, { partial: true })).toEqual({});
    expect(accepted(sample, { nps: 3 }, { partial: true })).toEqual({ nps: 3 });
    expect(accepted(sample, { ...complete(), support: { clarity: 2 } }, { partial: true })).toMatchObject({
      support: { clarity: 2 },
    });
  });

  it('still checks types, names and visibility', () => {
    expectOnly({ nps: 'high' }, 'answers.nps', 'must be a whole number', sample, { partial: true });
    expectOnly({ age: 3 }, 'answers.age', 'is not a question', sample, { partial: true });
    expectOnly({ nps: 10, npsReason: 'x' }, 'answers.npsReason', 'hides', sample, { partial: true });
    expectOnly({ support: { clarity: 2 } }, 'answers.support', 'hides', sample, { partial: true });
  });
});

describe('validateAnswers: messages', () => {
  const SECRET = 'Sekret-4242-value';

  it('never repeat a submitted value', () => {
    const errors: QuestionnaireProblem[] = errorsOf(sample, {
      nps: SECRET,
      npsReason: SECRET,
      satisfaction: 9,
      mainService: SECRET,
      channels: [SECRET],
      filerType: { [SECRET]: SECRET },
      contactedSupport: SECRET,
      support: { [SECRET]: SECRET, timeliness: SECRET },
      suggestions: SECRET.repeat(500),
      [SECRET]: SECRET,
      [`${SECRET}_key`]: 1,
    });
    expect(errors.length).toBeGreaterThan(8);
    for (const { field, message } of errors) {
      expect(message).not.toContain('Sekret');
      expect(message).not.toContain('4242');
      expect(field).not.toContain('Sekret');
    }
    expect(errorsOf(build({ type: 'comment', name: 'c', maxLength: 3 }), { c: SECRET })).toEqual([
      { field: 'answers.c', message: 'must be at most 3 characters' },
    ]);
  });

  it('lists at most 100 problems, then says more were left out', () => {
    const answers: Json = {};
    for (let i = 0; i < 120; i += 1) answers[`unknown${i}`] = i;
    const errors = errorsOf(sample, answers, { partial: true });
    expect(errors).toHaveLength(101);
    expect(errors[100]).toEqual({ field: '', message: 'too many problems: only the first 100 are listed' });
  });
});
