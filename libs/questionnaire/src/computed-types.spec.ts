import fc from 'fast-check';
import { evaluateExpression, parseExpression } from './expressions';
import { pipeText } from './piping';
import { sliderPointCount } from './questions';
import type { Questionnaire, SliderQuestion } from './types';
import { sliderPoint, validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });

function check(elements: Json[]) {
  return validateQuestionnaire(
    { title: en('T'), pages: [{ name: 'p', elements: elements.map((e) => ({ title: en('Q'), ...e })) }] },
    { languages: ['en'] },
  );
}

function build(elements: Json[]): Questionnaire {
  const result = check(elements);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

function fieldsOf(result: ReturnType<typeof check> | ReturnType<typeof validateAnswers>): string[] {
  return result.ok ? [] : result.errors.map((error) => error.field);
}

const RANKING = {
  type: 'ranking',
  name: 'priorities',
  isRequired: true,
  choices: [
    { value: 'speed', text: en('Speed') },
    { value: 'price', text: en('Price') },
    { value: 3, text: en('Three') },
    { value: 'help', text: en('Help') },
  ],
};

describe('ranking questions', () => {
  const q = build([RANKING]);
  const values = ['speed', 'price', 3, 'help'];

  it('keeps the choices and refuses too few or too many, and selectToRankEnabled', () => {
    expect(q.pages[0].elements[0]).toMatchObject({ type: 'ranking', choices: RANKING.choices });
    expect(fieldsOf(check([{ ...RANKING, choices: RANKING.choices.slice(0, 1) }]))).toEqual([
      'pages[0].elements[0].choices',
    ]);
    const many = Array.from({ length: 21 }, (_, i) => ({ value: `c${i}`, text: en(`C${i}`) }));
    expect(fieldsOf(check([{ ...RANKING, choices: many }]))).toEqual(['pages[0].elements[0].choices']);
    expect(fieldsOf(check([{ ...RANKING, selectToRankEnabled: true }]))).toEqual([
      'pages[0].elements[0].selectToRankEnabled',
    ]);
  });

  it('accepts every order of all the choices, kept as given (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(values, { minLength: 4, maxLength: 4 }), (order) => {
        const result = validateAnswers(q, { priorities: order });
        expect(result).toEqual({ ok: true, answers: { priorities: order } });
      }),
    );
  });

  it('refuses duplicates, unknown values, partial rankings and non-arrays, naming the field (property)', () => {
    const bad = fc.oneof(
      // A repeat in place of one choice.
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => values.map((v, i) => (i === a ? values[b] : v))),
      // An unknown value (the text "3" is not the number 3).
      fc.constantFrom<unknown[]>(['speed', 'price', '3', 'help'], ['speed', 'price', 3, 'other']),
      // Some choices only.
      fc.shuffledSubarray(values, { minLength: 1, maxLength: 3 }),
      fc.constantFrom<unknown>('speed', 3, { speed: 1 }, true),
    );
    fc.assert(
      fc.property(bad, (answer) => {
        expect(fieldsOf(validateAnswers(q, { priorities: answer }))).toEqual(['answers.priorities']);
      }),
    );
  });

  it('is required like other questions: an empty array is no answer', () => {
    expect(fieldsOf(validateAnswers(q, { priorities: [] }))).toEqual(['answers.priorities']);
    expect(validateAnswers(q, { priorities: [] }, { partial: true })).toEqual({ ok: true, answers: {} });
  });

  it('can only be tested with empty or notempty, and pipes as the ranked texts', () => {
    const ranked = build([
      { ...RANKING, isRequired: false },
      { type: 'comment', name: 'why', visibleIf: '{priorities} notempty', title: en('Why {priorities}?') },
    ]);
    expect(
      fieldsOf(check([RANKING, { type: 'comment', name: 'why', visibleIf: "{priorities} contains 'speed'" }])),
    ).toEqual(['pages[0].elements[1].visibleIf']);
    expect(
      pipeText('{priorities}', ranked, { priorities: ['help', 3, 'speed', 'price'] }, 'en', { yes: 'y', no: 'n' }),
    ).toBe('Help, Three, Speed, Price');
  });
});

const SLIDER = { type: 'slider', name: 'effort', min: -1, max: 2, step: 0.5 };

describe('slider questions', () => {
  it('writes out SurveyJS defaults, and refuses bad scales', () => {
    expect(build([{ type: 'slider', name: 's' }]).pages[0].elements[0]).toMatchObject({ min: 0, max: 100, step: 1 });
    expect(build([{ ...SLIDER, sliderType: 'single' }]).pages[0].elements[0]).not.toHaveProperty('sliderType');
    const field = (key: string) => `pages[0].elements[0].${key}`;
    expect(fieldsOf(check([{ ...SLIDER, sliderType: 'range' }]))).toEqual([field('sliderType')]);
    expect(fieldsOf(check([{ ...SLIDER, step: 0 }]))).toEqual([field('step')]);
    expect(fieldsOf(check([{ ...SLIDER, max: -1 }]))).toEqual([field('max')]);
    expect(fieldsOf(check([{ ...SLIDER, step: 0.7 }]))).toEqual([field('step')]);
    expect(fieldsOf(check([{ ...SLIDER, min: 0, max: 1000, step: 1 }]))).toEqual([field('step')]);
    expect(fieldsOf(check([{ ...SLIDER, min: '0' }]))).toEqual([field('min')]);
  });

  const q = build([{ ...SLIDER, isRequired: true }]);
  const slider = q.pages[0].elements[0] as SliderQuestion;

  it('accepts every point of the scale (property), decimals stored without binary noise', () => {
    expect(sliderPointCount(slider)).toBe(7);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sliderPointCount(slider) - 1 }), (index) => {
        const value = sliderPoint(slider, index);
        expect(validateAnswers(q, { effort: value })).toEqual({ ok: true, answers: { effort: value } });
      }),
    );
    const tenths = build([{ type: 'slider', name: 't', min: 0, max: 1, step: 0.1 }]);
    expect(validateAnswers(tenths, { t: 0.1 + 0.2 })).toEqual({ ok: true, answers: { t: 0.3 } });
  });

  it('refuses values off the scale, off the steps, or not numbers (property)', () => {
    const bad = fc.oneof(
      fc
        .double({ min: -100, max: 100, noNaN: true })
        .filter((v) => v < -1 || v > 2 || Math.abs(v * 2 - Math.round(v * 2)) > 1e-6),
      fc.constantFrom<unknown>('1', true, [1], Number.NaN, Number.POSITIVE_INFINITY, { v: 1 }),
    );
    fc.assert(
      fc.property(bad, (value) => {
        const result = validateAnswers(q, { effort: value });
        expect(fieldsOf(result)).toEqual(['answers.effort']);
      }),
    );
  });

  it('is compared with numbers in conditions', () => {
    expect(check([SLIDER, { type: 'comment', name: 'c', visibleIf: '{effort} > 0.5' }]).ok).toBe(true);
    expect(fieldsOf(check([SLIDER, { type: 'comment', name: 'c', visibleIf: "{effort} = 'x'" }]))).toEqual([
      'pages[0].elements[1].visibleIf',
    ]);
  });
});

describe('expressions', () => {
  const value = (text: string, answers: Record<string, unknown> = {}) => {
    const parsed = parseExpression(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return evaluateExpression(parsed.expression, answers);
  };

  it('computes arithmetic with precedence, functions and iif', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('10 - 4 - 3')).toBe(3);
    expect(value('-{a} / 4', { a: 2 })).toBe(-0.5);
    expect(value('sum({a}, {b}, {c})', { a: 1, c: 5 })).toBe(6);
    expect(value('avg({a}, {b})', { a: 1, b: 4 })).toBe(2.5);
    expect(value('min({a}, {b}) + max({a}, {b})', { a: 1, b: 4 })).toBe(5);
    expect(value('round(2 / 3, 2)')).toBe(0.67);
    expect(value('round(2.5)')).toBe(3);
    expect(value('round(-2.5)')).toBe(-3);
    expect(value("iif({a} >= 9 and {b} = 'x', 1, 0)", { a: 9, b: 'x' })).toBe(1);
    expect(value("iif({a} >= 9 and {b} = 'x', 1, 0)", { a: 8, b: 'x' })).toBe(0);
  });

  it('has no value when an operand is missing, on division by zero, or when all arguments are missing', () => {
    expect(value('{a} + 1')).toBeUndefined();
    expect(value('1 / ({a} - 1)', { a: 1 })).toBeUndefined();
    expect(value('sum({a}, {b})')).toBeUndefined();
    expect(value('{a} * 2', { a: 'text' })).toBeUndefined();
  });

  it('refuses what is outside the subset, naming the position', () => {
    for (const text of [
      '',
      '1 +',
      '2 ^ 3',
      'age({a})',
      '01',
      '1e3',
      '(1',
      '1)',
      'round(1, 11)',
      'iif({a} = 1, 2)',
      '"x"',
    ]) {
      const parsed = parseExpression(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(/at character \d+|empty/);
    }
    expect(parseExpression('(((((((((((1)))))))))))').ok).toBe(false);
  });

  const questionnaire = (expression: string, extra: Json = {}) =>
    check([
      { type: 'rating', name: 'a', rateMin: 0, rateMax: 10 },
      { type: 'slider', name: 'b', min: 0, max: 1, step: 0.5 },
      { type: 'comment', name: 'c' },
      { type: 'expression', name: 'total', expression, ...extra },
      { type: 'rating', name: 'later', rateMin: 1, rateMax: 5 },
    ]);

  it('validates references: earlier, numeric, existing; iif conditions as visibleIf', () => {
    expect(questionnaire('{a} + {b}').ok).toBe(true);
    const field = 'pages[0].elements[3].expression';
    expect(fieldsOf(questionnaire('{c} + 1'))).toEqual([field]);
    expect(fieldsOf(questionnaire('{later} + 1'))).toEqual([field]);
    expect(fieldsOf(questionnaire('{total} + 1'))).toEqual([field]);
    expect(fieldsOf(questionnaire('{nothing} + 1'))).toEqual([field]);
    expect(fieldsOf(questionnaire("iif({a} = 'x', 1, 2)"))).toEqual([field]);
    expect(fieldsOf(questionnaire('1 +'))).toEqual([field]);
    expect(fieldsOf(questionnaire('{a}', { isRequired: true }))).toEqual(['pages[0].elements[3].isRequired']);
    expect(fieldsOf(questionnaire('{a}', { displayStyle: 'currency' }))).toEqual(['pages[0].elements[3].displayStyle']);
    expect(fieldsOf(questionnaire('{a}', { minimumFractionDigits: 3, maximumFractionDigits: 2 }))).toEqual([
      'pages[0].elements[3].minimumFractionDigits',
    ]);
    const ok = questionnaire('{a}', { displayStyle: 'none', isRequired: false, maximumFractionDigits: 2 });
    expect(ok.ok && ok.questionnaire.pages[0].elements[3]).toEqual({
      type: 'expression',
      name: 'total',
      title: en('Q'),
      expression: '{a}',
      maximumFractionDigits: 2,
    });
  });

  it('is computed from the standing answers; a submitted value is ignored, never trusted', () => {
    const result = questionnaire('{a} * 10 + {b}');
    if (!result.ok) throw new Error('invalid');
    const q = result.questionnaire;
    expect(validateAnswers(q, { a: 7, b: 0.5, total: 1000 })).toEqual({
      ok: true,
      answers: { a: 7, b: 0.5, total: 70.5 },
    });
    expect(validateAnswers(q, { a: 7, total: 'anything' })).toEqual({ ok: true, answers: { a: 7 } });
    // Hidden: no value, and a submitted one is not an error.
    const hidden = check([
      { type: 'rating', name: 'a', rateMin: 0, rateMax: 10 },
      { type: 'expression', name: 'double', expression: '{a} * 2', visibleIf: '{a} > 5' },
      { type: 'comment', name: 'c', visibleIf: '{double} >= 14' },
    ]);
    if (!hidden.ok) throw new Error('invalid');
    expect(validateAnswers(hidden.questionnaire, { a: 3, double: 6 })).toEqual({ ok: true, answers: { a: 3 } });
    // A later condition reads the computed value.
    expect(validateAnswers(hidden.questionnaire, { a: 7, c: 'Fine' })).toEqual({
      ok: true,
      answers: { a: 7, double: 14, c: 'Fine' },
    });
    expect(fieldsOf(validateAnswers(hidden.questionnaire, { a: 6, c: 'Fine' }))).toEqual(['answers.c']);
  });
});
