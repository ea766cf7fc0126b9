import { freeTextQuestionNames } from './questions';
import type { Questionnaire } from './types';
import { validateAnswers } from './validate-answers';
import { validateQuestionnaire } from './validate-questionnaire';

type Json = Record<string, unknown>;
const en = (text: string) => ({ en: text });

function build(...elements: Json[]): Questionnaire {
  const result = validateQuestionnaire(
    { title: en('T'), pages: [{ name: 'p', elements: elements.map((e) => ({ title: en('Q'), ...e })) }] },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('text questions (one line, e-mail, telephone)', () => {
  const q = build(
    { type: 'text', name: 'line', maxLength: 10 },
    { type: 'text', name: 'mail', inputType: 'email' },
    { type: 'text', name: 'phone', inputType: 'tel', isRequired: true },
    { type: 'rating', name: 'after', rateMin: 1, rateMax: 2, visibleIf: '{mail} notempty' },
  );

  it('writes out maxLength, keeps email and tel, drops inputType text, and refuses input types outside the subset', () => {
    expect(q.pages[0].elements.slice(0, 3)).toEqual([
      { type: 'text', name: 'line', title: en('Q'), maxLength: 10 },
      { type: 'text', name: 'mail', title: en('Q'), inputType: 'email', maxLength: 200 },
      { type: 'text', name: 'phone', title: en('Q'), isRequired: true, inputType: 'tel', maxLength: 200 },
    ]);
    expect(build({ type: 'text', name: 'x', inputType: 'text' }).pages[0].elements[0]).not.toHaveProperty('inputType');
    for (const inputType of ['password', 'color', 'range', 'datetime-local']) {
      expect(
        validateQuestionnaire(
          {
            title: en('T'),
            pages: [{ name: 'p', elements: [{ type: 'text', name: 'x', title: en('Q'), inputType }] }],
          },
          { languages: ['en'] },
        ),
      ).toEqual({ ok: false, errors: [{ field: 'pages[0].elements[0].inputType', message: expect.any(String) }] });
    }
  });

  it('treats every text answer as free text: encrypted by the API, never in statistics', () => {
    expect(freeTextQuestionNames(q)).toEqual(['line', 'mail', 'phone']);
  });

  it('accepts well-formed answers, trimmed', () => {
    expect(validateAnswers(q, { line: ' short ', mail: 'a.b@example.org', phone: '+41 (22) 338-91.11' })).toEqual({
      ok: true,
      answers: { line: 'short', mail: 'a.b@example.org', phone: '+41 (22) 338-91.11' },
    });
  });

  it.each([
    ['too long', { line: 'x'.repeat(11) }, 'answers.line', 'at most 10'],
    ['two lines', { line: 'a\nb' }, 'answers.line', 'one line'],
    ['not a string', { line: 3 }, 'answers.line', 'must be a string'],
    ['an address without @', { mail: 'someone.example.org' }, 'answers.mail', 'e-mail address'],
    ['an address without a domain dot', { mail: 'someone@localhost' }, 'answers.mail', 'e-mail address'],
    ['an address with a space', { mail: 'some one@example.org' }, 'answers.mail', 'e-mail address'],
    ['a number with letters', { phone: '+41 CALL ME' }, 'answers.phone', 'telephone number'],
    ['a number too short', { phone: '12' }, 'answers.phone', 'telephone number'],
  ])('refuses %s, without repeating it', (_what, answers, field, message) => {
    const result = validateAnswers(q, { phone: '+41 22 338 91 11', ...answers });
    expect(result).toEqual({ ok: false, errors: [{ field, message: expect.stringContaining(message) }] });
    expect(JSON.stringify(result)).not.toContain('someone');
  });

  it('is required when shown, and can be tested with empty or notempty only', () => {
    expect(validateAnswers(q, {})).toEqual({ ok: false, errors: [{ field: 'answers.phone', message: 'is required' }] });
    expect(validateAnswers(q, { phone: '022 338 91 11', after: 1 })).toEqual({
      ok: false,
      errors: [{ field: 'answers.after', message: expect.stringContaining('hides') }],
    });
    const refused = validateQuestionnaire(
      {
        title: en('T'),
        pages: [
          {
            name: 'p',
            elements: [
              { type: 'text', name: 'mail', title: en('Q'), inputType: 'email' },
              { type: 'boolean', name: 'b', title: en('Q'), visibleIf: "{mail} = 'x'" },
            ],
          },
        ],
      },
      { languages: ['en'] },
    );
    expect(refused).toEqual({
      ok: false,
      errors: [{ field: 'pages[0].elements[1].visibleIf', message: expect.stringContaining('empty or notempty') }],
    });
  });
});
