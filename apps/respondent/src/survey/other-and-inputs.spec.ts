import { describe, expect, it } from '@jest/globals';
import { validateAnswers, validateQuestionnaire, type Answers, type Questionnaire } from '@survey/questionnaire';
import fc from 'fast-check';
import { missingOnPage, problemsOfErrors, usableAnswers, withAnswer } from './answers';

const en = (text: string) => ({ en: text });
const choices = [
  { value: 'a', text: en('A') },
  { value: 'b', text: en('B') },
];

function build(): Questionnaire {
  const result = validateQuestionnaire(
    {
      title: en('T'),
      pages: [
        {
          name: 'p',
          elements: [
            { type: 'radiogroup', name: 'service', title: en('Q'), choices, showOtherItem: true, showNoneItem: true },
            { type: 'checkbox', name: 'channels', title: en('Q'), choices, showOtherItem: true },
            { type: 'text', name: 'age', title: en('Q'), inputType: 'number', min: 18, max: 99 },
            { type: 'text', name: 'since', title: en('Q'), inputType: 'date', max: '2026-12-31' },
          ],
        },
      ],
    },
    { languages: ['en'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.questionnaire;
}

describe('"Other" comments and number and date inputs in the respondent app', () => {
  const q = build();

  it('keeps the "Other" comment while "Other" is chosen, and drops it when another choice is made', () => {
    let answers: Answers = withAnswer(q, {}, 'service', 'other');
    answers = withAnswer(q, answers, 'service-Comment', 'Lisbon');
    expect(answers).toEqual({ service: 'other', 'service-Comment': 'Lisbon' });
    expect(withAnswer(q, answers, 'service', 'a')).toEqual({ service: 'a' });
    // A comment without "Other" never stands.
    expect(withAnswer(q, {}, 'channels-Comment', 'x')).toEqual({});
  });

  it('asks for the comment before the page can be left, and reads the server refusal of it as the question', () => {
    expect(missingOnPage(q, 0, { service: 'other' })).toEqual({ service: 'other' });
    expect(missingOnPage(q, 0, { service: 'other', 'service-Comment': '  ' })).toEqual({ service: 'other' });
    expect(missingOnPage(q, 0, { service: 'other', 'service-Comment': 'Lisbon' })).toEqual({});
    expect(problemsOfErrors([{ field: 'answers.service-Comment' }, { field: 'answers.age' }])).toEqual({
      service: 'other',
      age: 'invalid',
    });
  });

  it('marks out-of-range numbers and dates as invalid before sending', () => {
    expect(missingOnPage(q, 0, { age: 12 })).toEqual({ age: 'invalid' });
    expect(missingOnPage(q, 0, { since: '2027-01-01' })).toEqual({ since: 'invalid' });
    expect(missingOnPage(q, 0, { age: 40, since: '2020-02-29' })).toEqual({});
  });

  it('keeps a restored draft comment that still fits, and drops one that does not', () => {
    expect(usableAnswers(q, { channels: ['other'], 'channels-Comment': 'fax' })).toEqual({
      channels: ['other'],
      'channels-Comment': 'fax',
    });
    expect(usableAnswers(q, { channels: ['a'], 'channels-Comment': 'fax', age: 40 })).toEqual({
      channels: ['a'],
      age: 40,
    });
  });

  // Every page the app lets the respondent leave (nothing missing or invalid on it) is accepted by
  // the server's full check: the app and the server agree.
  it('sends only answers the server accepts (property)', () => {
    const answer = fc.record(
      {
        service: fc.constantFrom('a', 'b', 'other', 'none'),
        'service-Comment': fc.string({ maxLength: 20 }),
        channels: fc.subarray(['a', 'b', 'other'], { minLength: 1 }),
        'channels-Comment': fc.string({ maxLength: 20 }),
        age: fc.double({ min: 0, max: 150, noNaN: true }),
        since: fc
          .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(answer, (raw) => {
        // What the controls do: every change goes through withAnswer, in order.
        let answers: Answers = {};
        for (const [name, value] of Object.entries(raw)) answers = withAnswer(q, answers, name, value);
        const leavable = Object.keys(missingOnPage(q, 0, answers)).length === 0;
        const server = validateAnswers(q, answers);
        if (leavable) expect(server.ok).toBe(true);
        else expect(server.ok).toBe(false);
      }),
    );
  });
});
