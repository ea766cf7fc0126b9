import fc from 'fast-check';
import { answerValues } from './choice-items';
import { drawDisplayOrder, orderedChoices, validateDisplayOrder } from './order';
import { answerText } from './piping';
import { freeTextAnswerKeys } from './questions';
import type { CheckboxQuestion, Questionnaire } from './types';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });
const choices = [
  { value: 'pct', text: en('PCT') },
  { value: 'madrid', text: en('Madrid') },
  { value: 'hague', text: en('Hague') },
];

function check(...elements: Json[]) {
  return validateQuestionnaire(
    {
      title: en('T'),
      pages: [
        {
          name: 'p',
          elements: elements.map((e) => ({ title: en('Q'), ...(e.type === 'comment' ? {} : { choices }), ...e })),
        },
      ],
    },
    { languages: ['en'] },
  );
}

function build(...elements: Json[]): Questionnaire {
  const result = check(...elements);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('"Other" and "None" items', () => {
  const q = build(
    {
      type: 'radiogroup',
      name: 'service',
      showOtherItem: true,
      otherText: en('Another service'),
      otherPlaceholder: en('Which one?'),
      showNoneItem: true,
      choicesOrder: 'random',
    },
    { type: 'checkbox', name: 'channels', showOtherItem: true, showNoneItem: true, noneText: en('No contact') },
    { type: 'comment', name: 'why', visibleIf: "{service} = 'other'" },
  );

  it('keeps the items and their texts, and drops false flags', () => {
    expect(q.pages[0].elements[0]).toMatchObject({
      showOtherItem: true,
      otherText: en('Another service'),
      otherPlaceholder: en('Which one?'),
      showNoneItem: true,
    });
    expect(build({ type: 'radiogroup', name: 'x', showOtherItem: false }).pages[0].elements[0]).not.toHaveProperty(
      'showOtherItem',
    );
    expect(validateQuestionnaire(q, { languages: ['en'] })).toEqual({ ok: true, questionnaire: q });
  });

  it('refuses item texts without their item, a choice that takes the item value, and the items on dropdowns', () => {
    const errors = (json: Json) => {
      const result = check(json);
      return result.ok ? [] : result.errors;
    };
    expect(errors({ type: 'radiogroup', name: 'x', otherText: en('O') })).toEqual([
      { field: 'pages[0].elements[0].otherText', message: 'needs showOtherItem: true' },
    ]);
    expect(errors({ type: 'checkbox', name: 'x', noneText: en('N') })[0].field).toBe('pages[0].elements[0].noneText');
    expect(
      errors({ type: 'radiogroup', name: 'x', showOtherItem: true, choices: [{ value: 'Other', text: en('O') }] }),
    ).toEqual([{ field: 'pages[0].elements[0].choices[0].value', message: expect.stringContaining('extra item') }]);
    expect(errors({ type: 'dropdown', name: 'x', showOtherItem: true })[0].field).toBe(
      'pages[0].elements[0].showOtherItem',
    );
    expect(errors({ type: 'radiogroup', name: 'x', showNoneItem: 'yes' })[0].field).toBe(
      'pages[0].elements[0].showNoneItem',
    );
  });

  it('stores "other" with its comment under <name>-Comment, trimmed, right after the answer', () => {
    expect(
      validateAnswers(q, {
        channels: ['other', 'madrid'],
        'channels-Comment': ' fax ',
        service: 'other',
        'service-Comment': 'Lisbon',
        why: 'x',
      }),
    ).toEqual({
      ok: true,
      answers: {
        service: 'other',
        'service-Comment': 'Lisbon',
        channels: ['madrid', 'other'],
        'channels-Comment': 'fax',
        why: 'x',
      },
    });
  });

  it('needs a comment with "other" (not in a draft), refuses a comment without it, and refuses "none" with other choices', () => {
    expect(validateAnswers(q, { service: 'other' })).toEqual({
      ok: false,
      errors: [{ field: 'answers.service-Comment', message: 'is required: say what "Other" means' }],
    });
    expect(validateAnswers(q, { service: 'other' }, { partial: true })).toEqual({
      ok: true,
      answers: { service: 'other' },
    });
    expect(validateAnswers(q, { service: 'pct', 'service-Comment': 'private words' })).toEqual({
      ok: false,
      errors: [{ field: 'answers.service-Comment', message: 'is allowed only when the answer is "other"' }],
    });
    expect(validateAnswers(q, { channels: ['none', 'pct'] })).toEqual({
      ok: false,
      errors: [{ field: 'answers.channels', message: 'must not combine "none" with other choices' }],
    });
    expect(validateAnswers(q, { service: 'none', channels: ['none'] }).ok).toBe(true);
    expect(validateAnswers(q, { 'why-Comment': 'x' })).toEqual({
      ok: false,
      errors: [{ field: 'answers', message: 'has a property that is not a question of this questionnaire' }],
    });
    expect(validateAnswers(q, { service: 'other', 'service-Comment': 'a'.repeat(1001) }).ok).toBe(false);
  });

  it('refuses the comment of a hidden question like its answer', () => {
    const hidden = build(
      { type: 'radiogroup', name: 'first' },
      { type: 'radiogroup', name: 'second', showOtherItem: true, visibleIf: "{first} = 'pct'" },
    );
    expect(validateAnswers(hidden, { first: 'hague', second: 'other', 'second-Comment': 'x' })).toEqual({
      ok: false,
      errors: [
        { field: 'answers.second', message: 'answers a question that its condition hides' },
        { field: 'answers.second-Comment', message: 'answers a question that its condition hides' },
      ],
    });
  });

  it('treats the comment as free text and shows the item labels when piped', () => {
    expect(freeTextAnswerKeys(q)).toEqual(['why', 'service-Comment', 'channels-Comment']);
    const words = { yes: 'Yes', no: 'No', other: 'Other', none: 'None' };
    expect(answerText(q.pages[0].elements[0], 'other', 'en', words)).toBe('Another service');
    expect(answerText(q.pages[0].elements[1], ['pct', 'other'], 'en', words)).toBe('PCT, Other');
    expect(answerText(q.pages[0].elements[1], ['none'], 'en', words)).toBe('No contact');
  });

  it('keeps "none" and "other" out of the shuffle: they are shown after the drawn choices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const order = drawDisplayOrder(q, seed);
        expect(order?.choices?.service).toHaveLength(3);
        expect(order?.choices?.service).not.toContain('other');
        expect(validateDisplayOrder(q, order).ok).toBe(true);
        const shown = [...orderedChoices(q.pages[0].elements[0] as CheckboxQuestion, order).map((c) => c.value)];
        expect(answerValues(q.pages[0].elements[0]).slice(3)).toEqual(['none', 'other']);
        expect(shown).not.toContain('none');
      }),
    );
    expect(validateDisplayOrder(q, { choices: { service: ['pct', 'madrid', 'hague', 'other'] } }).ok).toBe(false);
  });

  // Every answer a respondent can give with the app's controls: any subset of the choices and
  // "Other" (with a comment) or "None" alone. Each must pass, and each broken variant be refused.
  it('accepts every answer the controls can produce and refuses broken ones (property)', () => {
    const values = ['pct', 'madrid', 'hague', 'other'];
    fc.assert(
      fc.property(
        fc.subarray(values, { minLength: 1 }),
        fc.string({ minLength: 1, maxLength: 50 }),
        fc.boolean(),
        (picked, comment, none) => {
          const answer = none ? ['none'] : picked;
          // eslint-disable-next-line no-control-regex
          const text = 'Secret ' + (comment.trim() === '' ? 'x' : comment.replace(/[\u0000-\u001f\u007f]/g, 'x'));
          const answers: Json = { channels: answer };
          if (answer.includes('other')) answers['channels-Comment'] = text;
          const accepted = validateAnswers(q, answers);
          expect(accepted.ok).toBe(true);
          if (answer.includes('other')) {
            const withoutComment = validateAnswers(q, { channels: answer });
            expect(withoutComment.ok).toBe(false);
            if (!withoutComment.ok) expect(JSON.stringify(withoutComment.errors)).not.toContain('Secret');
          } else {
            expect(validateAnswers(q, { ...answers, 'channels-Comment': text }).ok).toBe(false);
          }
          if (!none) expect(validateAnswers(q, { channels: [...answer, 'none'] }).ok).toBe(false);
        },
      ),
    );
  });
});
