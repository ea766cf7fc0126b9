import type { Questionnaire } from '@survey/questionnaire';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { createTestDatabase, TestDatabase } from './utils/database';
import {
  focused,
  horizontalOverflow,
  keptInTab,
  phonePage,
  screenshot,
  seriousAxeViolations,
  tabTo,
  type Watched,
} from './utils/respondent-browser';
import { bearer, completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

const root = join(__dirname, '../../..');
const TOKEN = 'X-Invitation-Token';

describe('the respondent app in Chromium', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let browser: Browser;
  let origin: string;
  let analyst: string;
  /** Invitations of two open surveys (ten contacts each), handed out once each. */
  let invitees: (Invitee & { surveyId: string })[];
  const used = new Set<string>();

  const api = () => request(t.app.getHttpServer());

  /** An invitation of the open survey no other test has used, in the given language if there is one. */
  function invitee(language?: string): Invitee & { surveyId: string } {
    const found =
      invitees.find((i) => !used.has(i.invitationId) && (language === undefined || i.language === language)) ??
      invitees.find((i) => !used.has(i.invitationId));
    if (!found) throw new Error('No unused invitation left');
    used.add(found.invitationId);
    return found;
  }

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/respondent/index.html'))) {
      throw new Error('The respondent app is not built: npm test builds it first (or npm run build:spa).');
    }
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { RESPOND_MAX_INVALID_TOKENS: '5', INVITATION_LINK_DAYS: '30' },
    });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    invitees = [];
    for (const name of ['Filers satisfaction', 'Filers satisfaction (second wave)']) {
      const made = await surveyWithInvitees(t.app, analyst, { name, importContacts: invitees.length === 0 });
      invitees.push(...made.invitees.map((i) => ({ ...i, surveyId: made.surveyId })));
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  /** The survey's web responses as analysts read them (free text decrypted). */
  async function storedAnswers(
    invitation: Invitee & { surveyId: string },
  ): Promise<{ answers: Record<string, unknown>; language: string }> {
    const [row] = await dataSource.query('SELECT id FROM responses WHERE invitation_id = $1', [
      invitation.invitationId,
    ]);
    if (!row) throw new Error('no response stored');
    const page = await api().get(`/api/v1/surveys/${invitation.surveyId}/responses`).set(bearer(analyst)).expect(200);
    const found = (
      page.body.items as { responseId: string; answers: Record<string, unknown>; language: string }[]
    ).find((item) => item.responseId === row.id);
    if (!found) throw new Error('response not listed');
    return found;
  }

  async function responseCount(invitation: Invitee): Promise<number> {
    const [row] = await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE invitation_id = $1', [
      invitation.invitationId,
    ]);
    return row.n as number;
  }

  /** The page's state: no horizontal scrolling at 360 px, no serious or critical axe violation, a screenshot. */
  async function checkState(page: Page, name: string) {
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  /** Nothing left the origin, no URL carried the token, and the page broke no CSP rule. */
  function expectClean(watched: Watched, token?: string) {
    expect(watched.requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    if (token) expect(watched.requested.filter((url) => url.includes(token))).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
  }

  const state = (page: Page) => page.getByTestId('survey-state');

  it('completes the survey in French with the keyboard only (invitation language, required messages, progress)', async () => {
    const person = invitee('fr');
    const w = await phonePage(browser, { locale: 'en-US' });
    const { page } = w;
    const headers: (string | undefined)[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/v1/respond')) headers.push(req.headers()['x-invitation-token']);
    });
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    // The token left the address bar; the invitation's language wins over the browser's.
    expect(page.url()).toBe(`${origin}/r/`);
    await page
      .getByRole('heading', { level: 1, name: 'Enquête de satisfaction : services de dépôt international' })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.getByRole('heading', { name: 'Vos données personnelles' }).waitFor();
    await checkState(page, 'intro-fr');

    await tabTo(page, 'button', { text: 'Commencer l’enquête' });
    await page.keyboard.press('Enter');
    await page.getByText('Page 1 sur 3').waitFor();
    expect((await focused(page)).id).toBe('page-title');

    // Next without answers: the required questions say so and the focus goes to the first.
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '2 questions demandent votre attention.' }).waitFor();
    expect(await page.getByText('Veuillez répondre à cette question.').count()).toBe(2);
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'q-nps', text: '0' });
    await checkState(page, 'required-messages-fr');

    // NPS 9 with the arrow keys (passing 0–6 shows the follow-up question, 7 hides it again).
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ name: 'q-nps', text: '9' });
    expect(await page.locator('[data-question="npsReason"]').count()).toBe(0);
    await tabTo(page, 'input[name="q-satisfaction"]');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ name: 'q-satisfaction', text: '4' });
    expect(await page.getByRole('alert').count()).toBe(0);
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByText('Page 2 sur 3').waitFor();
    expect((await focused(page)).id).toBe('page-title');
    await tabTo(page, 'input[name="q-mainService"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name="q-channels"]');
    await page.keyboard.press('Space'); // eservices
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // email
    await tabTo(page, 'select#q-filerType');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('select#q-filerType').inputValue()).toBe('1');
    await tabTo(page, 'input[name="q-contactedSupport"]');
    await page.keyboard.press('Space'); // Oui: the matrix appears
    await page.locator('[data-question="support"]').waitFor();
    for (const row of ['timeliness', 'clarity', 'courtesy']) {
      await tabTo(page, `input[name="q-support-${row}"]`);
      await page.keyboard.press('Space');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    }
    await checkState(page, 'page-2-fr');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByText('Page 3 sur 3').waitFor();
    await tabTo(page, 'textarea#q-suggestions');
    await page.keyboard.type('Des webinaires plus fréquents, merci.');
    await tabTo(page, 'button[type="submit"]');
    expect((await focused(page)).text).toBe('Envoyer mes réponses');
    await page.keyboard.press('Enter');
    await state(page).and(page.locator('[data-state="thanks"]')).waitFor();
    await page.getByRole('heading', { name: 'Merci !' }).waitFor();
    await checkState(page, 'thanks-fr');

    const stored = await storedAnswers(person);
    expect(stored.language).toBe('fr');
    expect(stored.answers).toEqual({
      nps: 9,
      satisfaction: 4,
      mainService: 'pct',
      channels: ['eservices', 'email'],
      filerType: 'attorney',
      contactedSupport: true,
      support: { timeliness: 4, clarity: 4, courtesy: 4 },
      suggestions: 'Des webinaires plus fréquents, merci.',
    });
    expect(headers.length).toBeGreaterThan(1);
    expect(headers.every((h) => h === person.token)).toBe(true);
    expectClean(w, person.token);

    // The same link again: already answered, said kindly.
    await page.goto(`${origin}/r/#${person.token}`);
    await state(page).and(page.locator('[data-state="already-submitted"]')).waitFor();
    await page.getByText(/Vos réponses ont été reçues avec ce lien le/).waitFor();
    await checkState(page, 'already-submitted-fr');
    await w.close();
  });

  /** Waits until the page says every answer is saved on the server. */
  async function saved(page: Page) {
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
  }

  async function draftOf(person: Invitee): Promise<Record<string, unknown> | null> {
    const res = await api().get('/api/v1/respond').set(TOKEN, person.token).expect(200);
    return (res.body.draft?.answers as Record<string, unknown>) ?? null;
  }

  it('saves a draft as the person goes and resumes it after a reload, and from the link in a new tab', async () => {
    const person = invitee('es');
    const w = await phonePage(browser, { locale: 'es-ES' });
    const { page } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Comenzar la encuesta' }).click();
    await page.locator('[data-question="nps"] label', { hasText: /^3$/ }).click();
    const reason = page.locator('textarea#q-npsReason');
    await reason.fill('Las respuestas tardan demasiado.');
    await saved(page);
    expect(await page.getByTestId('save-status').textContent()).toBe('Todas las respuestas están guardadas.');
    expect(await draftOf(person)).toEqual({ nps: 3, npsReason: 'Las respuestas tardan demasiado.' });
    // Nothing unsaved is left on the device once the server has it.
    expect(await keptInTab(page)).not.toContain('tardan');

    await page.reload();
    await page.getByText('Página 1 de 3').waitFor();
    expect(page.url()).toBe(`${origin}/r/`);
    expect(
      await page.locator('[data-question="nps"] input:checked').evaluate((el) => el.parentElement?.textContent),
    ).toBe('3');
    expect(await reason.inputValue()).toBe('Las respuestas tardan demasiado.');
    // Choosing 7 hides the follow-up question and drops its answer, on the server too.
    await page.locator('[data-question="nps"] label', { hasText: /^7$/ }).click();
    await expect(reason.count()).resolves.toBe(0);
    await saved(page);
    expect(await draftOf(person)).toEqual({ nps: 7 });
    await w.close();

    // The tab is closed; the link opened again later offers to continue.
    const again = await phonePage(browser, { locale: 'es-ES' });
    await again.page.goto(`${origin}/r/#${person.token}`);
    await again.page.getByText(/Sus respuestas se guardaron el/).waitFor();
    await checkState(again.page, 'resume-es');
    await again.page.getByRole('button', { name: 'Continuar donde lo dejó' }).click();
    await again.page.getByText('Página 1 de 3').waitFor();
    expect(await again.page.locator('[data-question="nps"] input:checked').count()).toBe(1);
    expectClean(again, person.token);
    await again.close();
  });

  it('keeps what is typed while the connection is lost, says so, and saves it when it returns', async () => {
    const person = invitee('en');
    const w = await phonePage(browser);
    const { page, context } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Start the survey' }).click();
    await page.locator('[data-question="nps"] label', { hasText: /^8$/ }).click();
    await saved(page);

    await context.setOffline(true);
    await page.locator('[data-question="satisfaction"] label', { hasText: /^2$/ }).click();
    await page.locator('[data-testid="save-status"][data-state="offline"]').waitFor();
    expect(await page.getByTestId('save-status').textContent()).toContain('No connection. Your answers are kept');
    await checkState(page, 'offline-saving-en');
    // The unsaved answer is kept on the device meanwhile.
    expect(JSON.parse((await keptInTab(page)) ?? '{}').pending).toEqual({
      nps: 8,
      satisfaction: 2,
    });
    expect(await draftOf(person)).toEqual({ nps: 8 });

    await context.setOffline(false);
    await saved(page);
    expect(await draftOf(person)).toEqual({ nps: 8, satisfaction: 2 });
    expect(JSON.parse((await keptInTab(page)) ?? '{}').pending).toBe(undefined);
    await w.close();
  });

  it('a submission without a connection says so and goes through when the connection returns', async () => {
    const person = invitee('en');
    await api().put('/api/v1/respond/draft').set(TOKEN, person.token).send({ answers: completeAnswers() }).expect(200);
    const w = await phonePage(browser);
    const { page, context } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Continue where you left off' }).click();
    await page.getByText('Page 3 of 3').waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your answers could not be sent: no connection.' }).waitFor();
    await checkState(page, 'offline-submitting-en');
    expect(await responseCount(person)).toBe(0);
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(await responseCount(person)).toBe(1);
    expect((await storedAnswers(person)).answers).toEqual(completeAnswers());
    await w.close();
  });

  it('shows the lost-connection state when the survey cannot load, and loads it once the connection is back', async () => {
    const person = invitee('en');
    const w = await phonePage(browser);
    const { page } = w;
    await page.route('**/api/v1/respond**', (route) => route.abort('internetdisconnected'));
    await page.goto(`${origin}/r/#${person.token}`);
    await state(page).and(page.locator('[data-state="offline"]')).waitFor();
    await page.getByRole('heading', { name: 'No connection' }).waitFor();
    await checkState(page, 'offline-loading-en');
    await page.getByRole('button', { name: 'Try again' }).click();
    await state(page).and(page.locator('[data-state="offline"]')).waitFor();
    // It tries again by itself.
    await page.unroute('**/api/v1/respond**');
    await page.getByTestId('survey-intro').waitFor({ timeout: 20_000 });
    // The requests aborted on purpose are logged; anything else (a CSP violation) is not allowed.
    const aborted = (e: string) => /net::ERR_INTERNET_DISCONNECTED/.test(e);
    expect(w.consoleErrors.filter(aborted).length).toBeGreaterThanOrEqual(1);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !aborted(e)));
    expectClean(w, person.token);
    await w.close();
  });

  it('renders every question type of libs/questionnaire, with numeric values, choice limits, matrix rows and conditions', async () => {
    const text = (en: string) => ({ en, fr: en, es: en, ar: en, zh: en, ru: en });
    const choice = (value: string | number, label: string) => ({ value, text: text(label) });
    const questionnaire = {
      title: text('Every question type'),
      pages: [
        {
          name: 'only',
          elements: [
            {
              type: 'rating',
              name: 'effort',
              title: text('How easy was filing?'),
              isRequired: true,
              rateMin: 1,
              rateMax: 7,
            },
            {
              type: 'radiogroup',
              name: 'visits',
              title: text('How many visits?'),
              choices: [choice(1, 'One'), choice(2, 'Two')],
            },
            {
              type: 'dropdown',
              name: 'year',
              title: text('Which year?'),
              isRequired: true,
              choices: [choice(2024, 'Twenty twenty-four'), choice(2025, 'Twenty twenty-five')],
            },
            {
              type: 'checkbox',
              name: 'topics',
              title: text('Pick up to two topics'),
              maxSelectedChoices: 2,
              choices: [choice('fees', 'Fees'), choice('forms', 'Forms'), choice('support', 'Support')],
            },
            {
              type: 'boolean',
              name: 'again',
              title: text('Would you file again?'),
              labelTrue: text('Certainly'),
              labelFalse: text('Unlikely'),
            },
            {
              type: 'matrix',
              name: 'grid',
              title: text('Rate each aspect'),
              isRequired: true,
              rows: [choice('speed', 'Speed'), choice('price', 'Price')],
              columns: [choice('low', 'Low'), choice('high', 'High')],
            },
            { type: 'comment', name: 'why', title: text('Why not?'), visibleIf: '{again} = false', maxLength: 20 },
          ],
        },
      ],
    };
    const made = await surveyWithInvitees(t.app, analyst, {
      name: 'Every type',
      importContacts: false,
      questionnaire: questionnaire as unknown as Questionnaire,
    });
    const person = { ...made.invitees.find((i) => i.language === 'en')!, surveyId: made.surveyId };
    const w = await phonePage(browser);
    const { page } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Start the survey' }).click();
    await page.getByText('Page 1 of 1').waitFor();

    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByRole('alert').filter({ hasText: '3 questions need your attention.' }).waitFor();
    expect(
      await page.locator('[data-invalid="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-question'))),
    ).toEqual(['effort', 'year', 'grid']);

    await page.locator('[data-question="effort"] label', { hasText: /^6$/ }).click();
    await page.getByLabel('Which year?').selectOption({ label: 'Twenty twenty-five' });
    await page.getByLabel('Fees').check();
    await page.getByLabel('Forms').check();
    expect(await page.getByLabel('Support').isDisabled()).toBe(true);
    await page.getByText('Select up to 2.').waitFor();
    await page.locator('[data-row="speed"]').getByLabel('High').check();
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.locator('[data-question="grid"]').getByText('Please answer every row.').waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'q-grid-speed' });
    await page.locator('[data-row="price"]').getByLabel('Low').check();
    expect(await page.locator('textarea#q-why').count()).toBe(0);
    await page.getByLabel('Unlikely').check();
    await page.locator('textarea#q-why').fill('Too slow, far too expensive');
    expect(await page.locator('textarea#q-why').inputValue()).toBe('Too slow, far too ex');
    await page.getByLabel('Two').check();
    await checkState(page, 'every-question-type');
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect((await storedAnswers(person)).answers).toEqual({
      effort: 6,
      visits: 2,
      year: 2025,
      topics: ['fees', 'forms'],
      again: false,
      grid: { speed: 'high', price: 'low' },
      why: 'Too slow, far too ex',
    });
    expectClean(w, person.token);
    await w.close();
  });

  it('completes the survey in Arabic, chosen with the language switcher, laid out right to left', async () => {
    const person = invitee('en');
    const w = await phonePage(browser);
    const { page } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByRole('heading', { name: 'Customer satisfaction survey: international filing services' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('button', { name: 'بدء الاستبيان' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await checkState(page, 'intro-ar');
    await page.getByRole('button', { name: 'بدء الاستبيان' }).click();
    await page.getByText('الصفحة 1 من 3').waitFor();
    await page.locator('[data-question="nps"] label', { hasText: /^10$/ }).click();
    await page.locator('[data-question="satisfaction"] label', { hasText: /^5$/ }).click();
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.getByText('الصفحة 2 من 3').waitFor();
    // The choice survives a reload.
    await saved(page);
    await page.reload();
    await page.getByText('الصفحة 2 من 3').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('[data-question="mainService"] label').nth(1).click();
    await page.locator('[data-question="filerType"] select').selectOption({ index: 1 });
    await page.locator('[data-question="contactedSupport"] label').nth(1).click();
    await checkState(page, 'page-2-ar');
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.getByText('الصفحة 3 من 3').waitFor();
    await page.locator('textarea#q-suggestions').fill('شكرًا');
    await page.getByRole('button', { name: 'إرسال إجاباتي' }).click();
    await page.getByRole('heading', { name: 'شكرًا لكم!' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await checkState(page, 'thanks-ar');
    const stored = await storedAnswers(person);
    expect(stored).toMatchObject({
      language: 'ar',
      answers: { nps: 10, satisfaction: 5, mainService: 'madrid', filerType: 'applicant', contactedSupport: false },
    });
    expectClean(w, person.token);
    await w.close();
  });

  it('a double click and a second tab both end on the thank-you page, with one response stored', async () => {
    const person = invitee('en');
    await api().put('/api/v1/respond/draft').set(TOKEN, person.token).send({ answers: completeAnswers() }).expect(200);
    const w = await phonePage(browser);
    const first = w.page;
    const second = await w.context.newPage();
    for (const page of [first, second]) {
      await page.goto(`${origin}/r/#${person.token}`);
      await page.getByRole('button', { name: 'Continue where you left off' }).click();
      await page.getByText('Page 3 of 3').waitFor();
    }
    const submissions: string[] = [];
    first.on('request', (req) => {
      if (req.url().endsWith('/respond/submit')) submissions.push(req.method());
    });
    await first.getByRole('button', { name: 'Submit my answers' }).dblclick();
    await first.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(submissions).toEqual(['POST']);
    await second.getByRole('button', { name: 'Submit my answers' }).click();
    await second.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(await responseCount(person)).toBe(1);
    await w.close();
  });

  it('lets the person opt out from the survey page', async () => {
    const person = invitee('en');
    const w = await phonePage(browser);
    const { page } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: 'Stop messages about this survey' }).click();
    await page.getByTestId('opt-out').waitFor();
    await checkState(page, 'opt-out-confirm-en');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: 'Stop messages about this survey' }).click();
    await page.getByTestId('opt-out').getByRole('button', { name: 'Stop messages about this survey' }).click();
    await state(page).and(page.locator('[data-state="opted-out"]')).waitFor();
    await checkState(page, 'opted-out-from-survey-en');
    const [row] = await dataSource.query('SELECT opted_out_at FROM invitations WHERE id = $1', [person.invitationId]);
    expect(row.opted_out_at).not.toBeNull();
    expectClean(w, person.token);
    await w.close();
  });

  it('shows the full privacy notice before and during the survey, and on its own page', async () => {
    const person = invitee('en');
    const w = await phonePage(browser, { locale: 'ru-RU' });
    const { page } = w;
    await page.goto(`${origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: /Read the full privacy notice/ }).click();
    const panel = page.locator('#notice-panel');
    await panel.getByTestId('privacy-notice').waitFor();
    expect(await panel.locator('h3').count()).toBe(6);
    await checkState(page, 'notice-panel-en');
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Start the survey' }).click();
    await page.getByRole('button', { name: 'Privacy notice' }).click();
    await panel.getByTestId('privacy-notice').waitFor();
    // The survey page is still there underneath.
    expect(await page.getByTestId('survey-page').count()).toBe(1);
    await w.close();

    // Reached without a survey: the browser's language.
    const alone = await phonePage(browser, { locale: 'ru-RU' });
    await alone.page.goto(`${origin}/r/privacy`);
    await alone.page.getByTestId('privacy-notice').waitFor();
    expect(await alone.page.locator('html').getAttribute('lang')).toBe('ru');
    await alone.page.getByRole('link', { name: 'Ваши права на данные: подать запрос' }).waitFor();
    await checkState(alone.page, 'privacy-notice-ru');
    expectClean(alone);
    await alone.close();
  });

  describe('states of a link that cannot be answered', () => {
    async function expectState(link: string, name: string, heading: string, screenshotName: string) {
      const w = await phonePage(browser);
      await w.page.goto(`${origin}/r/#${link}`);
      await state(w.page)
        .and(w.page.locator(`[data-state="${name}"]`))
        .waitFor();
      await w.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(w.page.url()).toBe(`${origin}/r/`);
      // A dead link is forgotten: a reload does not try it again.
      expect(await keptInTab(w.page)).toBeNull();
      w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 4\d\d/.test(e)));
      await checkState(w.page, screenshotName);
      expectClean(w, link);
      await w.close();
    }

    it('an unknown link', async () => {
      await expectState('A'.repeat(43), 'invalid', 'This link does not work', 'state-invalid-link');
    });

    it('an expired link', async () => {
      const person = invitee();
      await dataSource.query(
        "UPDATE invitation_tokens SET created_at = now() - interval '31 days' WHERE invitation_id = $1",
        [person.invitationId],
      );
      await expectState(person.token, 'expired', 'This link has expired', 'state-link-expired');
    });

    it('an opted-out link', async () => {
      const person = invitee();
      await api().post('/api/v1/respond/opt-out').set(TOKEN, person.token).expect(200);
      await expectState(person.token, 'opted-out', 'You opted out of this survey', 'state-opted-out');
    });

    it('a closed survey', async () => {
      const closed = await surveyWithInvitees(t.app, analyst, { importContacts: false, name: 'Closed' });
      await api().post(`/api/v1/surveys/${closed.surveyId}/close`).set(bearer(analyst)).expect(200);
      await expectState(closed.invitees[0].token, 'closed', 'This survey is closed', 'state-survey-closed');
    });

    it('too many unknown links from one address', async () => {
      try {
        for (let i = 0; i < 6; i++)
          await api()
            .get('/api/v1/respond')
            .set(TOKEN, `${'B'.repeat(42)}${i}`);
        const w = await phonePage(browser);
        await w.page.goto(`${origin}/r/#${invitees[invitees.length - 1].token}`);
        await state(w.page).and(w.page.locator('[data-state="throttled"]')).waitFor();
        await w.page.getByText(/Please try again in about \d+ minutes?\./).waitFor();
        // Kept: the same link works once the wait is over.
        expect(await keptInTab(w.page)).not.toBeNull();
        // The refusal (429) is logged; anything else (a CSP violation) is not allowed.
        const refused = (e: string) => /status of 429\b/.test(e);
        expect(w.consoleErrors.filter(refused)).toHaveLength(1);
        w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !refused(e)));
        await checkState(w.page, 'state-throttled');
        expectClean(w, invitees[invitees.length - 1].token);
        await w.close();
      } finally {
        await dataSource.query('DELETE FROM rate_limits');
      }
    });
  });

  it('the pages reached without a survey link: home, opt-out, privacy request form (browser language)', async () => {
    const home = await phonePage(browser, { locale: 'zh-CN' });
    await home.page.goto(`${origin}/r/`);
    await home.page.getByText('服务状态：可用').waitFor();
    await checkState(home.page, 'home-zh');
    expectClean(home);
    await home.close();

    const person = invitee();
    const optOut = await phonePage(browser, { locale: 'fr-FR' });
    await optOut.page.goto(`${origin}/r/opt-out#${person.token}`);
    await optOut.page.getByRole('button', { name: 'Ne plus recevoir de messages sur cette enquête' }).waitFor();
    await checkState(optOut.page, 'opt-out-page-fr');
    expectClean(optOut, person.token);
    await optOut.close();

    // The form checks its fields before anything is sent.
    const form = await phonePage(browser, { locale: 'es-ES' });
    const sent: string[] = [];
    form.page.on('request', (req) => {
      if (req.url().includes('/api/v1/privacy-requests')) sent.push(req.url());
    });
    await form.page.goto(`${origin}/r/privacy-request`);
    await form.page.getByRole('heading', { name: 'Presentar una solicitud sobre sus datos' }).waitFor();
    await checkState(form.page, 'privacy-request-form-es');
    await form.page.getByLabel('Su dirección de correo electrónico').fill('no es una dirección');
    await form.page.getByRole('button', { name: 'Enviar la solicitud' }).click();
    await form.page.getByRole('alert').filter({ hasText: '2 campos requieren su atención.' }).waitFor();
    await form.page.getByText('Elija lo que desea hacer.').waitFor();
    await form.page.getByText('Introduzca una dirección de correo válida').waitFor();
    expect(await focused(form.page)).toMatchObject({ tag: 'input', name: 'request-type' });
    await checkState(form.page, 'privacy-request-errors-es');
    expect(sent).toEqual([]);
    expectClean(form);
    await form.close();
  });
});
