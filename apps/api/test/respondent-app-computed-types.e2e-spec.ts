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
import { checkState } from './utils/respondent-app';
import { phonePage } from './utils/respondent-browser';
import { Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const root = join(__dirname, '../../..');
const six = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });

function questionnaire(): Questionnaire {
  return {
    title: six('Priorities'),
    pages: [
      {
        name: 'main',
        elements: [
          { type: 'rating', name: 'score', title: six('Score'), rateMin: 0, rateMax: 10, isRequired: true },
          {
            type: 'ranking',
            name: 'priorities',
            title: six('Priorities'),
            isRequired: true,
            choices: [
              { value: 'speed', text: six('Speed') },
              { value: 'price', text: six('Price') },
              { value: 'help', text: six('Help') },
            ],
          },
          { type: 'slider', name: 'effort', title: six('Effort'), min: 0, max: 10, step: 0.5, isRequired: true },
          {
            type: 'expression',
            name: 'average',
            title: six('Average'),
            expression: '({score} + {effort}) / 2',
            maximumFractionDigits: 2,
          },
        ],
      },
    ],
  };
}

// The page's focused element, read in the browser (the API's tsconfig has no DOM library).
declare const document: { activeElement: { getAttribute(name: string): string | null } | null };

describe('the respondent app in Chromium: ranking, slider and computed value', () => {
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

  async function stored(invitationId: string): Promise<Record<string, unknown>> {
    const rows = await t.app
      .get(DataSource)
      .query('SELECT answers FROM responses WHERE invitation_id = $1', [invitationId]);
    expect(rows).toHaveLength(1);
    return rows[0].answers as Record<string, unknown>;
  }

  async function start(page: Page, token: string): Promise<void> {
    await page.goto(`${origin}/r/#${token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByTestId('survey-intro').getByRole('button').last().click();
    await page.getByTestId('survey-page').waitFor();
  }

  const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

  it('is answered with the keyboard alone: moves announced, focus kept on the moved item, slider by arrow keys', async () => {
    const person = invitees.find((i) => i.language === 'en') ?? invitees[0];
    const { page } = await phonePage(browser, { locale: 'en-US', width: 390 });
    await start(page, person.token);
    const ranking = page.locator('[data-question="priorities"]');

    // Unanswered and required: Next says so at the ranking.
    await page.locator('[data-question="score"]').getByRole('radio', { name: '8', exact: true }).check();
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-question="priorities"][data-invalid="true"]').waitFor();

    // Speed down one place with Enter on its button: announced, and focus stays with Speed.
    await ranking.getByRole('button', { name: 'Move down: Speed' }).focus();
    await page.keyboard.press('Enter');
    await ranking.getByRole('status').filter({ hasText: 'Speed: now 2 of 3.' }).waitFor();
    expect(await focusedLabel(page)).toBe('Move down: Speed');
    // Help to the top: up twice, the focus following it; at the top its Move up is disabled.
    await ranking.getByRole('button', { name: 'Move up: Help' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await ranking.getByRole('button', { name: 'Move up: Help' }).isDisabled()).toBe(true);
    expect(await focusedLabel(page)).toBe('Move down: Help');
    expect(await ranking.locator('.ranking-text').allTextContents()).toEqual(['Help', 'Price', 'Speed']);

    // The slider, by its label: three steps right from the start.
    const slider = page.getByRole('slider', { name: 'Effort' });
    await slider.focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    await page.locator('[data-question="effort"] output').filter({ hasText: 'Your answer: 1.5' }).waitFor();
    // The computed value follows: (8 + 1.5) / 2.
    await page.locator('[data-question="average"] output').filter({ hasText: '4.75' }).waitFor();
    expect(await page.locator('[data-question="average"] input').count()).toBe(0);

    await checkState(page, 'computed-types-en');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-testid="survey-state"][data-state="thanks"]').waitFor();
    expect(await stored(person.invitationId)).toEqual({
      score: 8,
      priorities: ['help', 'price', 'speed'],
      effort: 1.5,
      average: 4.75,
    });
    await page.close();
  });

  it('reads right to left in Arabic at 390 px, accessibly, and keeps the order shown when asked to', async () => {
    const person = invitees.find((i) => i.language === 'ar');
    if (!person) throw new Error('the contacts fixture has no Arabic invitee');
    const { page } = await phonePage(browser, { locale: 'ar', width: 390 });
    await start(page, person.token);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('[data-question="score"]').getByRole('radio', { name: '10', exact: true }).check();
    const ranking = page.locator('[data-question="priorities"]');
    // "Keep this order": the last action button before any move.
    await ranking.locator('.ranking-actions button').click();
    await page.getByRole('slider').press('End');
    await page.locator('[data-question="average"] output').filter({ hasText: /١٠|10/ }).waitFor();
    await checkState(page, 'computed-types-ar');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-testid="survey-state"][data-state="thanks"]').waitFor();
    expect(await stored(person.invitationId)).toEqual({
      score: 10,
      priorities: ['speed', 'price', 'help'],
      effort: 10,
      average: 10,
    });
    await page.close();
  });
});
