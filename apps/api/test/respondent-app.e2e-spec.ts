import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { InvitationTokens } from '../src/delivery/invitation-tokens';
import { createTestApp, TestApp } from './utils/app';
import { launchBrowser } from './utils/browser';
import { createTestDatabase, TestDatabase } from './utils/database';
import {
  focused,
  horizontalOverflow,
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

describe('the respondent app in Chromium (issue 8)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let browser: Browser;
  let origin: string;
  let analyst: string;
  let surveyId: string;
  let invitees: Invitee[];
  const used = new Set<string>();

  const api = () => request(t.app.getHttpServer());

  /** An invitation of the open survey no other test has used, in the given language if there is one. */
  function invitee(language?: string): Invitee {
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
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await db?.drop();
  });

  /** The survey's web responses as analysts read them (free text decrypted). */
  async function storedAnswers(invitation: Invitee): Promise<{ answers: Record<string, unknown>; language: string }> {
    const [row] = await dataSource.query('SELECT id FROM responses WHERE invitation_id = $1', [invitation.invitationId]);
    if (!row) throw new Error('no response stored');
    const page = await api().get(`/api/v1/surveys/${surveyId}/responses`).set(bearer(analyst)).expect(200);
    const found = (page.body.items as { responseId: string; answers: Record<string, unknown>; language: string }[]).find(
      (item) => item.responseId === row.id,
    );
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
    await page.getByRole('heading', { level: 1, name: 'Enquête de satisfaction : services de dépôt international' }).waitFor();
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
});

void sampleSatisfactionQuestionnaire;
void completeAnswers;
void InvitationTokens;
void TOKEN;
