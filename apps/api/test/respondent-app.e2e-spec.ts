import type { Questionnaire } from '@survey/questionnaire';
import { answered } from './utils/client';
import { completeAnswers, surveyWithInvitees } from './utils/respondents';
import { focused, phonePage, tabTo } from './utils/respondent-browser';
import { checkState, RespondentApp, saved, surveyState } from './utils/respondent-app';

describe('the respondent app in Chromium: answering a survey', () => {
  let app: RespondentApp;

  beforeAll(async () => {
    app = await RespondentApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('completes the survey in French with the keyboard only (invitation language, required messages, progress)', async () => {
    const person = app.invitee('fr');
    const w = await phonePage(app.browser, { locale: 'en-US' });
    const { page } = w;
    const headers: (string | undefined)[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/v1/respond')) headers.push(req.headers()['x-invitation-token']);
    });
    await page.goto(`${app.origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    // The token left the address bar; the invitation's language wins over the browser's.
    expect(page.url()).toBe(`${app.origin}/r/`);
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
    await surveyState(page).and(page.locator('[data-state="thanks"]')).waitFor();
    await page.getByRole('heading', { name: 'Merci !' }).waitFor();
    await checkState(page, 'thanks-fr');

    const stored = await app.storedAnswers(person);
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
    app.expectClean(w, person.token);

    // The same link again: already answered, said kindly.
    await page.goto(`${app.origin}/r/#${person.token}`);
    await surveyState(page).and(page.locator('[data-state="already-submitted"]')).waitFor();
    await page.getByText(/Vos réponses ont été reçues avec ce lien le/).waitFor();
    await checkState(page, 'already-submitted-fr');
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
    const made = await surveyWithInvitees(app.t.app, app.analyst, {
      name: 'Every type',
      importContacts: false,
      questionnaire: questionnaire as unknown as Questionnaire,
    });
    const person = { ...made.invitees.find((i) => i.language === 'en')!, surveyId: made.surveyId };
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
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
    expect((await app.storedAnswers(person)).answers).toEqual({
      effort: 6,
      visits: 2,
      year: 2025,
      topics: ['fees', 'forms'],
      again: false,
      grid: { speed: 'high', price: 'low' },
      why: 'Too slow, far too ex',
    });
    app.expectClean(w, person.token);
    await w.close();
  });

  it('completes the survey in Arabic, chosen with the language switcher, laid out right to left', async () => {
    const person = app.invitee('en');
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
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
    const stored = await app.storedAnswers(person);
    expect(stored).toMatchObject({
      language: 'ar',
      answers: { nps: 10, satisfaction: 5, mainService: 'madrid', filerType: 'applicant', contactedSupport: false },
    });
    app.expectClean(w, person.token);
    await w.close();
  });

  it('a double click and a second tab both end on the thank-you page, with one response stored', async () => {
    const person = app.invitee('en');
    await answered(
      app.t.api({ invitation: person.token }).PUT('/api/v1/respond/draft', { body: { answers: completeAnswers() } }),
      200,
    );
    const w = await phonePage(app.browser);
    const first = w.page;
    const second = await w.context.newPage();
    for (const page of [first, second]) {
      await page.goto(`${app.origin}/r/#${person.token}`);
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
    expect(await app.responseCount(person)).toBe(1);
    await w.close();
  });
});
