import type { Questionnaire } from '@survey/questionnaire';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { createTestDatabase, TestDatabase } from './utils/database';
import { filingQuestions } from './utils/input-types';
import { checkState } from './utils/respondent-app';
import { phonePage } from './utils/respondent-browser';
import { Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const root = join(__dirname, '../../..');
const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

/** A number with bounds and a validator of its own wording, a bounded date, and a choice with "Other". */
function questionnaire(): Questionnaire {
  return {
    title: six('Your filings'),
    pages: [
      {
        name: 'main',
        elements: [
          ...filingQuestions(),
          {
            type: 'radiogroup',
            name: 'office',
            title: six('Which office did you file with?'),
            choices: [
              { value: 'ib', text: six('International Bureau') },
              { value: 'national', text: six('A national office') },
            ],
            showOtherItem: true,
            otherText: six('Another office'),
          },
        ],
      },
    ],
  };
}

// The page's focused element and width, read in the browser (the API's tsconfig has no DOM library).
declare const document: { activeElement: { id: string } | null };

describe('the respondent app in Chromium: number, date and "Other (please specify)" inputs', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let invitees: Invitee[];

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/respondent/index.html'))) {
      throw new Error('The respondent app is not built: npm test builds it first (or npm run build:spa).');
    }
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { INVITATION_LINK_DAYS: '30' } });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ invitees } = await surveyWithInvitees(t.app, analyst, { questionnaire: questionnaire() }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function stored(invitationId: string): Promise<Record<string, unknown>[]> {
    const rows = await t.app
      .get(DataSource)
      .query('SELECT answers FROM responses WHERE invitation_id = $1', [invitationId]);
    return rows.map((row: { answers: Record<string, unknown> }) => row.answers);
  }

  async function start(page: Page, token: string): Promise<void> {
    await page.goto(`${origin}/r/#${token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByTestId('survey-intro').getByRole('button').last().click();
    await page.getByTestId('survey-page').waitFor();
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);
  const submit = (page: Page) => page.getByTestId('survey-page').locator('button[type="submit"]').click();
  /** The error shown at a question, which its control names with aria-describedby. */
  const errorOf = async (page: Page, name: string) => {
    const question = page.locator(`[data-question="${name}"]`);
    const error = question.locator('p.error');
    await error.waitFor();
    return { question, text: (await error.textContent())?.trim(), id: await error.getAttribute('id') };
  };

  it('is answered with the keyboard: out-of-range numbers and dates and an unexplained "Other" are said at their fields', async () => {
    const person = invitees.find((i) => i.language === 'en') ?? invitees[0];
    const { page } = await phonePage(browser, { locale: 'en-US', width: 390 });
    await start(page, person.token);

    const filings = page.getByLabel('How many applications did you file last year?');
    const lastFiling = page.getByLabel('When did you last file?');
    await filings.focus();
    await page.keyboard.type('6001');
    // Tab moves on to the date, typed as the locale writes it (month, day, year).
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(await lastFiling.getAttribute('id'));
    await page.keyboard.type('12311999');
    // "Other" by the keyboard: into the group, then arrow keys to the last item.
    const office = page.locator('[data-question="office"]');
    await office.getByRole('radio', { name: 'International Bureau' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await office.getByRole('radio', { name: 'Another office' }).isChecked()).toBe(true);
    const otherBox = page.getByLabel('Please say what “Other” means');
    await otherBox.waitFor();
    await submit(page);

    const number = await errorOf(page, 'filings');
    expect(number.text).toContain('At most 5000, please');
    expect(await filings.getAttribute('aria-invalid')).toBe('true');
    expect(await filings.getAttribute('aria-describedby')).toContain(number.id);
    const date = await errorOf(page, 'lastFiling');
    expect(date.text).toContain('Please enter 2000-01-01 or more.');
    expect(await lastFiling.getAttribute('aria-describedby')).toContain(date.id);
    const other = await errorOf(page, 'office');
    expect(other.text).toContain('Please say what “Other” means.');
    expect(await otherBox.getAttribute('aria-invalid')).toBe('true');
    await checkState(page, 'input-types-errors-en');
    expect(await stored(person.invitationId)).toEqual([]);

    // Corrected by the keyboard: the number retyped, the date retyped, the "Other" explained.
    await filings.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12.5');
    await lastFiling.focus();
    await page.keyboard.type('03142025');
    await otherBox.focus();
    await page.keyboard.type('The Lisbon office');
    await submit(page);
    await page.locator('[data-testid="survey-state"][data-state="thanks"]').waitFor();
    // The "Other" text is free text: stored encrypted apart from the closed answers.
    expect(await stored(person.invitationId)).toEqual([{ filings: 12.5, lastFiling: '2025-03-14', office: 'other' }]);
    await page.close();
  });

  it('reads right to left in Arabic at 390 px, with numbers and dates kept left to right, accessibly', async () => {
    const person = invitees.find((i) => i.language === 'ar');
    if (!person) throw new Error('the contacts fixture has no Arabic invitee');
    const { page } = await phonePage(browser, { locale: 'ar', width: 390 });
    await start(page, person.token);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const filings = page.locator('[data-question="filings"] input');
    expect(await filings.getAttribute('dir')).toBe('ltr');
    expect(await page.locator('[data-question="lastFiling"] input').getAttribute('dir')).toBe('ltr');
    await filings.focus();
    await page.keyboard.type('-3');
    await page.locator('[data-question="office"]').getByRole('radio', { name: 'Another office' }).check();
    await submit(page);
    // The bound is said in Arabic at the field, the "Other" box asks for its text.
    await page.locator('[data-question="filings"] p.error').waitFor();
    expect(await filings.getAttribute('aria-invalid')).toBe('true');
    await page.locator('[data-question="office"] p.error').waitFor();
    await checkState(page, 'input-types-errors-ar');
    await page.close();
  });
});
