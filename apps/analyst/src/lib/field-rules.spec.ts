import { describe, expect, it } from '@jest/globals';
import { checkForm, refusalsOf, type FieldRule } from './field-rules';
import { failureOf, wordedFailure } from './problem';
import { sentenceOf, VALIDATION_MESSAGES } from './validation-messages';

const en = VALIDATION_MESSAGES.en;
const fr = VALIDATION_MESSAGES.fr;

/** The sentences one value gets under one rule, in English. */
const says = (rule: FieldRule, value: Parameters<typeof refusalsOf>[1]) =>
  checkForm({ field: rule }, { field: value }, en).field ?? [];

describe('a staff form’s own check of a field, before sending', () => {
  it('asks for what is required, and lets an optional empty field through', () => {
    expect(says({ required: true }, '   ')).toEqual(['This field is required.']);
    expect(says({ required: true }, true)).toEqual([]);
    expect(says({ required: true }, false)).toEqual(['This field is required.']);
    expect(says({ maxLength: 3, integer: { min: 1 } }, '')).toEqual([]);
  });

  it('words lengths with the bounds the API declares', () => {
    expect(says({ required: true, maxLength: 200 }, 'x'.repeat(201))).toEqual([
      'Enter at most 200 characters (and not only spaces).',
    ]);
    expect(says({ minLength: 12, maxLength: 256 }, 'short')).toEqual(['Enter between 12 and 256 characters.']);
  });

  it('checks whole numbers and their range', () => {
    const months: FieldRule = { integer: { min: 1, max: 24 } };
    expect(says(months, '2.5')).toEqual(['Enter a whole number.']);
    expect(says(months, 'twelve')).toEqual(['Enter a whole number.']);
    expect(says(months, '25')).toEqual(['Enter a number of at most 24.']);
    expect(says(months, '0')).toEqual(['Enter a number of at least 1.']);
    expect(says(months, ' 24 ')).toEqual([]);
  });

  it('checks addresses, formats, choices and lists', () => {
    expect(says({ email: true }, 'not an address')).toEqual(['Enter an e-mail address, such as name@example.org.']);
    expect(says({ pattern: /^[A-Z]{2}$/ }, 'FRA')).toEqual(['This is not in the expected format.']);
    expect(says({ pattern: /\{link\}/, patternReason: 'needsLink' }, 'Hello')).toEqual([
      'Include {link}, the person’s link to the survey.',
    ]);
    expect(says({ oneOf: ['a', 'b'] }, 'c')).toEqual(['Choose one of the options offered.']);
    expect(says({ required: true }, [])).toEqual(['Choose at least 1.']);
    expect(says({ maxItems: 2 }, ['a', 'b', 'c'])).toEqual(['Choose at most 2.']);
    expect(says({ each: { pattern: /^[A-Z]{2}$/ } }, ['FR', 'Germany'])).toEqual([
      'This is not in the expected format.',
    ]);
  });

  it('checks dates against today, another date and the latest allowed', () => {
    expect(says({ date: {} }, '2026-02-28')).toEqual([]);
    expect(says({ date: {} }, 'yesterday')).toEqual(['Enter a valid date.']);
    expect(says({ date: { notAfter: '2026-12-07' } }, '2026-12-08')).toEqual([
      'Enter a date that is not in the future.',
    ]);
    expect(says({ date: { after: '2026-12-07' } }, '2026-12-07')).toEqual(['Enter a date in the future.']);
    expect(says({ date: { laterThan: '2027-01-07' } }, '2027-01-07')).toEqual(['This date is too early.']);
    expect(says({ date: { notAfterThan: '2027-12-07' } }, '2027-12-08')).toEqual(['This date is too far ahead.']);
    expect(says({ date: { notBefore: '2026-03-01' } }, '2026-02-28')).toEqual([
      'Enter an end date that is not before the start date.',
    ]);
    expect(says({ date: { notBefore: '2026-03-01' } }, '2026-03-01')).toEqual([]);
  });

  it('says the form’s own sentence when the rule has one', () => {
    expect(says({ required: true, says: 'Choose a question.' }, '')).toEqual(['Choose a question.']);
  });

  it('speaks French as well', () => {
    expect(checkForm({ n: { integer: { min: 0, max: 730 } } }, { n: '731' }, fr)).toEqual({
      n: ['Saisissez un nombre d’au plus 730.'],
    });
  });
});

describe('the API’s refusals, worded for staff', () => {
  const refusal = (reason: string | undefined, message: string) => ({
    type: 'urn:survey:problem:validation',
    title: 'Bad Request',
    status: 400,
    detail: 'The request has invalid fields.',
    errors: [{ field: 'target.countries', message, ...(reason ? { reason } : {}) }],
  });
  const worded = (problem: unknown, texts = en) =>
    wordedFailure(failureOf(problem), (r) => sentenceOf(texts, r)).fieldErrors.flatMap((e) => e.messages);

  it('words each named rule of the API in the console’s language', () => {
    expect(worded(refusal('arrayMinSize', 'languages must contain at least 1 elements'))).toEqual([
      'Choose at least 1.',
    ]);
    expect(worded(refusal('notFuture', 'receivedAt must not be in the future'), fr)).toEqual([
      'Saisissez une date qui n’est pas dans le futur.',
    ]);
    expect(worded(refusal('isNotEmpty', 'identityNote is required when identityVerification is other'))).toEqual([
      'This field is required.',
    ]);
  });

  it('never shows the API’s own words: a rule the console does not know gets the general sentence', () => {
    expect(worded(refusal(undefined, 'each country must be an ISO 3166-1 alpha-2 code'))).toEqual([
      'This value was refused.',
    ]);
    expect(worded(refusal('someNewRule', 'must contain at least 1 elements'), fr)).toEqual([
      'Cette valeur a été refusée.',
    ]);
    expect(worded(refusal('constructor', 'x must be y'))).toEqual(['This value was refused.']);
  });
});
