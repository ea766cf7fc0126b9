import { validateQuestionnaire } from '@survey/questionnaire';
import { redosSafetyCheck } from './regex-safety';

describe('the ReDoS check of regex validators (redos-detector)', () => {
  it('refuses patterns that backtrack exponentially or polynomially, and keeps ordinary anchored ones', () => {
    for (const pattern of ['^(a+)+$', '^(a|a)*$', '^(\\w+\\s?)*$', '\\d*\\d*\\d*x', '[a-z]+$']) {
      expect([pattern, redosSafetyCheck(pattern)]).toEqual([pattern, false]);
    }
    for (const pattern of [
      '^[A-Z]{2}[0-9]{4,8}$',
      '^PCT/[A-Z]{2}[0-9]{4}/[0-9]{6}$',
      '^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$',
      '^[A-Z][a-z]+( [A-Z][a-z]+)*$',
      '^\\d{4}-\\d{2}-\\d{2}$',
    ]) {
      expect([pattern, redosSafetyCheck(pattern)]).toEqual([pattern, true]);
    }
  });

  it('takes part in questionnaire validation, naming the field', () => {
    const result = validateQuestionnaire(
      {
        title: { en: 'T' },
        pages: [
          {
            name: 'p',
            elements: [
              { type: 'text', name: 'x', title: { en: 'Q' }, validators: [{ type: 'regex', regex: '\\d*\\d*\\d*x' }] },
            ],
          },
        ],
      },
      { languages: ['en'], regexSafety: redosSafetyCheck },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'pages[0].elements[0].validators[0].regex',
          message: expect.stringContaining('catastrophic backtracking'),
        },
      ],
    });
  });
});
