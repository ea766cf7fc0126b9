import { describe, expect, it } from '@jest/globals';
import { checkForm } from '../../lib/field-rules';
import { VALIDATION_MESSAGES } from '../../lib/validation-messages';
import { periodRules } from './period-rules';

const check = (from: string, to: string) => checkForm(periodRules({ from, to }), { to }, VALIDATION_MESSAGES.en);

describe('a period of statistics, responses, comments or a report, checked before asking', () => {
  it('takes an open period, one day, or an end after the start', () => {
    expect(check('', '')).toEqual({});
    expect(check('2026-03-01', '')).toEqual({});
    expect(check('', '2026-03-01')).toEqual({});
    expect(check('2026-03-01', '2026-03-01')).toEqual({});
    expect(check('2026-03-01', '2026-04-01')).toEqual({});
  });

  it('refuses an end before the start, on the end', () => {
    expect(check('2026-03-01', '2026-02-28')).toEqual({ to: ['Enter an end date that is not before the start date.'] });
  });
});
