import { describe, expect, it } from '@jest/globals';
import { catalogueKeyDifferences } from '@survey/messages';
import { surveyTabsMessages } from '../components/messages';
import { adminMessages } from '../features/admin/messages';
import { authMessages } from '../features/auth/messages';
import { campaignsMessages } from '../features/campaigns/messages';
import { contactsMessages } from '../features/contacts/messages';
import { privacyMessages } from '../features/privacy/messages';
import { messages as reportsMessages } from '../features/reports/messages';
import { browseMessages } from '../features/results/browse-messages';
import { messages as resultsMessages } from '../features/results/messages';
import { surveyMessages } from '../features/surveys/messages';
import { common } from './common-messages';
import { LOCALES, type Messages } from './messages';
import { purposeMessages } from './purposes';

const CATALOGUES: Record<string, Messages<unknown>> = {
  common,
  purposes: purposeMessages,
  'survey tabs': surveyTabsMessages,
  admin: adminMessages,
  auth: authMessages,
  campaigns: campaignsMessages,
  contacts: contactsMessages,
  privacy: privacyMessages,
  reports: reportsMessages,
  results: resultsMessages,
  'comments and responses': browseMessages,
  surveys: surveyMessages,
};

describe('the console’s message catalogues', () => {
  it.each(Object.entries(CATALOGUES))('%s: written in every interface language, with the same keys', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual([...LOCALES].sort());
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
  });
});
