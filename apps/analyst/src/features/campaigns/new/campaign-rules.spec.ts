import { describe, expect, it } from '@jest/globals';
import { checkForm } from '../../../lib/field-rules';
import { VALIDATION_MESSAGES } from '../../../lib/validation-messages';
import { campaignApiField, campaignChecked, CAMPAIGN_RULES } from './campaign-rules';
import { NO_CHOICE } from './choice';

const check = (name: string, countries: string, maxReminders: string, locale: 'en' | 'fr' = 'en') =>
  checkForm(
    CAMPAIGN_RULES,
    campaignChecked(name, { ...NO_CHOICE, countries }, maxReminders),
    VALIDATION_MESSAGES[locale],
  );

describe('a new campaign, checked before asking to send it (CreateCampaignDto)', () => {
  it('lets a named campaign through, for everyone or for countries typed in any case', () => {
    expect(check('Spring wave', '', '')).toEqual({});
    expect(check('Spring wave', 'fr, de; ch', '3')).toEqual({});
  });

  it('asks for a name of at most 200 characters', () => {
    expect(check(' ', '', '')).toEqual({ name: ['This field is required.'] });
    expect(check('n'.repeat(201), '', '', 'fr')).toEqual({
      name: ['Saisissez au plus 200 caractères (et pas seulement des espaces).'],
    });
  });

  it('takes only two-letter country codes', () => {
    expect(check('Spring wave', 'FR, France', '')).toEqual({ countries: ['This is not in the expected format.'] });
  });

  it('keeps reminders within 0 to 10', () => {
    expect(check('Spring wave', '', '11')).toEqual({ maxReminders: ['Enter a number of at most 10.'] });
    expect(check('Spring wave', '', '-1')).toEqual({ maxReminders: ['Enter a number of at least 0.'] });
    expect(check('Spring wave', '', 'two')).toEqual({ maxReminders: ['Enter a whole number.'] });
  });

  it('finds the API’s refusal of a target field under target.', () => {
    expect(['name', 'maxReminders', 'countries', 'segments'].map(campaignApiField)).toEqual([
      'name',
      'maxReminders',
      'target.countries',
      'target.segments',
    ]);
  });
});
