import { describe, expect, it } from '@jest/globals';
import { checkForm } from '../../lib/field-rules';
import { VALIDATION_MESSAGES } from '../../lib/validation-messages';
import { settingsChecked, SETTINGS_RULES } from './settings-rules';

const valid = { name: 'Filers 2027', retentionMonths: '12', minGroupSize: '5', languages: ['en', 'fr'] };
const check = (change: Partial<typeof valid>, locale: 'en' | 'fr' = 'en') =>
  checkForm(SETTINGS_RULES, settingsChecked({ ...valid, ...change }), VALIDATION_MESSAGES[locale]);

describe('survey settings, checked before sending (SurveySettingsFields)', () => {
  it('lets valid settings through, with retention and k left empty for the API’s defaults', () => {
    expect(check({})).toEqual({});
    expect(check({ retentionMonths: '', minGroupSize: '' })).toEqual({});
  });

  it('asks for a name of at most 200 characters', () => {
    expect(check({ name: '  ' })).toEqual({ name: ['This field is required.'] });
    expect(check({ name: 'n'.repeat(201) })).toEqual({ name: ['Enter at most 200 characters (and not only spaces).'] });
  });

  it('keeps retention within 1 to 24 months, whole', () => {
    expect(check({ retentionMonths: '25' })).toEqual({ retentionMonths: ['Enter a number of at most 24.'] });
    expect(check({ retentionMonths: '0' }, 'fr')).toEqual({ retentionMonths: ['Saisissez un nombre d’au moins 1.'] });
    expect(check({ retentionMonths: '6.5' })).toEqual({ retentionMonths: ['Enter a whole number.'] });
  });

  it('keeps the smallest group shown at 3 or more', () => {
    expect(check({ minGroupSize: '2' })).toEqual({ minGroupSize: ['Enter a number of at least 3.'] });
    expect(check({ minGroupSize: '1001' })).toEqual({ minGroupSize: ['Enter a number of at most 1000.'] });
  });

  it('needs at least one language of the platform', () => {
    expect(check({ languages: [] })).toEqual({ languages: ['Choose at least 1.'] });
    expect(check({ languages: ['en', 'de'] })).toEqual({ languages: ['Choose one of the options offered.'] });
  });
});
