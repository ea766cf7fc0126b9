import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp, type TestAppOptions } from './app';
import { launchBrowser } from './browser';
import { createTestDatabase, type TestDatabase } from './database';
import { seriousAxeViolations, watch, type AxeViolation, type Watched } from './respondent-browser';
import { totpCode, type TestStaff } from './staff';

const root = join(__dirname, '../../../..');
export const ANALYST_ARTIFACTS = join(root, 'test-artifacts/analyst');

export interface Console {
  db: TestDatabase;
  t: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port>: the API and both built SPAs. */
  origin: string;
  close(): Promise<void>;
}

/** The real app on a fresh database, listening on 127.0.0.1 and serving the built SPAs, plus Chromium. */
export async function startConsole(
  env: NodeJS.ProcessEnv = {},
  options: Pick<TestAppOptions, 'imports'> = {},
): Promise<Console> {
  if (!existsSync(join(root, 'dist/apps/analyst/index.html'))) {
    throw new Error('The analyst app is not built: npm test builds it first (or npm run build:spa).');
  }
  const db = await createTestDatabase();
  const t = await createTestApp({ databaseUrl: db.url, env, ...options });
  await t.app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  return {
    db,
    t,
    browser,
    origin,
    async close() {
      await browser.close();
      await t.close();
      await db.drop();
    },
  };
}

/** A fresh browser context (its own storage) at desktop width, watched for requests and errors. */
export async function desktopPage(
  browser: Browser,
  options: { locale?: string; width?: number; timezoneId?: string } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'Europe/Paris',
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { ...watch(page), context, close: () => context.close() };
}

const STEP_MS = 30_000;
const lastStepUsed = new Map<string, number>();

/**
 * A code the server has not seen yet: it refuses a time step used before (enrolment used the
 * current one), and accepts the next step early. Waits for the clock when both are used up.
 */
async function unusedCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / STEP_MS);
  let step = Math.max(now, (lastStepUsed.get(secret) ?? now) + 1);
  if (!lastStepUsed.has(secret)) step = now + 1;
  while (step > Math.floor(Date.now() / STEP_MS) + 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
  lastStepUsed.set(secret, step);
  return totpCode(secret, new Date(step * STEP_MS));
}

/**
 * Signs in through the sign-in page as a person would: e-mail, password and, when the account
 * has a second factor, the one-time code. Waits for the signed-in navigation.
 */
export async function signIn(page: Page, origin: string, staff: TestStaff, path = '/'): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByLabel(/e-mail/i).fill(staff.email);
  await page.getByLabel(/password|mot de passe/i).fill(staff.password);
  if (staff.totpSecret) {
    await page.getByLabel(/one-time code|code à usage unique/i).fill(await unusedCode(staff.totpSecret));
  }
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  // Attached, not necessarily visible (nor then in the accessibility tree): on a phone the
  // navigation is folded into a menu.
  await page.locator('header nav').waitFor({ state: 'attached' });
}

/** Saves a full-page screenshot under test-artifacts/analyst/ and prints where. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ANALYST_ARTIFACTS, { recursive: true });
  const path = join(ANALYST_ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`screenshot: ${relative(root, path)}\n`);
  return path;
}

/** Screenshot, then the serious and critical axe-core violations of the page as it is now. */
export async function checkPage(page: Page, name: string): Promise<AxeViolation[]> {
  await screenshot(page, name);
  return seriousAxeViolations(page);
}
