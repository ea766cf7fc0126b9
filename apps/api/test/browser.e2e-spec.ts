import { createApiClient, ProblemType } from '@survey/api-client';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { StaffRole } from '../src/auth/roles';
import { createTestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { freePort } from './utils/ports';
import { Invitee, surveyWithInvitees } from './utils/respondents';
import { start, Started, waitUntilReady } from './utils/server';
import { newStaff, sessionFor } from './utils/staff';

const root = join(__dirname, '../../..');

/** The built server and the in-process app that prepares its data share their keys. */
const SECRETS = {
  MASTER_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  JWT_SECRET: randomBytes(48).toString('base64url'),
};

/** Everything a page asked for, and every console error (CSP violations land there). */
function watch(page: Page) {
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { requested, consoleErrors };
}

describe('the SPAs in Chromium, served by the built server', () => {
  let db: TestDatabase;
  let server: Started;
  let browser: Browser;
  let origin: string;
  /** Invitations of an open survey, made through the API as a campaign makes them. */
  let invitees: Invitee[];

  beforeAll(async () => {
    for (const app of ['analyst', 'respondent']) {
      if (!existsSync(join(root, 'dist/apps', app, 'index.html'))) {
        throw new Error(`The ${app} app is not built: npm test builds it first (or npm run build:spa).`);
      }
    }
    db = await createTestDatabase();
    const setup = await createTestApp({ databaseUrl: db.url, env: SECRETS });
    try {
      const analyst = await sessionFor(setup.app, await newStaff(setup.app, StaffRole.Analyst));
      ({ invitees } = await surveyWithInvitees(setup.app, analyst, { name: 'Browser' }));
    } finally {
      await setup.close();
    }
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = start({
      ...SECRETS,
      DATABASE_URL: db.url,
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'web-')),
    });
    await waitUntilReady(port, server);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it('the analyst app loads at / and shows the sign-in page, fetching nothing from elsewhere', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toContain('staff console');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requested.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it('the respondent app loads under /r/ and reports the service as available', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const seen = watch(page);
    await page.goto(`${origin}/r/`);
    await page.getByTestId('api-status').filter({ hasText: 'Service status: available' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requested.every((url) => url.startsWith(origin))).toBe(true);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('the opt-out link takes the token from the fragment, wipes it, sends it only in a header, and speaks the invitation’s language', async () => {
    const person = invitees.find((invitee) => invitee.language === 'en')!;
    // The browser asks for French; the page turns to the invitation's English once the API has
    // told it the link's language.
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const seen = watch(page);
    const optOutCalls: { url: string; header: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/respond/opt-out')) {
        optOutCalls.push({ url: request.url(), header: request.headers()['x-invitation-token'] });
      }
    });
    const apiAnswers: string[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/api/'))
        apiAnswers.push(`${response.request().method()} ${pathname} ${response.status()}`);
    });
    await page.goto(`${origin}/r/opt-out#${person.token}`);
    await page.getByRole('button', { name: 'Stop messages about this survey' }).waitFor();
    expect(page.url()).toBe(`${origin}/r/opt-out`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('opt-out-result').filter({ hasText: 'Done' }).waitFor();
    expect(optOutCalls).toEqual([{ url: `${origin}/api/v1/respond/opt-out`, header: person.token }]);
    expect(apiAnswers).toEqual(
      expect.arrayContaining(['GET /api/v1/respond/link 200', 'POST /api/v1/respond/opt-out 200']),
    );
    expect(apiAnswers.filter((answer) => !answer.endsWith(' 200'))).toEqual([]);
    expect(seen.requested.every((url) => url.startsWith(origin) && !url.includes(person.token))).toBe(true);
    expect(seen.consoleErrors).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
      0,
    );
    await context.close();

    // The link no longer opens the survey.
    const respondent = createApiClient({ baseUrl: origin, invitationToken: () => person.token });
    expect((await problemOf(respondent.GET('/api/v1/respond'), 410)).type).toBe(ProblemType.OptedOut);

    const unknown = await browser.newPage();
    await unknown.goto(`${origin}/r/opt-out#${'A'.repeat(43)}`);
    await unknown.getByRole('button', { name: 'Stop messages about this survey' }).click();
    await unknown.getByTestId('opt-out-result').filter({ hasText: 'This link is not valid' }).waitFor();
    await unknown.close();
  });

  it('the privacy notice page shows the notice the API renders, in the browser’s language', async () => {
    for (const [locale, lang, dir] of [
      ['fr-FR', 'fr', 'ltr'],
      ['ar-EG', 'ar', 'rtl'],
      ['de-DE', 'en', 'ltr'],
    ]) {
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const seen = watch(page);
      await page.goto(`${origin}/r/privacy`);
      const notice = page.getByTestId('privacy-notice');
      await notice.waitFor();
      expect([await notice.getAttribute('lang'), await notice.getAttribute('dir')]).toEqual([lang, dir]);
      expect(await page.locator('h2').count()).toBe(6);
      expect(await page.textContent('main')).toContain('24');
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.requested.every((url) => url.startsWith(origin))).toBe(true);
      await context.close();
    }
  });

  it('Swagger UI renders under the Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(`${origin}/api/docs`);
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Survey platform API' }).waitFor();
    await page.locator('.opblock-summary-path').filter({ hasText: '/health/ready' }).waitFor();
    expect(seen.consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    expect(seen.requested.every((url) => url.startsWith(origin) || url.startsWith('data:'))).toBe(true);
    await page.close();
  });
});
