import { describe, expect, it } from '@jest/globals';
import { checkForm } from '../../../lib/field-rules';
import { VALIDATION_MESSAGES } from '../../../lib/validation-messages';
import { registerChecked, registerRules } from './register-rules';
import type { RegisterDraft } from './useRegistration';

const TODAY = '2026-12-07';
const draft: RegisterDraft = {
  type: 'access',
  email: 'writer@example.org',
  details: '',
  language: 'en',
  channel: 'letter',
  receivedOn: TODAY,
  identity: 'signed-letter',
  identityNote: '',
  purpose: 'privacy-request',
};
const check = (change: Partial<RegisterDraft>, locale: 'en' | 'fr' = 'en') => {
  const next = { ...draft, ...change };
  return checkForm(registerRules(next, TODAY), registerChecked(next), VALIDATION_MESSAGES[locale]);
};

describe('registering a privacy request, checked before sending (RegisterPrivacyRequestDto)', () => {
  it('lets a complete registration through', () => {
    expect(check({})).toEqual({});
    expect(check({ identity: 'other', identityNote: 'Signature compared.', receivedOn: '2026-12-01' })).toEqual({});
  });

  it('asks for the address the request is about', () => {
    expect(check({ email: '' })).toEqual({ email: ['This field is required.'] });
    expect(check({ email: 'writer at example.org' })).toEqual({
      email: ['Enter an e-mail address, such as name@example.org.'],
    });
  });

  it('asks what was checked when the identity was checked some other way', () => {
    expect(check({ identity: 'other' })).toEqual({ identityNote: ['This field is required.'] });
    expect(check({ identity: 'other' }, 'fr')).toEqual({ identityNote: ['Ce champ est obligatoire.'] });
  });

  it('refuses a letter received after today, and over-long texts', () => {
    expect(check({ receivedOn: '2026-12-08' })).toEqual({ receivedAt: ['Enter a date that is not in the future.'] });
    expect(check({ details: 'd'.repeat(4001) })).toEqual({
      details: ['Enter at most 4000 characters (and not only spaces).'],
    });
  });

  it('asks why the officer reads the request', () => {
    expect(check({ purpose: '' })).toEqual({ purpose: ['This field is required.'] });
  });
});
