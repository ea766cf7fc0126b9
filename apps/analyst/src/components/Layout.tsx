import { useEffect, useState, type ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
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
];

/** The signed-in frame: header with the role's navigation only, then the page. */
export function Layout({ children, navigation = true }: { children?: ReactNode; navigation?: boolean }) {
  const t = useMessages(common);
  const user = useUser();
  const areas = navigation ? NAV_ORDER.filter((area) => mayUse(user.role, area)) : [];
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="app-header">
        <p className="app-name">{t.appName}</p>
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
          <button type="button" onClick={() => void session.signOut()}>
            {t.signOut}
          </button>
        </div>
      </header>
      <SessionEndWarning />
      <main id="main" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
    </>
  );
}
