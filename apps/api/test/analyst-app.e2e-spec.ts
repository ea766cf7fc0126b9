import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { answered } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import type { Watched } from './utils/respondent-browser';
import { newStaff, sessionFor, totpCode, type TestStaff } from './utils/staff';

/** The navigation links each role sees (DESIGN.md §1), in the order the console lists them. */
const NAVIGATION: Record<StaffRole, string[]> = {
  [StaffRole.Analyst]: ['Surveys', 'Contacts', 'Reports'],
  [StaffRole.PrivacyOfficer]: ['Privacy requests', 'Retention', 'Audit log'],
  [StaffRole.Management]: ['Reports'],
  [StaffRole.Admin]: ['Retention', 'Audit log', 'Staff users', 'API keys', 'Branding', 'Failed jobs', 'Webhooks'],
};

describe('the analyst app: signing in, roles, sessions, languages', () => {
  let c: Console;
  let dataSource: DataSource;
  const open: Watched[] = [];

  beforeAll(async () => {
    c = await startConsole();
    dataSource = c.t.app.get(DataSource);
  });

  afterAll(async () => {
    for (const w of open) await w.close();
    await c?.close();
  });

  async function newPage(options: { locale?: string } = {}): Promise<Watched> {
    const watched = await desktopPage(c.browser, options);
    open.push(watched);
    return watched;
  }

  function navigationOf(w: Watched): Promise<string[]> {
    return w.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allInnerTexts();
  }

  /** No console error (CSP violations land there) but the refusals the test provoked, and nothing fetched from elsewhere. */
  function expectClean(w: Watched, refused: number[] = []) {
    const provoked = new RegExp(
      `^Failed to load resource: the server responded with a status of (${refused.join('|')}) `,
    );
    expect(w.consoleErrors.filter((e) => refused.length === 0 || !provoked.test(e))).toEqual([]);
    expect(w.requested.filter((url) => !url.startsWith(c.origin))).toEqual([]);
  }

  it.each(Object.values(StaffRole))('a %s sees only the parts of the console the role may use', async (role) => {
    const staff = await newStaff(c.t.app, role);
    const w = await newPage();
    await signIn(w.page, c.origin, staff);
    expect(await navigationOf(w)).toEqual(NAVIGATION[role]);
    await w.page.getByText(`Test ${role}`).first().waitFor();
    expect(await checkPage(w.page, `console-home-${role}`)).toEqual([]);

    // A part of another role, opened by its address: refused in plain words.
    const elsewhere = role === StaffRole.Management ? '/contacts' : '/admin/users';
    if (role !== StaffRole.Admin) {
      await w.page.goto(`${c.origin}${elsewhere}`);
      await w.page.getByRole('alert').filter({ hasText: 'Your role does not give access to this.' }).waitFor();
    }
    // Accounts with a second factor sign in with e-mail, password and code at once: no refusal.
    expectClean(w);
  });

  it('answers a wrong password and a missing code alike, and signs in with password and code together', async () => {
    const officer = await newStaff(c.t.app, StaffRole.PrivacyOfficer);
    const w = await newPage();
    await w.page.goto(`${c.origin}/`);
    expect(await checkPage(w.page, 'console-sign-in')).toEqual([]);
    const refusal =
      'The e-mail address, password or code is wrong. If your account has a second factor, enter its code too.';
    /** Submits the form and returns the login answer's status once the page has shown it. */
    const submit = async () => {
      const [answer] = await Promise.all([
        w.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        w.page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await w.page.getByRole('button', { name: 'Sign in' }).and(w.page.locator(':enabled')).waitFor();
      return answer.status();
    };
    const alertText = async () => (await w.page.getByRole('alert').innerText()).trim();
    await w.page.getByLabel('E-mail address').fill(officer.email);
    await w.page.getByLabel('Password').fill('not the password at all');
    expect(await submit()).toBe(401);
    await w.page.getByRole('alert').filter({ hasText: refusal }).waitFor();
    const wrongPassword = await alertText();

    // The right password without the code: the very same message, so the page cannot tell them apart either.
    await w.page.getByLabel('Password').fill(officer.password);
    expect(await submit()).toBe(401);
    expect(await alertText()).toBe(wrongPassword);

    const code = w.page.getByLabel('One-time code from your authenticator app');
    await code.fill('000000' === totpCode(officer.totpSecret!) ? '111111' : '000000');
    expect(await submit()).toBe(401);
    expect(await alertText()).toBe(wrongPassword);

    // A recovery code works instead of the authenticator.
    await w.page.getByRole('button', { name: 'Use a recovery code' }).click();
    await w.page.getByLabel('Recovery code').fill(officer.recoveryCodes![0]);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    expect(
      await (await w.page.getByRole('navigation', { name: 'Main navigation' }).waitFor(), navigationOf(w)),
    ).toEqual(NAVIGATION[StaffRole.PrivacyOfficer]);
    // Nothing typed ever reached an address.
    expect(
      w.requested.filter((url) => url.includes(encodeURIComponent(officer.email)) || url.includes(officer.email)),
    ).toEqual([]);
    expectClean(w, [401]);
  });

  it('makes an administrator without a second factor enrol one before anything else', async () => {
    const admin = await newStaff(c.t.app, StaffRole.Admin, { totp: false });
    const w = await newPage();
    await w.page.goto(`${c.origin}/`);
    await w.page.getByLabel('E-mail address').fill(admin.email);
    await w.page.getByLabel('Password').fill(admin.password);
    await w.page.getByRole('button', { name: 'Sign in' }).click();
    await w.page.getByRole('heading', { name: 'Set up your second factor', level: 1 }).waitFor();
    expect(await w.page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await w.page.getByRole('img', { name: 'QR code of the authenticator key' }).waitFor();
    expect(await checkPage(w.page, 'console-mfa-enrolment')).toEqual([]);

    const secret = (await w.page.getByTestId('totp-secret').innerText()).trim();
    await w.page.getByLabel('One-time code from your authenticator app').fill(totpCode(secret));
    await w.page.getByRole('button', { name: 'Confirm' }).click();
    await w.page.getByTestId('recovery-codes').waitFor();
    const codes = await w.page.getByTestId('recovery-codes').getByRole('listitem').allInnerTexts();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    await w.page.getByRole('button', { name: 'Continue' }).click();
    expect(
      await (await w.page.getByRole('navigation', { name: 'Main navigation' }).waitFor(), navigationOf(w)),
    ).toEqual(NAVIGATION[StaffRole.Admin]);
    const [row] = await dataSource.query<{ totp_enabled: boolean }[]>(
      'SELECT totp_enabled FROM staff_users WHERE id = $1',
      [admin.user.id],
    );
    expect(row.totp_enabled).toBe(true);
    expectClean(w);
  });

  /** Requests to the refresh route, and the bearer tokens the page sent. */
  function watchTokens(w: Watched) {
    const refreshes: number[] = [];
    const bearers = new Set<string>();
    w.page.on('request', (req) => {
      if (req.url().endsWith('/api/v1/auth/refresh')) refreshes.push(Date.now());
      const auth = req.headers()['authorization'];
      if (auth) bearers.add(auth);
    });
    return { refreshes, bearers };
  }

  async function signedInWithClock(staff: TestStaff) {
    const w = await newPage();
    await w.page.clock.install();
    const seen = watchTokens(w);
    await signIn(w.page, c.origin, staff, '/account');
    return { w, seen };
  }

  it('renews the access token before it expires, and a reload keeps the session', async () => {
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const { w, seen } = await signedInWithClock(analyst);
    expect(seen.refreshes).toHaveLength(0);
    // Access tokens live 15 minutes: the console renews one a minute before that.
    await w.page.clock.runFor(13 * 60_000);
    expect(seen.refreshes).toHaveLength(0);
    await w.page.clock.runFor(2 * 60_000);
    await w.page.waitForResponse((res) => res.url().endsWith('/api/v1/auth/refresh'));
    expect(seen.refreshes.length).toBeGreaterThanOrEqual(1);

    await w.page.reload();
    await w.page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await navigationOf(w)).toEqual(NAVIGATION[StaffRole.Analyst]);
    // The tab keeps a refresh token only; other tabs and the disk never see one.
    const kept = await w.page.evaluate<string | null>("sessionStorage.getItem('analyst.session')");
    expect(kept).toMatch(/refreshToken/);
    expect(await w.page.evaluate<number>('localStorage.length')).toBeLessThanOrEqual(1);
    expectClean(w);
  });

  it('says so when the session was closed elsewhere', async () => {
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const { w } = await signedInWithClock(analyst);
    // Signing out of every session, from another device.
    const other = await sessionFor(c.t.app, analyst);
    await answered(c.t.api({ staff: other }).POST('/api/v1/auth/logout', { body: { allSessions: true } }), 204);
    // The next call the page makes is refused, and so is the renewal it then tries.
    await w.page.getByRole('button', { name: 'Set up a second factor' }).click();
    await w.page
      .getByTestId('session-ended')
      .filter({ hasText: 'Your session was closed (signed out elsewhere, or your account changed). Sign in again.' })
      .waitFor();
    await w.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await w.page.evaluate<string | null>("sessionStorage.getItem('analyst.session')")).toBeNull();
    expectClean(w, [401]);
  });

  it('says so when the session reached its end', async () => {
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const { w } = await signedInWithClock(analyst);
    // The session's absolute end, in the server's data and in the browser's clock.
    await dataSource.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      analyst.user.id,
    ]);
    await w.page.clock.fastForward(13 * 3600_000);
    await w.page
      .getByTestId('session-ended')
      .filter({ hasText: 'Your session has ended. Sign in again to continue.' })
      .waitFor();
    expect(await checkPage(w.page, 'console-session-ended')).toEqual([]);
    expectClean(w, [401]);
  });

  it('signs out, and reloading the page shows nothing of the console', async () => {
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const w = await newPage();
    await signIn(w.page, c.origin, analyst, '/account');
    await w.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await w.page.getByTestId('session-ended').filter({ hasText: 'You have signed out.' }).waitFor();
    const [row] = await dataSource.query<{ open: number }[]>(
      'SELECT count(*)::int AS open FROM staff_sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [analyst.user.id],
    );
    expect(row.open).toBe(0);
    // The page's address is still /account: loading it again shows the sign-in page, nothing else.
    expect(new URL(w.page.url()).pathname).toBe('/account');
    await w.page.reload();
    await w.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await w.page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    expectClean(w);
  });

  it('speaks French when chosen, and formats for the chosen language', async () => {
    const management = await newStaff(c.t.app, StaffRole.Management);
    const w = await newPage({ locale: 'fr-FR' });
    await w.page.goto(`${c.origin}/`);
    // The browser's language is the default.
    await w.page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await w.page.locator('html').getAttribute('lang')).toBe('fr');
    await w.page.getByLabel('Langue').selectOption('en');
    await w.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await w.page.getByLabel('Language').selectOption('fr');
    await w.page.getByLabel('Adresse e-mail').fill(management.email);
    await w.page.getByLabel('Mot de passe').fill(management.password);
    await w.page.getByRole('button', { name: 'Se connecter' }).click();
    const nav = w.page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Rapports']);
    await w.page.getByText('(Direction)').waitFor();
    expect(await checkPage(w.page, 'console-home-management-fr')).toEqual([]);
    // The choice is remembered for the next visit.
    expect(await w.page.evaluate<string | null>("localStorage.getItem('analyst.locale')")).toBe('fr');
    expectClean(w);
  });
});
