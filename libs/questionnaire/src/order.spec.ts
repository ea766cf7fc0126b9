import { drawDisplayOrder, orderedChoices, orderedQuestions, validateDisplayOrder } from './order';
import type { ChoiceQuestion, Questionnaire } from './types';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });
const choices = (...values: string[]) => values.map((value) => ({ value, text: en(value) }));

function build(pageExtra: Json = {}, questionExtra: Json = {}) {
  return validateQuestionnaire(
    {
      title: en('T'),
      pages: [
        {
          name: 'p',
          ...pageExtra,
          elements: [
            { type: 'radiogroup', name: 'a', title: en('A'), choices: choices('x', 'y', 'z', 'w'), ...questionExtra },
            { type: 'boolean', name: 'b', title: en('B') },
            { type: 'comment', name: 'c', title: en('C') },
          ],
        },
      ],
    },
    { languages: ['en'] },
  );
}

function valid(pageExtra: Json = {}, questionExtra: Json = {}): Questionnaire {
  const result = build(pageExtra, questionExtra);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('validateQuestionnaire: choicesOrder and questionsOrder', () => {
  it('keeps "random", drops the SurveyJS defaults, refuses the rest', () => {
    const random = valid({ questionsOrder: 'random' }, { choicesOrder: 'random' });
    expect(random.pages[0].questionsOrder).toBe('random');
    expect((random.pages[0].elements[0] as ChoiceQuestion).choicesOrder).toBe('random');
    const defaults = valid({ questionsOrder: 'initial' }, { choicesOrder: 'none' });
    expect(defaults.pages[0]).not.toHaveProperty('questionsOrder');
    expect(defaults.pages[0].elements[0]).not.toHaveProperty('choicesOrder');
    expect(build({ questionsOrder: 'shuffle' }, { choicesOrder: 'asc' })).toEqual({
      ok: false,
      errors: [
        { field: 'pages[0].questionsOrder', message: expect.stringContaining('must be') },
        { field: 'pages[0].elements[0].choicesOrder', message: 'must be "random" or "none"' },
      ],
    });
  });
});

describe('display order', () => {
  const q = valid({ questionsOrder: 'random' }, { choicesOrder: 'random' });

  it('draws the same order from the same seed, a permutation of each randomised list, and varies with the seed', () => {
    const order = drawDisplayOrder(q, 42);
    expect(drawDisplayOrder(q, 42)).toEqual(order);
    expect([...order!.questions!.p].sort()).toEqual(['a', 'b', 'c']);
    expect([...order!.choices!.a].sort()).toEqual(['w', 'x', 'y', 'z']);
    const seen = new Set(Array.from({ length: 50 }, (_, seed) => JSON.stringify(drawDisplayOrder(q, seed))));
    expect(seen.size).toBeGreaterThan(10);
    expect(validateDisplayOrder(q, order)).toEqual({ ok: true, displayOrder: order });
    expect(drawDisplayOrder(valid(), 1)).toBeNull();
  });

  it('orders questions and choices as drawn', () => {
    const order = { questions: { p: ['c', 'a', 'b'] }, choices: { a: ['z', 'x', 'w', 'y'] } };
    expect(orderedQuestions(q.pages[0], q.pages[0].elements, order).map((x) => x.name)).toEqual(['c', 'a', 'b']);
    expect(orderedChoices(q.pages[0].elements[0] as ChoiceQuestion, order).map((c) => c.value)).toEqual([
      'z',
      'x',
      'w',
      'y',
    ]);
  });

  it('refuses lists that are not permutations, names that are not randomised, and other shapes', () => {
    expect(
      validateDisplayOrder(q, {
        questions: { p: ['a', 'b'], other: ['a'] },
        choices: { a: ['x', 'x', 'y', 'z'], b: [true, false] },
        extra: 1,
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'displayOrder.extra', message: 'is not allowed here' },
        { field: 'displayOrder.questions.p', message: 'must list every question of the page once' },
        { field: 'displayOrder.questions.other', message: expect.stringContaining('random order') },
        { field: 'displayOrder.choices.a', message: 'must list every choice value of the question once' },
        { field: 'displayOrder.choices.b', message: expect.stringContaining('random order') },
      ],
    });
    expect(validateDisplayOrder(q, [])).toEqual({
      ok: false,
      errors: [{ field: 'displayOrder', message: expect.stringContaining('must be an object') }],
    });
    expect(validateDisplayOrder(q, {})).toEqual({ ok: true, displayOrder: null });
    expect(validateDisplayOrder(q, undefined)).toEqual({ ok: true, displayOrder: null });
  });
});
