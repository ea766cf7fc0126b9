import { useMemo } from 'react';
import { LOCALE_TAGS, useLocale } from '../../lib/i18n';

export interface Names {
  /** "France" for FR, in the interface language; the code itself when the browser does not know it. */
  country: (code: string) => string;
  /** "French" for fr. */
  language: (code: string) => string;
}

function displayNames(tag: string, type: 'region' | 'language'): (code: string) => string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([tag], { type, fallback: 'code' });
  } catch {
    names = undefined;
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      // Not a well-formed code (e.g. "FRA" typed in a field): show it as typed.
      return code;
    }
  };
}

/** Country and language names in the interface language. */
export function useNames(): Names {
  const { locale } = useLocale();
  return useMemo(() => {
    const tag = LOCALE_TAGS[locale];
    return { country: displayNames(tag, 'region'), language: displayNames(tag, 'language') };
  }, [locale]);
}
