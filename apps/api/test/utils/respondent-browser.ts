import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const root = join(__dirname, '../../../..');

// The browser globals the page.evaluate callbacks below use: the API's tsconfig has no DOM
// library, and these declarations stay local to this module.
interface PageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  matches(selector: string): boolean;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
declare const document: { activeElement: PageElement | null };
interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}
declare const window: { axe: { run(context: unknown, options: object): Promise<AxeResult> } };
export const ARTIFACTS = join(root, 'test-artifacts/respondent');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for. */
  requested: string[];
  /** Console errors and uncaught exceptions (CSP violations land here). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (its own storage) at phone width, watched for requests and errors. */
export async function phonePage(browser: Browser, options: { locale?: string; width?: number } = {}): Promise<Watched> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 360, height: 740 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { ...watch(page), context, close: () => context.close() };
}

export function watch(page: Page): { page: Page; requested: string[]; consoleErrors: string[] } {
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, requested, consoleErrors };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern, so the page runs under its real policy. Returns the
 * serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot under test-artifacts/respondent/ and prints where. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`screenshot: ${relative(root, path)}\n`);
  return path;
}

/** How many pixels the page is wider than the window (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * Presses Tab (Shift+Tab backwards) until the focused element matches the selector (and has
 * this text, when given), as a keyboard user would.
 */
export async function tabTo(
  page: Page,
  selector: string,
  options: { text?: string; backwards?: boolean; max?: number } = {},
) {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < (options.max ?? 40); i++) {
    await page.keyboard.press(key);
    const reached = await page.evaluate(
      ([s, text]) => {
        const el = document.activeElement;
        return !!el && el.matches(s as string) && (text === null || el.textContent?.trim() === text);
      },
      [selector, options.text ?? null],
    );
    if (reached) return;
  }
  throw new Error(`Tab never reached ${selector}${options.text ? ` "${options.text}"` : ''}`);
}

/** What has the focus, for assertions: tag, name/id, and its accessible label text. */
export function focused(page: Page): Promise<{ tag: string; name: string | null; id: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const label = el?.closest('label')?.textContent ?? el?.textContent ?? '';
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      name: el?.getAttribute('name') ?? null,
      id: el?.id ?? '',
      text: label.trim(),
    };
  });
}

/** What the survey page keeps in the tab's sessionStorage (the raw JSON), or null. */
export function keptInTab(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("sessionStorage.getItem('respondent.survey')");
}
