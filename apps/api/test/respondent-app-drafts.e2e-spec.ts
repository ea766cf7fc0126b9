import { answered } from './utils/client';
import { completeAnswers } from './utils/respondents';
import { keptInTab, phonePage } from './utils/respondent-browser';
import { checkState, RespondentApp, saved, surveyState } from './utils/respondent-app';

describe('the respondent app in Chromium: drafts, and a connection that comes and goes', () => {
  let app: RespondentApp;

  beforeAll(async () => {
    app = await RespondentApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('saves a draft as the person goes and resumes it after a reload, and from the link in a new tab', async () => {
    const person = app.invitee('es');
    const w = await phonePage(app.browser, { locale: 'es-ES' });
    const { page } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Comenzar la encuesta' }).click();
    await page.locator('[data-question="nps"] label', { hasText: /^3$/ }).click();
    const reason = page.locator('textarea#q-npsReason');
    await reason.fill('Las respuestas tardan demasiado.');
    await saved(page);
    expect(await page.getByTestId('save-status').textContent()).toBe('Todas las respuestas están guardadas.');
    expect(await app.draftOf(person)).toEqual({ nps: 3, npsReason: 'Las respuestas tardan demasiado.' });
    // Nothing unsaved is left on the device once the server has it.
    expect(await keptInTab(page)).not.toContain('tardan');

    await page.reload();
    await page.getByText('Página 1 de 3').waitFor();
    expect(page.url()).toBe(`${app.origin}/r/`);
    expect(
      await page.locator('[data-question="nps"] input:checked').evaluate((el) => el.parentElement?.textContent),
    ).toBe('3');
    expect(await reason.inputValue()).toBe('Las respuestas tardan demasiado.');
    // Choosing 7 hides the follow-up question and drops its answer, on the server too.
    await page.locator('[data-question="nps"] label', { hasText: /^7$/ }).click();
    await expect(reason.count()).resolves.toBe(0);
    await saved(page);
    expect(await app.draftOf(person)).toEqual({ nps: 7 });
    await w.close();

    // The tab is closed; the link opened again later offers to continue.
    const again = await phonePage(app.browser, { locale: 'es-ES' });
    await again.page.goto(`${app.origin}/r/#${person.token}`);
    await again.page.getByText(/Sus respuestas se guardaron el/).waitFor();
    await checkState(again.page, 'resume-es');
    await again.page.getByRole('button', { name: 'Continuar donde lo dejó' }).click();
    await again.page.getByText('Página 1 de 3').waitFor();
    expect(await again.page.locator('[data-question="nps"] input:checked').count()).toBe(1);
    app.expectClean(again, person.token);
    await again.close();
  });

  it('keeps what is typed while the connection is lost, says so, and saves it when it returns', async () => {
    const person = app.invitee('en');
    const w = await phonePage(app.browser);
    const { page, context } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
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
    expect(await app.draftOf(person)).toEqual({ nps: 8 });

    await context.setOffline(false);
    await saved(page);
    expect(await app.draftOf(person)).toEqual({ nps: 8, satisfaction: 2 });
    expect(JSON.parse((await keptInTab(page)) ?? '{}').pending).toBe(undefined);
    await w.close();
  });

  it('a submission without a connection says so and goes through when the connection returns', async () => {
    const person = app.invitee('en');
    await answered(
      app.t.api({ invitation: person.token }).PUT('/api/v1/respond/draft', { body: { answers: completeAnswers() } }),
      200,
    );
    const w = await phonePage(app.browser);
    const { page, context } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
    await page.getByRole('button', { name: 'Continue where you left off' }).click();
    await page.getByText('Page 3 of 3').waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your answers could not be sent: no connection.' }).waitFor();
    await checkState(page, 'offline-submitting-en');
    expect(await app.responseCount(person)).toBe(0);
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(await app.responseCount(person)).toBe(1);
    expect((await app.storedAnswers(person)).answers).toEqual(completeAnswers());
    await w.close();
  });

  it('shows the lost-connection state when the survey cannot load, and loads it once the connection is back', async () => {
    const person = app.invitee('en');
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.route('**/api/v1/respond**', (route) => route.abort('internetdisconnected'));
    await page.goto(`${app.origin}/r/#${person.token}`);
    await surveyState(page).and(page.locator('[data-state="offline"]')).waitFor();
    await page.getByRole('heading', { name: 'No connection' }).waitFor();
    await checkState(page, 'offline-loading-en');
    await page.getByRole('button', { name: 'Try again' }).click();
    await surveyState(page).and(page.locator('[data-state="offline"]')).waitFor();
    // It tries again by itself.
    await page.unroute('**/api/v1/respond**');
    await page.getByTestId('survey-intro').waitFor({ timeout: 20_000 });
    // The requests aborted on purpose are logged; anything else (a CSP violation) is not allowed.
    const aborted = (e: string) => /net::ERR_INTERNET_DISCONNECTED/.test(e);
    expect(w.consoleErrors.filter(aborted).length).toBeGreaterThanOrEqual(1);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !aborted(e)));
    app.expectClean(w, person.token);
    await w.close();
  });
});
