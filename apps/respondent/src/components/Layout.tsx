import { useEffect, useRef, type ReactNode } from 'react';
import { useBrand, useShownBrand, type BrandChoice } from '../brand/BrandProvider';
import { LANGUAGE_NAMES, LANGUAGES, useI18n, type Language } from '../i18n';

/** The language switcher: every language of the app, or only those a survey is offered in. */
export function LanguageSwitcher({ languages = LANGUAGES }: { languages?: readonly Language[] }) {
  const { t, language, chooseLanguage } = useI18n();
  const offered = LANGUAGES.filter((code) => languages.includes(code) || code === language);
  return (
    <div className="language">
      <label htmlFor="language-switcher">
        <GlobeIcon />
        {t.languageLabel}
      </label>
      <select
        id="language-switcher"
        value={language}
        onChange={(event) => chooseLanguage(event.target.value as Language)}
      >
        {offered.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

function GlobeIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm6.9 6h-2.95a15.7 15.7 0 0 0-1.38-3.56A8.03 8.03 0 0 1 18.9 8ZM12 4.04c.83 1.2 1.48 2.53 1.91 3.96h-3.82c.43-1.43 1.08-2.76 1.91-3.96ZM4.26 14a8.2 8.2 0 0 1 0-4h3.38a16.5 16.5 0 0 0 0 4H4.26Zm.82 2h2.95c.32 1.25.78 2.45 1.38 3.56A7.99 7.99 0 0 1 5.08 16ZM8.03 8H5.08a7.99 7.99 0 0 1 4.33-3.56A15.7 15.7 0 0 0 8.03 8ZM12 19.96A14.1 14.1 0 0 1 10.09 16h3.82A14.1 14.1 0 0 1 12 19.96ZM14.34 14H9.66a14.7 14.7 0 0 1 0-4h4.68a14.7 14.7 0 0 1 0 4Zm.25 5.56c.6-1.11 1.06-2.31 1.38-3.56h2.95a8.03 8.03 0 0 1-4.33 3.56ZM16.36 14a16.5 16.5 0 0 0 0-4h3.38a8.2 8.2 0 0 1 0 4h-3.38Z"
      />
    </svg>
  );
}

export interface LayoutProps {
  children: ReactNode;
  /** Extra footer content (the survey's privacy and opt-out buttons). */
  footer?: ReactNode;
  /** Links to the notice and the request form, in the page's language; off where the page is one of them. */
  links?: { notice?: boolean; request?: boolean };
  /**
   * The opt-out page puts its one action first in the tab order, so its language switcher
   * comes after it, in the footer.
   */
  switcher?: 'header' | 'footer';
  /** The languages the switcher offers (a survey's); all six when left out. */
  languages?: readonly Language[];
  /** The brand to show: a survey's, or the organisation's when left out (see BrandChoice). */
  brand?: BrandChoice;
}

/** Header (name, language), main content, footer (privacy links): the frame of every page. */
export function Layout({
  children,
  footer,
  links = { notice: true, request: true },
  switcher = 'header',
  languages,
  brand: choice,
}: LayoutProps) {
  const { t, language } = useI18n();
  useShownBrand(choice);
  const brand = useBrand();
  return (
    <>
      <header className="site-header">
        {/* The brand only fills these in: the organisation's name is always shown, as text. */}
        <span className="site-brand">
          {brand?.logoUrl && <img className="site-logo" src={brand.logoUrl} alt={brand.organisationName} />}
          <span className="site-name" data-testid="organisation-name">
            {brand?.organisationName ?? t.appName}
          </span>
        </span>
        {switcher === 'header' && <LanguageSwitcher languages={languages} />}
      </header>
      <main id="main" className="page">
        {children}
      </main>
      <footer className="site-footer">
        {footer}
        {switcher === 'footer' && <LanguageSwitcher languages={languages} />}
        {(links.notice || links.request) && (
          <ul className="footer-links">
            {links.notice && (
              <li>
                <a href={`/r/privacy?lang=${language}`}>{t.privacyNotice}</a>
              </li>
            )}
            {links.request && (
              <li>
                <a href={`/r/privacy-request?lang=${language}`}>{t.privacyRequest}</a>
              </li>
            )}
          </ul>
        )}
      </footer>
    </>
  );
}

/** A heading that takes the focus when it appears, so screen readers announce the new state. */
export function FocusHeading({
  level = 1,
  children,
  id,
  onlyInFocusedWindow = false,
}: {
  level?: 1 | 2;
  children: ReactNode;
  id?: string;
  /** In a frame (the editor's preview), taking the focus from the page around it would interrupt someone typing there. */
  onlyInFocusedWindow?: boolean;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!onlyInFocusedWindow || document.hasFocus()) ref.current?.focus();
  }, [onlyInFocusedWindow]);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1} id={id} className="focus-heading">
      {children}
    </Tag>
  );
}

/** A page that says one thing: a state of the link, a confirmation, an error. */
export function StateView({
  title,
  children,
  state,
}: {
  title: string;
  children?: ReactNode;
  /** For tests and styles: which state this is. */
  state: string;
}) {
  return (
    <section className="state" data-state={state} data-testid="survey-state">
      <FocusHeading>{title}</FocusHeading>
      {children}
    </section>
  );
}
