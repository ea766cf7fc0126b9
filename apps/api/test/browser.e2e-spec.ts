import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('the analyst app shows the API and database status it fetched through the client', async () => {
    const page = await browser.newPage();
    const seen = watch(page);
    await page.goto(`${origin}/`);
    await page.getByTestId('api-status').filter({ hasText: 'API: ok' }).waitFor();
    await page.getByTestId('db-status').filter({ hasText: 'Database: up' }).waitFor();
    expect(await page.title()).toContain('staff console');
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requested.every((url) => url.startsWith(origin))).toBe(true);
    expect(seen.requested).toEqual(expect.arrayContaining([`${origin}/health/live`, `${origin}/health/ready`]));
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
