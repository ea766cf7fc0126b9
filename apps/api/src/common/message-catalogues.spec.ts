import { CATALOGUE_LANGUAGES, catalogueKeyDifferences, type Catalogue } from '@survey/messages';
import { SURVEY_MAIL_WORDS } from '../delivery/mail-templates';
import { CONTACT_FIELD_LABELS, DATA_ACCESS_PURPOSE_LABELS, NOTICE_TEXTS } from '../privacy-notice/privacy-notice.texts';
import { ACCESS_PACKAGE_WORDS } from '../privacy-requests/access-package';
import { PRIVACY_MAIL_WORDS } from '../privacy-requests/privacy-request-mails';
import { DIMENSION_NAMES, TEXTS as EXPORT_TEXTS } from '../statistics/exports/texts';
import { BOOLEAN_TEXTS } from '../statistics/items';
import { BAND_LABELS, NOT_GIVEN, SEGMENT_LABELS } from '../statistics/labels';

/** Every text the server writes (mails, the privacy notice, the access package, report exports). */
const CATALOGUES: Record<string, Catalogue<unknown>> = {
  'survey mails': SURVEY_MAIL_WORDS,
  'privacy-request mails': PRIVACY_MAIL_WORDS,
  'access package': ACCESS_PACKAGE_WORDS,
  'privacy notice': NOTICE_TEXTS,
  'report exports': EXPORT_TEXTS,
  'report dimensions': DIMENSION_NAMES,
};

/** Tables of labels, each label in every language. */
const LABEL_TABLES: Record<string, Readonly<Record<string, Catalogue<string>>>> = {
  'contact fields': CONTACT_FIELD_LABELS,
  'data-access purposes': DATA_ACCESS_PURPOSE_LABELS,
  'report segments': SEGMENT_LABELS,
  'report relationship bands': BAND_LABELS,
  'report answers yes and no': BOOLEAN_TEXTS,
  'report values not given': { notGiven: NOT_GIVEN },
};

describe('the server’s message catalogues', () => {
  it.each(Object.entries(CATALOGUES))(
    '%s: written in the six languages, with the same keys in each',
    (_, catalogue) => {
      expect(Object.keys(catalogue).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
      expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
    },
  );

  it.each(Object.entries(LABEL_TABLES))('every label of the %s is written in the six languages', (_, table) => {
    for (const label of Object.values(table)) {
      expect(Object.keys(label).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
      for (const language of CATALOGUE_LANGUAGES) expect(label[language].trim()).not.toBe('');
    }
  });
});
