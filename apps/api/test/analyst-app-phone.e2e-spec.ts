import type { Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { answeredSurvey } from './utils/answered-survey';
import { screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { dataOf } from './utils/client';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

const PHONE = { width: 390, height: 844 };

/** Every page a role opens from the navigation or a link, with the ids of the test's data. */
type Ids = Record<'survey' | 'campaign' | 'contactImport' | 'report' | 'request', string>;
function routesOf(role: StaffRole, ids: Ids): string[] {
  const shared = ['/account', '/no/such/page'];
  switch (role) {
    case StaffRole.Analyst:
      return [
        `/reports/${ids.report}`,
        '/reports',
        `/surveys/${ids.survey}/results`,
        '/surveys',
        '/surveys/new',
        `/surveys/${ids.survey}`,
        `/surveys/${ids.survey}/edit`,
        `/surveys/${ids.survey}/campaigns`,
        `/campaigns/${ids.campaign}`,
        '/contacts',
        `/contacts/imports/${ids.contactImport}`,
        '/admin/users',
        ...shared,
      ];
    case StaffRole.Management:
      return [`/reports/${ids.report}`, '/reports', '/surveys', ...shared];
    case StaffRole.PrivacyOfficer:
      return [
        '/privacy/requests',
        `/privacy/requests/${ids.request}`,
        '/privacy/retention',
        '/privacy/audit',
        '/reports',
        ...shared,
      ];
    case StaffRole.Admin:
      return [
        '/admin/users',
        '/admin/api-keys',
        '/admin/failed-jobs',
        '/admin/webhooks',
        '/privacy/retention',
        '/privacy/audit',
        '/surveys',
        ...shared,
      ];
  }
}

/** How wide the page is, and whether "Sign out" can be seen and clicked, once the page has settled. */
async function measure(page: Page): Promise<{ width: number; signOut: boolean }> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  const clickable = await signOut
    .click({ trial: true, timeout: 2_000 })
    .then(() => true)
    .catch(() => false);
  return { width, signOut: (await signOut.isVisible()) && clickable };
}

/** The outermost elements that reach past the right edge, named by tag and class, for the failure message. */
function overflowing(page: Page, limit: number): Promise<string[]> {
  return page.evaluate((edge) => {
    const names: string[] = [];
    const walk = (element: Element) => {
      const style = getComputedStyle(element);
      if (element.getBoundingClientRect().right > edge + 0.5) {
        const inside = Array.from(element.children).filter((child) => child.getBoundingClientRect().right > edge + 0.5);
        if (inside.length === 0)
          names.push(`${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`);
      }
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden') return;
      Array.from(element.children).forEach(walk);
    };
    walk(document.body);
    return [...new Set(names)].slice(0, 5);
  }, limit);
}

/*
 * The staff console on a 390 px phone, against the real API, as each role: every page of the
 * analyst app fits the screen (no sideways scrolling of the page; wide tables scroll in their own
 * box), the navigation folds into a menu, and "Sign out" stays in reach.
 */
describe('the staff console on a phone in Chromium', () => {
  let c: Console;
  const staff = {} as Record<StaffRole, TestStaff>;
  const ids = {} as Ids;

  beforeAll(async () => {
    c = await startConsole();
    for (const role of Object.values(StaffRole)) staff[role] = await newStaff(c.t.app, role);
    const analyst = await sessionFor(c.t.app, staff[StaffRole.Analyst]);
    const { surveyId, campaignId } = await answeredSurvey(c.t.app, analyst);
    const api = c.t.api({ staff: analyst });
    const report = await dataOf(
      api.POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title: 'Satisfaction of filers in 2026, first half, all countries and segments', language: 'en' },
      }),
      201,
    );
    // Published, so that management reads it too.
    await dataOf(api.POST('/api/v1/reports/{id}/publish', { params: { path: { id: report.id } } }));
    const imports = await dataOf(api.GET('/api/v1/contacts/imports'));
    const officer = c.t.api({ staff: await sessionFor(c.t.app, staff[StaffRole.PrivacyOfficer]) });
    const request = await dataOf(
      officer.POST('/api/v1/privacy-requests/register', {
        params: { header: { 'X-Purpose': 'privacy-request' } },
        body: {
          type: 'access',
          email: 'letter.writer@example.org',
          language: 'en',
          channel: 'letter',
          identityVerification: 'signed-letter',
        },
      }),
      201,
    );
    Object.assign(ids, {
      survey: surveyId,
      campaign: campaignId,
      contactImport: imports.items[0].id,
      report: report.id,
      request: request.id,
    });
  });

  afterAll(async () => {
    await c?.close();
  });

  it.each([StaffRole.Management, StaffRole.Analyst, StaffRole.PrivacyOfficer, StaffRole.Admin])(
    'fits every page 390 px wide, with the menu folded and "Sign out" in reach, as %s',
    async (role) => {
      const context = await c.browser.newContext({
        locale: 'en-GB',
        timezoneId: 'Europe/Paris',
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      try {
        await signIn(page, c.origin, staff[role]);
        // The navigation is folded into a menu that opens and closes.
        const menu = page.getByRole('button', { name: 'Menu' });
        await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
        await expect(
          page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').first().isVisible(),
        ).resolves.toBe(false);
        await menu.click();
        await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').first().waitFor();
        await menu.click();

        const misfits: string[] = [];
        for (const route of routesOf(role, ids)) {
          await page.goto(`${c.origin}${route}`);
          const { width, signOut } = await measure(page);
          if (width > PHONE.width || !signOut) {
            const culprits = (await overflowing(page, PHONE.width)).join(', ');
            misfits.push(`${route}: ${width} px (${culprits}), sign out ${signOut ? 'in reach' : 'hidden'}`);
          }
          if (role === StaffRole.Management && route.startsWith('/reports/')) await screenshot(page, 'phone-report');
          if (role === StaffRole.Management && route === '/reports') await screenshot(page, 'phone-reports');
          if (role === StaffRole.Analyst && route.endsWith('/results')) await screenshot(page, 'phone-results');
          if (role === StaffRole.Analyst && route === '/surveys') await screenshot(page, 'phone-home');
        }
        expect(misfits).toEqual([]);
      } finally {
        await context.close();
      }
    },
    180_000,
  );
});
