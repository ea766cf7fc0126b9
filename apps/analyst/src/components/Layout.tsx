import { useEffect, useId, useState, type ReactNode } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { common } from '../lib/common-messages';
import { useFormat } from '../lib/format';
import { isLocale, LOCALE_NAMES, LOCALES, useLocale, useMessages } from '../lib/i18n';
import { AREAS, mayUse, type Area } from '../lib/roles';
import { session, useUser } from '../lib/session';

const WARN_BEFORE_END_MS = 10 * 60_000;

export function LanguagePicker() {
  const t = useMessages(common);
  const { locale, setLocale } = useLocale();
  return (
    <label className="language-picker">
      <span>{t.language}</span>
      <select value={locale} onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A banner when the session's absolute end is near: it cannot be renewed past that. */
function SessionEndWarning() {
  const t = useMessages(common);
  const f = useFormat();
  const state = session.state;
  const endsAt = state.status === 'signed-in' ? state.sessionExpiresAt : 0;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!endsAt || endsAt - now > WARN_BEFORE_END_MS) return null;
  return (
    <p className="banner" role="status">
      {t.sessionEndsSoon(f.dateTime(new Date(endsAt)))}
    </p>
  );
}

const NAV_ORDER: Area[] = [
  'surveys',
  'contacts',
  'reports',
  'privacyRequests',
  'retention',
  'audit',
  'users',
  'apiKeys',
  'branding',
  'failedJobs',
  'webhooks',
];

/** Whether the folded menu (narrow screens) is open: closed again by each navigation and by Escape. */
function useMenu() {
  const location = useLocation();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return { open, toggle: () => setOpen((value) => !value) };
}

/**
 * The signed-in frame: header with the role's navigation only, then the page. On a narrow screen
 * the navigation, name and language fold into a menu; "Sign out" stays in the bar.
 */
export function Layout({ children, navigation = true }: { children?: ReactNode; navigation?: boolean }) {
  const t = useMessages(common);
  const user = useUser();
  const menu = useMenu();
  const menuId = useId();
  const areas = navigation ? NAV_ORDER.filter((area) => mayUse(user.role, area)) : [];
  const signOut = (
    <button type="button" className="sign-out" onClick={() => void session.signOut()}>
      {t.signOut}
    </button>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="app-header">
        <div className="app-bar">
          <p className="app-name">{t.appName}</p>
          {navigation && (
            <button
              type="button"
              className="menu-button"
              aria-expanded={menu.open}
              aria-controls={menuId}
              onClick={menu.toggle}
            >
              {t.menu}
            </button>
          )}
          {signOut}
        </div>
        <div id={menuId} className={!navigation ? 'app-menu unfolded' : menu.open ? 'app-menu open' : 'app-menu'}>
          {navigation && (
            <nav aria-label={t.mainNavigation}>
              <ul className="nav-list">
                {areas.map((area) => (
                  <li key={area}>
                    <NavLink to={AREAS[area].path}>{t.nav[area]}</NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="user-menu">
            {navigation ? (
              <NavLink to="/account" className="user-name">
                {user.displayName} <span className="role">({t.roles[user.role]})</span>
              </NavLink>
            ) : (
              <span className="user-name">
                {user.displayName} <span className="role">({t.roles[user.role]})</span>
              </span>
            )}
            <LanguagePicker />
          </div>
        </div>
      </header>
      <SessionEndWarning />
      <main id="main" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
    </>
  );
}
