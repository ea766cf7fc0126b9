import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './utils/browser';
import { createTestDatabase, TestDatabase } from './utils/database';
import { freePort } from './utils/ports';
import { start, Started, waitUntilReady } from './utils/server';

const root = join(__dirname, '../../..');

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

  beforeAll(async () => {
    for (const app of ['analyst', 'respondent']) {
      if (!existsSync(join(root, 'dist/apps', app, 'index.html'))) {
        throw new Error(`The ${app} app is not built: npm test builds it first (or npm run build:spa).`);
      }
    }
    db = await createTestDatabase();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = start({ DATABASE_URL: db.url, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'web-')) });
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

  /** An invitation as a campaign would leave it, made in SQL: the page only needs its token. */
  async function newInvitationToken(): Promise<{ token: string; invitationId: string }> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const token = randomBytes(32).toString('base64url');
      const { rows } = await client.query<{ id: string }>(
        `WITH survey AS (
           INSERT INTO surveys (name, draft_questionnaire, status) VALUES ('Browser', '{}', 'open') RETURNING id
         ), campaign AS (
           INSERT INTO campaigns (survey_id, name, target, max_reminders)
           SELECT id, 'Wave', '{}', 0 FROM survey RETURNING id, survey_id
         ), contact AS (
           INSERT INTO contacts (id, email_index, email_ciphertext, name_ciphertext, country, segment, platform, collected_at)
           VALUES (gen_random_uuid(), decode(md5(random()::text), 'hex'), '\\x00', '\\x00', 'FR', 'agent', 'ePCT', now()) RETURNING id
         ), invitation AS (
           INSERT INTO invitations (survey_id, campaign_id, contact_id, language)
           SELECT campaign.survey_id, campaign.id, contact.id, 'fr' FROM campaign, contact RETURNING id
         )
         INSERT INTO invitation_tokens (token_hash, invitation_id)
         SELECT $1, id FROM invitation RETURNING invitation_id AS id`,
        [createHash('sha256').update(token).digest()],
      );
      return { token, invitationId: rows[0].id };
    } finally {
      await client.end();
    }
  }

  async function optedOutAt(invitationId: string): Promise<Date | null> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT opted_out_at FROM invitations WHERE id = $1', [invitationId]);
      return rows[0].opted_out_at as Date | null;
    } finally {
      await client.end();
    }
  }

  it('the opt-out link takes the token from the fragment, wipes it, and sends it only in a header', async () => {
    const { token, invitationId } = await newInvitationToken();
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const seen = watch(page);
    const optOutCalls: { url: string; header: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/respond/opt-out')) {
        optOutCalls.push({ url: request.url(), header: request.headers()['x-invitation-token'] });
      }
    });
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) notFound.push(new URL(response.url()).pathname);
    });
    await page.goto(`${origin}/r/opt-out#${token}`);
    await page.getByRole('button', { name: 'Stop messages about this survey' }).waitFor();
    expect(page.url()).toBe(`${origin}/r/opt-out`);
    expect(await optedOutAt(invitationId)).toBeNull();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('opt-out-result').filter({ hasText: 'Done' }).waitFor();
    expect(await optedOutAt(invitationId)).not.toBeNull();
    expect(optOutCalls).toEqual([{ url: `${origin}/api/v1/respond/opt-out`, header: token }]);
    expect(seen.requested.every((url) => url.startsWith(origin) && !url.includes(token))).toBe(true);
    // This invitation is made by hand without a contact key, so the page's look-up of the
    // invitation's language finds nothing (404) and the page keeps the browser's language; that
    // answer is the only one allowed to fail, and the browser logs it as an error.
    expect(notFound).toEqual(['/api/v1/respond/link']);
    expect(seen.consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
    ]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(
      0,
    );

    await page.close();

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
