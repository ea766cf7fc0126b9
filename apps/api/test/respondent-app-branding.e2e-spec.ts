import type { Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { image, uploadLogo } from './utils/branding';
import { dataOf } from './utils/client';
import { phonePage } from './utils/respondent-browser';
import { checkState, RespondentApp, type SurveyInvitee } from './utils/respondent-app';
import { newStaff, sessionFor } from './utils/staff';

// The browser globals the page.evaluate callbacks use (the API's tsconfig has no DOM library).
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface PageElement {
  contains(other: PageElement | null): boolean;
  getBoundingClientRect(): Box;
}
declare const document: {
  title: string;
  documentElement: PageElement;
  querySelector(selector: string): PageElement | null;
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare function getComputedStyle(element: PageElement): {
  getPropertyValue(name: string): string;
  backgroundColor: string;
};
declare const window: { innerWidth: number; innerHeight: number };

/** An extreme but allowed theme: black, the longest title, the largest logo. */
const EXTREME_TITLE = 'Ω'.repeat(120);

/**
 * Whether the element is on screen, inside the window's width, and not covered by anything at
 * its centre (a logo or anything else the theme brings cannot hide it).
 */
async function plainlyVisible(page: Page, selector: string): Promise<boolean> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (box.left < 0 || box.left + box.width > window.innerWidth + 0.5) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return element.contains(hit);
  }, selector);
}

describe('the respondent app in Chromium: the brand', () => {
  let app: RespondentApp;
  let organisation: string;
  let branded: SurveyInvitee;
  let unbranded: SurveyInvitee;

  beforeAll(async () => {
    app = await RespondentApp.start();
    organisation = app.t.config.privacy.organisationName;
    const [first, second] = [...new Set(app.invitees.map((i) => i.surveyId))];
    branded = app.invitees.find((i) => i.surveyId === first && i.language === 'en')!;
    unbranded = app.invitees.find((i) => i.surveyId === second && i.language === 'en')!;
    const admin = await sessionFor(app.t.app, await newStaff(app.t.app, StaffRole.Admin));
    await dataOf(
      app.t.api({ staff: admin }).PUT('/api/v1/branding', {
        body: { primaryColor: '#1a237e', title: { en: 'Example client survey' } },
      }),
    );
    const analyst = app.t.api({ staff: app.analyst });
    const path = { params: { path: { id: first } } };
    await dataOf(
      analyst.PUT('/api/v1/surveys/{id}/branding', {
        ...path,
        body: {
          primaryColor: '#000000',
          title: Object.fromEntries(['en', 'fr', 'es', 'ar', 'zh', 'ru'].map((l) => [l, EXTREME_TITLE])),
        },
      }),
    );
    await dataOf(uploadLogo(analyst, await image('png', 1024, 1024), { surveyId: first }));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('applies a survey’s extreme brand without hiding the organisation’s name or the privacy notice', async () => {
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/#${branded.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.waitForFunction((title) => document.title === title, EXTREME_TITLE);

    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent'));
    expect(accent.trim()).toBe('#000000');
    const start = page.getByRole('button', { name: 'Start the survey' });
    expect(await start.evaluate((b) => getComputedStyle(b as unknown as PageElement).backgroundColor)).toBe(
      'rgb(0, 0, 0)',
    );

    const logo = page.locator('header img.site-logo');
    await logo.waitFor();
    expect(await logo.getAttribute('alt')).toBe(organisation);
    const logoBox = (await logo.boundingBox())!;
    expect(logoBox.height).toBeLessThanOrEqual(41);

    const name = page.getByTestId('organisation-name');
    expect(await name.textContent()).toBe(organisation);
    expect(await plainlyVisible(page, '[data-testid="organisation-name"]')).toBe(true);
    const notice = page.locator('footer').getByRole('button', { name: 'Privacy notice' });
    expect(await notice.isVisible()).toBe(true);
    expect(await plainlyVisible(page, 'footer .survey-actions button')).toBe(true);

    // No sideways scrolling, no serious accessibility problem (contrast included), a screenshot.
    await checkState(page, 'branding-extreme-en');
    app.expectClean(w, branded.token);
    await w.close();
  });

  it('shows another survey’s respondents the organisation’s brand, not this survey’s', async () => {
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/#${unbranded.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.waitForFunction(() => document.title === 'Example client survey');
    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent'));
    expect(accent.trim()).toBe('#1a237e');
    expect(await page.locator('header img.site-logo').count()).toBe(0);
    expect(w.requested.filter((url) => url.includes('/branding/logos/'))).toEqual([]);
    app.expectClean(w, unbranded.token);
    await w.close();
  });

  it('gives pages opened without a link the organisation’s brand, with the privacy links in view', async () => {
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/privacy-request`);
    await page.waitForFunction(() => document.title === 'Example client survey');
    expect(await page.getByTestId('organisation-name').textContent()).toBe(organisation);
    expect(await plainlyVisible(page, 'footer .footer-links a')).toBe(true);
    app.expectClean(w);
    await w.close();
  });
});
