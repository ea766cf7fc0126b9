import { describe, expect, it } from '@jest/globals';
import { catalogueKeyDifferences, CATALOGUE_LANGUAGES, type Catalogue } from '@survey/messages';
import { WORDS as previewWords } from '../preview/messages';
import { ar } from './ar';
import { en, type Messages } from './en';
import { es } from './es';
import { fr } from './fr';
import { ru } from './ru';
import { zh } from './zh';

/** Each language's strings load on their own; put together, they must form one catalogue. */
const interfaceMessages: Catalogue<Messages> = { en, fr, es, ar, zh, ru };

describe('the respondent app’s message catalogues', () => {
  it.each([
    ['interface', interfaceMessages],
    ['preview', previewWords],
  ])('%s: written in the six languages, with the same keys in each', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    expect(catalogueKeyDifferences(catalogue, 'en')).toEqual({});
  });
});
