import { LANGUAGES, type Language } from '@survey/questionnaire';
import { useMemo } from 'react';
import { useLocale } from '../../../../lib/i18n';
import { useEditor } from '../context';
import { subjectsOf, type PlacedSubject } from './subjects';

/**
 * The questions of the draft a condition can test, titled in the console's language when the
 * survey has it, else in the survey's languages in order, else in any.
 */
export function useSubjects(): PlacedSubject[] {
  const { draft, languages } = useEditor();
  const { locale } = useLocale();
  const order = useMemo<Language[]>(
    () => [...new Set<Language>([locale, ...languages, ...LANGUAGES])],
    [locale, languages],
  );
  return useMemo(() => subjectsOf(draft, order), [draft, order]);
}
