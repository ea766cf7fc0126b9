import { describe, expect, it } from '@jest/globals';
import { checkForm } from '../../lib/field-rules';
import { VALIDATION_MESSAGES } from '../../lib/validation-messages';
import { changesOf, EMPTY, rectifyRules, type Values } from './rectify-values';
import { PREVIEW_RULES } from './retention-rules';

const en = VALIDATION_MESSAGES.en;

describe('the retention preview’s horizon, checked before asking (RetentionPreviewQueryDto)', () => {
  it('takes 0 to 730 whole days', () => {
    expect(checkForm(PREVIEW_RULES, { days: '0' }, en)).toEqual({});
    expect(checkForm(PREVIEW_RULES, { days: '730' }, en)).toEqual({});
    expect(checkForm(PREVIEW_RULES, { days: '731' }, en)).toEqual({ days: ['Enter a number of at most 730.'] });
    expect(checkForm(PREVIEW_RULES, { days: '-1' }, VALIDATION_MESSAGES.fr)).toEqual({
      days: ['Saisissez un nombre d’au moins 0.'],
    });
    expect(checkForm(PREVIEW_RULES, { days: '1.5' }, en)).toEqual({ days: ['Enter a whole number.'] });
  });
});

describe('a rectification, checked before asking (the contact as an import row)', () => {
  const TODAY = '2026-12-07';
  const contact: Values = {
    ...EMPTY,
    name: 'Alex Example',
    email: 'alex@example.org',
    country: 'FR',
    segment: 'agent',
    registrationNumbers: '1234567, 12345678',
    relationshipSince: '2020-01-01',
    platform: 'ePCT',
    language: 'fr',
  };
  const check = (change: Partial<Values>, initial: Values = contact) => {
    const values = { ...contact, ...change };
    return checkForm(rectifyRules(TODAY, initial, values), values, en);
  };

  it('lets a valid correction through, and checks only what changed', () => {
    expect(check({ name: 'Alex Exemple' })).toEqual({});
    // No contact holds the address: the fields left empty are not the officer's to fill.
    expect(check({ ...EMPTY, name: 'Alex Exemple' }, EMPTY)).toEqual({});
    expect(changesOf(contact, { ...contact, name: 'Alex Exemple' })).toEqual({ name: 'Alex Exemple' });
  });

  it('refuses what the import would refuse', () => {
    expect(check({ name: '' })).toEqual({ name: ['This field is required.'] });
    expect(check({ email: 'alex' })).toEqual({ email: ['Enter an e-mail address, such as name@example.org.'] });
    expect(check({ country: 'France' })).toEqual({ country: ['This is not in the expected format.'] });
    expect(check({ registrationNumbers: '12345' })).toEqual({
      registrationNumbers: ['This is not in the expected format.'],
    });
    expect(check({ relationshipSince: '2026-12-08' })).toEqual({
      relationshipSince: ['Enter a date that is not in the future.'],
    });
    expect(check({ platform: 'p'.repeat(101) })).toEqual({
      platform: ['Enter at most 100 characters (and not only spaces).'],
    });
  });
});
