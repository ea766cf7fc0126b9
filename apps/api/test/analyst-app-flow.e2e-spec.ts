import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { answered, dataOf } from './utils/client';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { completeAnswers } from './utils/respondents';
import type { Watched } from './utils/respondent-browser';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

const FIXTURE_PATH = join(__dirname, 'fixtures/contacts-extract.csv');
const PUBLIC_URL = 'https://surveys.example.org';
const SURVEY_LINK = /https:\/\/surveys\.example\.org\/r\/#([A-Za-z0-9_-]{43})/;
const NAME = 'Filers satisfaction 2027';
/** The fixture's outcome (its README): ten contacts made, one row updating another, eight refused. */
const FIXTURE_CONTACTS = 10;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The first cell of a funnel stage, as the campaign page shows it. */
function stage(page: Page, name: string) {
  return page.locator(`[data-testid="funnel-table"] tr[data-stage="${name}"] td`).first();
}

/**
 * Issue 9, item 10: the whole of an analyst's work in the browser, each step through the console's
 * own pages — create a survey, publish it, import the platforms' extract, launch a campaign whose
 * mail really goes out, then watch responses arrive and the results' charts render.
 */
describe('the analyst app: from a new survey to its charts', () => {
  let c: Console;
  let smtp: TestSmtp;
  let analyst: TestStaff;
  let w: Watched;
  let page: Page;
  let dataSource: DataSource;
  let surveyId: string;
  let campaignId: string;
  /** Answers of 400 or more the page received ("METHOD /path status"): none is expected. */
  const refusals: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    c = await startConsole({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_POLL_INTERVAL_MS: '300',
      MAIL_FROM: 'satisfaction@survey.example.org',
      PUBLIC_URL,
    });
    dataSource = c.t.app.get(DataSource);
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    w = await desktopPage(c.browser);
    page = w.page;
    page.on('response', (response) => {
      if (response.status() >= 400) {
        refusals.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
      }
    });
    await signIn(page, c.origin, analyst);
  }, 120_000);

  afterAll(async () => {
    await w?.close();
    await c?.close();
    await smtp?.close();
  });

  afterEach(() => {
    expect(refusals).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.requested.filter((url) => !url.startsWith(c.origin))).toEqual([]);
  });

  it('creates a survey from the sample questionnaire and publishes it', async () => {
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
    surveyId = page.url().split('/').at(-2)!;
    await page.getByRole('heading', { level: 1, name: `Questionnaire: ${NAME}` }).waitFor();
    const preview = page.frameLocator('iframe');
    await preview.getByRole('heading', { level: 1, name: sampleSatisfactionQuestionnaire().title.en }).waitFor();

    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByRole('button', { name: 'Publish and open the survey' }).click();
    await page
      .getByRole('dialog', { name: 'Publish the questionnaire?' })
      .getByRole('button', { name: 'Publish and open the survey' })
      .click();
    await page.getByTestId('survey-versions').getByRole('rowheader', { name: '1' }).waitFor();
    const [survey] = await dataSource.query<{ status: string }[]>('SELECT status FROM surveys WHERE id = $1', [
      surveyId,
    ]);
    expect(survey.status).toBe('open');
    expect(await checkPage(page, 'flow-1-survey-published')).toEqual([]);
  });

  it('imports the filing platforms’ extract and follows it to the end', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('File to import').setInputFiles(FIXTURE_PATH);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/contacts\/imports\/[0-9a-f-]{36}$/);
    await page.getByTestId('import-status').filter({ hasText: 'Done: all 19 rows processed.' }).waitFor();
    const [contacts] = await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM contacts');
    expect(contacts.n).toBe(FIXTURE_CONTACTS);
    expect(await checkPage(page, 'flow-2-contacts-imported')).toEqual([]);
  });

  it('launches a campaign to everyone, whose invitations really go out', async () => {
    await page.goto(`${c.origin}/surveys/${surveyId}/campaigns`);
    await page.getByRole('heading', { level: 1, name: `Campaigns: ${NAME}` }).waitFor();
    const count = page.locator('[data-testid="live-count"][data-state="ready"]');
    await count.filter({ hasText: `${FIXTURE_CONTACTS} contacts will be invited` }).waitFor();
    await page.getByLabel('Campaign name').fill('Wave 1');
    await page.getByRole('button', { name: 'Send invitations…' }).click();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;
    await until('every invitation delivered', async () => (await stage(page, 'delivered').innerText()) === '10');
    expect(await stage(page, 'invited').innerText()).toBe(String(FIXTURE_CONTACTS));
    expect(smtp.inbox).toHaveLength(FIXTURE_CONTACTS);
    expect(smtp.inbox.every((d) => SURVEY_LINK.test(d.mail.text ?? ''))).toBe(true);
    expect(await page.getByTestId('funnel-chart').getAttribute('data-rendered')).toBe('true');
    expect(await checkPage(page, 'flow-3-campaign-sent')).toEqual([]);
  });

  /** Respondents answer through the links they were mailed, as the respondent app would send it. */
  async function respond(count: number, from: number): Promise<void> {
    for (const delivered of smtp.inbox.slice(from, from + count)) {
      const invitation = SURVEY_LINK.exec(delivered.mail.text ?? '')![1];
      const answers = completeAnswers({ nps: 6 + (from % 5), satisfaction: 2 + (from++ % 4) });
      await answered(c.t.api({ invitation }).POST('/api/v1/respond/submit', { body: { answers } }), 200);
    }
  }

  it('sees responses arrive in the campaign’s funnel and in the results, with their charts', async () => {
    await respond(5, 0);
    await page.reload();
    await until('5 completed', async () => (await stage(page, 'completed').innerText()) === '5');

    await page.goto(`${c.origin}/surveys/${surveyId}/results`);
    await page.getByRole('heading', { level: 1, name: `Results: ${NAME}` }).waitFor();
    await page
      .getByTestId('population-responses')
      .filter({ hasText: /^\s*5\s*$/ })
      .waitFor();

    await respond(4, 5);
    await page.reload();
    await page
      .getByTestId('population-responses')
      .filter({ hasText: /^\s*9\s*$/ })
      .waitFor();
    await page.goto(`${c.origin}/campaigns/${campaignId}`);
    await until('9 completed', async () => (await stage(page, 'completed').innerText()) === '9');
    expect(await checkPage(page, 'flow-4-campaign-responses')).toEqual([]);

    await page.goto(`${c.origin}/surveys/${surveyId}/results`);
    await page
      .getByTestId('population-responses')
      .filter({ hasText: /^\s*9\s*$/ })
      .waitFor();
    const token = await sessionFor(c.t.app, analyst);
    const statistics = await dataOf(
      c.t.api({ staff: token }).GET('/api/v1/surveys/{id}/statistics', { params: { path: { id: surveyId } } }),
    );
    expect(statistics.population.responses.value).toBe(9);
    // Every chart on the page has drawn (canvas), and the NPS shown is the API's.
    const charts = page.locator('.chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(statistics.items.length);
    await until(
      'every chart drawn',
      async () =>
        (await charts.evaluateAll((els) => els.every((el) => el.getAttribute('data-rendered') === 'true'))) === true,
    );
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(statistics.items.length);
    const nps = statistics.items.find((item) => item.name === 'nps')!.overall.nps!;
    const shown = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
      nps.score,
    );
    expect(await page.getByTestId('nps-score-nps').innerText()).toContain(shown);
    // One contact per country in the fixture: every country is under k and shown as suppressed.
    expect(
      await page.getByTestId('breakdown-table-country').locator('[data-suppressed="true"]').count(),
    ).toBeGreaterThan(0);
    expect(await checkPage(page, 'flow-5-results-charts')).toEqual([]);
  });
});
