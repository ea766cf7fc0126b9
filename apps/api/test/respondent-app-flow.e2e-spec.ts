import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { createTestDatabase, TestDatabase } from './utils/database';
import { flowSampleQuestionnaire } from './utils/flow';
import { checkState } from './utils/respondent-app';
import { phonePage } from './utils/respondent-browser';
import { Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const root = join(__dirname, '../../..');

const pick = (page: Page, question: string, label: string) =>
  page.locator(`[data-question="${question}"]`).getByRole('radio', { name: label, exact: true }).check();
const shownPage = (page: Page) => page.getByTestId('survey-page').getAttribute('data-page');

describe('the respondent app in Chromium: jumps, early ends and page conditions', () => {
  let db: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let invitees: Invitee[];
  const questionnaire = flowSampleQuestionnaire();

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/respondent/index.html'))) {
      throw new Error('The respondent app is not built: npm test builds it first (or npm run build:spa).');
    }
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { INVITATION_LINK_DAYS: '30' } });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ invitees } = await surveyWithInvitees(t.app, analyst, { questionnaire }));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  async function storedOrder(
    invitationId: string,
  ): Promise<{ questions: Record<string, string[]>; choices: Record<string, string[]> }> {
    const rows = await t.app
      .get(DataSource)
      .query('SELECT display_order FROM responses WHERE invitation_id = $1', [invitationId]);
    return rows[0].display_order;
  }

  async function stored(invitationId: string): Promise<Record<string, unknown>> {
    const rows = await t.app
      .get(DataSource)
      .query('SELECT answers FROM responses WHERE invitation_id = $1', [invitationId]);
    expect(rows).toHaveLength(1);
    return rows[0].answers as Record<string, unknown>;
  }

  it('jumps over a page, comes back along the path taken, shows the drawn order, then ends early, and sends only what the path showed', async () => {
    const person = invitees.find((i) => i.language === 'en') ?? invitees[0];
    const { page } = await phonePage(browser, { locale: 'en-US' });
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: /start|commencer|empezar|ابدأ|开始|начать/i }).click();
    expect(await shownPage(page)).toBe('overall');

    // Satisfaction 5 jumps over the services page: two pages in all.
    await pick(page, 'nps', '10');
    await pick(page, 'satisfaction', '5');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-page="comments"]').waitFor();
    // The information block: its markup as elements, its link leaving without a Referer.
    const block = page.locator('[data-question="commentsNote"]');
    expect(await block.locator('p strong').textContent()).toBe('*');
    expect(await block.locator('a').getAttribute('href')).toBe('https://www.example.org/privacy');
    expect(await block.locator('a').getAttribute('rel')).toContain('noreferrer');
    expect(await block.locator('a').textContent()).toBe('>>');
    // The page title shows the answer given on the first page (piping, done in the browser).
    expect(await page.locator('#page-title').textContent()).toMatch(/\(5\/5\)$/);
    await page.getByTestId('survey-page').locator('.progress progress[max="2"][value="2"]').waitFor();

    // An e-mail answer that is not an address is pointed out before anything is sent; it reads left to right.
    const email = page.locator('[data-question="contactEmail"] input');
    expect(await email.getAttribute('type')).toBe('email');
    expect(await email.getAttribute('dir')).toBe('ltr');
    await email.fill('not an address');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-question="contactEmail"][data-invalid="true"]').waitFor();
    expect(
      await t.app.get(DataSource).query('SELECT 1 FROM responses WHERE invitation_id = $1', [person.invitationId]),
    ).toEqual([]);
    await email.fill('');

    // Back goes to the first page, not to the page jumped over; a lower score takes the longer path.
    await page.getByTestId('survey-page').locator('button.secondary').click();
    await page.locator('[data-page="overall"]').waitFor();
    await pick(page, 'satisfaction', '3');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-page="services"]').waitFor();
    await page.getByTestId('survey-page').locator('.progress progress[max="3"][value="2"]').waitFor();
    // Randomised: the page's questions and the main service's choices in the order drawn for this person.
    const shownQuestions = await page
      .locator('[data-testid="survey-page"] [data-question]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-question')));
    const shownChoices = await page
      .locator('[data-question="mainService"] .option-label')
      .evaluateAll((nodes) => nodes.map((node) => node.textContent));
    await page.locator('[data-question="mainService"] input[type="radio"]').first().check();

    // Back again, and an NPS of 1 ends the survey after this page: the button now sends.
    await page.getByTestId('survey-page').locator('button.secondary').click();
    await page.locator('[data-page="overall"]').waitFor();
    const submit = page.getByTestId('survey-page').locator('button[type="submit"]');
    const nextLabel = await submit.textContent();
    await pick(page, 'nps', '1');
    await page.locator('[data-question="npsReason"]').waitFor();
    await page.getByTestId('survey-page').locator('.progress progress[max="1"][value="1"]').waitFor();
    expect(await submit.textContent()).not.toBe(nextLabel);
    await submit.click();
    await page.locator('[data-testid="survey-state"][data-state="thanks"]').waitFor();

    // The answer given on the page the early end cut off was dropped in the browser, not refused.
    expect(await stored(person.invitationId)).toEqual({ nps: 1, satisfaction: 3 });
    // The order sent with the answers is the order that was shown.
    const order = await storedOrder(person.invitationId);
    expect(order.questions.services.filter((name) => shownQuestions.includes(name))).toEqual(shownQuestions);
    const mainService = questionnaire.pages[1].elements.find((q) => q.name === 'mainService');
    if (mainService?.type !== 'radiogroup') throw new Error('the sample questionnaire has changed');
    const texts = order.choices.mainService.map((value) => mainService.choices.find((c) => c.value === value)?.text.en);
    expect(texts).toEqual(shownChoices);
    await page.close();
  });

  it('shows the new kinds of question right to left in Arabic, with addresses left to right, at 390 px, accessibly', async () => {
    const person = invitees.find((i) => i.language === 'ar');
    if (!person) throw new Error('the contacts fixture has no Arabic invitee');
    const { page } = await phonePage(browser, { locale: 'ar', width: 390 });
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('survey-intro').getByRole('button').last().click();
    await pick(page, 'nps', '9');
    await pick(page, 'satisfaction', '4');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-page="comments"]').waitFor();
    expect(await page.locator('[data-question="contactEmail"] input').getAttribute('dir')).toBe('ltr');
    // Each text of the multiple-text question has its own label.
    await page.getByLabel('City', { exact: true }).fill('Genève');
    await page.getByLabel('Team', { exact: true }).fill('PCT');
    await checkState(page, 'flow-comments-ar');
    await page.getByTestId('survey-page').locator('button[type="submit"]').click();
    await page.locator('[data-testid="survey-state"][data-state="thanks"]').waitFor();
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT answers, free_text IS NOT NULL AS sealed FROM responses WHERE invitation_id = $1', [
        person.invitationId,
      ]);
    expect(row).toEqual({ answers: { nps: 9, satisfaction: 4 }, sealed: true });
    await page.close();
  });
});
