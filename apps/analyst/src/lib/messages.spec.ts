import { describe, expect, it } from '@jest/globals';
import { CATALOGUE_LANGUAGES, catalogueKeyDifferences } from '@survey/messages';
import { surveyTabsMessages } from '../components/messages';
import { adminMessages } from '../features/admin/messages';
import { authMessages } from '../features/auth/messages';
import { campaignsMessages } from '../features/campaigns/messages';
import { contactsMessages } from '../features/contacts/messages';
import { privacyMessages } from '../features/privacy/messages';
import { retentionRuleMessages } from '../features/privacy/retention-rules';
import { deleteMessages as reportDeleteMessages } from '../features/reports/delete-messages';
import { messages as reportsMessages } from '../features/reports/messages';
import { browseMessages } from '../features/results/browse-messages';
import { messages as resultsMessages } from '../features/results/messages';
import { surveyMessages } from '../features/surveys/messages';
import { conditionMessages } from '../features/surveys/editor/condition/condition-messages';
import { common } from './common-messages';
import { LOCALES, type Messages } from './messages';
import { AUDIT_ACTION_LABELS } from '../features/privacy/audit/action-labels';
import { purposeMessages } from './purposes';
import { VALIDATION_MESSAGES } from './validation-messages';

const CATALOGUES: Record<string, Messages<unknown>> = {
  common,
  'validation reasons': VALIDATION_MESSAGES,
  purposes: purposeMessages,
  'survey tabs': surveyTabsMessages,
  admin: adminMessages,
  auth: authMessages,
  campaigns: campaignsMessages,
  contacts: contactsMessages,
  privacy: privacyMessages,
  'retention rules': retentionRuleMessages,
  reports: reportsMessages,
  'report deletion': reportDeleteMessages,
  results: resultsMessages,
  'comments and responses': browseMessages,
  surveys: surveyMessages,
  'condition builder': conditionMessages,
};

describe('the console’s message catalogues', () => {
  it.each(Object.entries(CATALOGUES))('%s: written in every interface language, with the same keys', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual([...LOCALES].sort());
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
  });
});

/** Catalogues the platform keeps in all six languages, of which the console shows the ones it speaks. */
const SIX_LANGUAGE_CATALOGUES: Record<string, { readonly en: unknown } & Record<string, unknown>> = {
  'audit action labels': AUDIT_ACTION_LABELS,
};

describe('the six-language catalogues the console reads', () => {
  it.each(Object.entries(SIX_LANGUAGE_CATALOGUES))('%s: every language, with the same keys', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
    for (const language of LOCALES) expect(catalogue[language]).toBeDefined();
  });
});
