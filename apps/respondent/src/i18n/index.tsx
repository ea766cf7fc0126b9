import { isLanguage, LANGUAGES, textDirection, type Language } from '@survey/questionnaire';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { en, type Messages } from './en';

export type { Messages };
export { LANGUAGES, type Language };

/** Each language's name written in that language, for the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
  zh: '中文',
  ru: 'Русский',
};

/** English ships with the app; the others are fetched (from this origin) only when needed. */
const loaders: Record<Language, () => Promise<Messages>> = {
  en: () => Promise.resolve(en),
  fr: () => import('./fr').then((m) => m.fr),
  es: () => import('./es').then((m) => m.es),
  ar: () => import('./ar').then((m) => m.ar),
  zh: () => import('./zh').then((m) => m.zh),
  ru: () => import('./ru').then((m) => m.ru),
};
const loaded = new Map<Language, Messages>([['en', en]]);

async function loadMessages(language: Language): Promise<Messages> {
  const cached = loaded.get(language);
  if (cached) return cached;
  const messages = await loaders[language]();
  loaded.set(language, messages);
  return messages;
}

const CHOICE_KEY = 'respondent.language';

/** The language the person picked with the switcher in this tab, if any. */
export function chosenLanguage(): Language | null {
  try {
    const stored = sessionStorage.getItem(CHOICE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

function rememberChoice(language: Language): void {
  try {
    sessionStorage.setItem(CHOICE_KEY, language);
  } catch {
    // Storage may be disabled; the choice then lasts until the page is left.
  }
}

/** The browser's first preferred language among the six, else English. */
export function browserLanguage(): Language {
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const base = tag?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** For pages reached by link: `?lang=` from the link, else the person's choice, else the browser's. */
export function initialLanguage(): Language {
  const fromLink = new URLSearchParams(window.location.search).get('lang');
  return isLanguage(fromLink) ? fromLink : (chosenLanguage() ?? browserLanguage());
}

interface I18n {
  language: Language;
  t: Messages;
  /**
   * Shows the page in this language (the invitation's, for example), without recording a choice;
   * resolves once its strings are in place.
   */
  setLanguage(language: Language): Promise<void>;
  /** The person chose this language with the switcher: remembered for the tab. */
  chooseLanguage(language: Language): void;
  /** Dates as the language writes them. */
  formatDate(iso: string, withTime?: boolean): string;
}

const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

/**
 * Holds the page language and its strings. While another language's strings load, the page
 * keeps showing the current ones, then switches text, `lang` and `dir` together.
 */
export function I18nProvider({ initial, children }: { initial: Language; children: ReactNode }) {
  const [current, setCurrent] = useState<{ language: Language; t: Messages } | null>(() => {
    const t = loaded.get(initial);
    return t ? { language: initial, t } : null;
  });
  const latest = useRef(0);

  const show = useCallback(async (language: Language) => {
    const request = ++latest.current;
    // A chunk that fails to load (connection lost) leaves the current language, or English.
    const t = await loadMessages(language).catch(() => null);
    if (request !== latest.current) return;
    setCurrent((shown) => (t ? { language, t } : (shown ?? { language: 'en', t: en })));
  }, []);

  useEffect(() => {
    if (!current) void show(initial);
    // Only the first render can lack strings.
  }, []);

  useEffect(() => {
    if (!current) return;
    const root = document.documentElement;
    root.lang = current.language;
    root.dir = textDirection(current.language);
    // The document title is the brand's, else appName: see BrandProvider.
  }, [current]);

  const chooseLanguage = useCallback(
    (language: Language) => {
      rememberChoice(language);
      void show(language);
    },
    [show],
  );

  const value = useMemo<I18n | null>(() => {
    if (!current) return null;
    const { language } = current;
    return {
      language,
      t: current.t,
      setLanguage: show,
      chooseLanguage,
      formatDate: (iso, withTime = true) =>
        new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : language, {
          dateStyle: 'long',
          ...(withTime ? { timeStyle: 'short' } : {}),
        }).format(new Date(iso)),
    };
  }, [current, chooseLanguage, show]);

  if (!value) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
