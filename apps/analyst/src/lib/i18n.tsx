import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** The interface languages. Questionnaires themselves have six; the console speaks these. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', fr: 'Français' };

/** The BCP 47 tag used for numbers and dates in each interface language. */
export const LOCALE_TAGS: Readonly<Record<Locale, string>> = { en: 'en-GB', fr: 'fr-FR' };

const STORAGE_KEY = 'analyst.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be disabled; fall back to the browser's languages.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits then; the choice still holds for this page.
    }
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale() outside <LocaleProvider>');
  return value;
}

/** Makes every leaf a string, so a translation must have the same keys as the English text. */
export type Translation<T> = {
  [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Translation<T[K]>;
};

export type Messages<T> = Readonly<Record<Locale, T>>;

/**
 * One feature's messages in every interface language. The English text is the reference:
 * the French one must have exactly its keys (TypeScript checks), so no key is missing.
 */
export function defineMessages<T>(en: T, fr: Translation<T>): Messages<T> {
  return { en, fr: fr as T };
}

/** The messages of the current interface language. */
export function useMessages<T>(messages: Messages<T>): T {
  return messages[useLocale().locale];
}
