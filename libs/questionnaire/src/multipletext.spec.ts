import { freeTextQuestionNames } from './questions';
import type { Questionnaire } from './types';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });

function check(question: Json) {
  return validateQuestionnaire(
    { title: en('T'), pages: [{ name: 'p', elements: [{ title: en('Q'), ...question }] }] },
    { languages: ['en'] },
  );
}

function build(question: Json): Questionnaire {
  const result = check(question);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('multipletext questions', () => {
  const q = build({
    type: 'multipletext',
    name: 'office',
    isRequired: true,
    items: [
      { name: 'city', title: en('City') },
      { name: 'desk', title: en('Desk'), maxLength: 5 },
    ],
  });

  it('writes out each item maxLength and counts as free text', () => {
    expect(q.pages[0].elements[0]).toMatchObject({
      items: [
        { name: 'city', title: en('City'), maxLength: 200 },
        { name: 'desk', title: en('Desk'), maxLength: 5 },
      ],
    });
    expect(freeTextQuestionNames(q)).toEqual(['office']);
  });

  it('refuses missing, empty, repeated and malformed items', () => {
    expect(check({ type: 'multipletext', name: 'm' })).toMatchObject({
      ok: false,
      errors: [{ field: 'pages[0].elements[0].items' }],
    });
    expect(check({ type: 'multipletext', name: 'm', items: [] })).toMatchObject({ ok: false });
    expect(
      check({
        type: 'multipletext',
        name: 'm',
        items: [
          { name: 'a', title: en('A') },
          { name: 'A', title: en('B'), extra: 1 },
        ],
      }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'pages[0].elements[0].items[1].extra', message: 'is not allowed here' },
        { field: 'pages[0].elements[0].items[1].name', message: 'repeats an earlier item name' },
      ],
    });
  });

  it('accepts texts by item, trimmed, leaving out blank ones; required means at least one', () => {
    expect(validateAnswers(q, { office: { city: ' Geneva ', desk: '  ' } })).toEqual({
      ok: true,
      answers: { office: { city: 'Geneva' } },
    });
    expect(validateAnswers(q, { office: { city: '', desk: null } })).toEqual({
      ok: false,
      errors: [{ field: 'answers.office', message: 'is required' }],
    });
  });

  it('refuses unknown items, non-strings, too long and multi-line texts, naming the item', () => {
    expect(validateAnswers(q, { office: { city: 3, desk: 'toolong', room: 'x' } })).toEqual({
      ok: false,
      errors: [
        { field: 'answers.office.room', message: expect.stringContaining('not an item') },
        { field: 'answers.office.city', message: 'must be a string' },
        { field: 'answers.office.desk', message: 'must be at most 5 characters' },
      ],
    });
    expect(validateAnswers(q, { office: { city: 'a\nb' } })).toEqual({
      ok: false,
      errors: [{ field: 'answers.office.city', message: 'must be on one line' }],
    });
    expect(validateAnswers(q, { office: 'Geneva' })).toMatchObject({
      ok: false,
      errors: [{ field: 'answers.office' }],
    });
  });
});
