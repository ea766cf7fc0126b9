import { answered } from './utils/client';
import { surveyWithInvitees } from './utils/respondents';
import { focused, keptInTab, phonePage } from './utils/respondent-browser';
import { checkState, RespondentApp, surveyState } from './utils/respondent-app';

describe('the respondent app in Chromium: opting out, the privacy notice, dead links and pages without a link', () => {
  let app: RespondentApp;

  beforeAll(async () => {
    app = await RespondentApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lets the person opt out from the survey page', async () => {
    const person = app.invitee('en');
    const w = await phonePage(app.browser);
    const { page } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: 'Stop messages about this survey' }).click();
    await page.getByTestId('opt-out').waitFor();
    await checkState(page, 'opt-out-confirm-en');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('survey-intro').waitFor();
    await page.getByRole('button', { name: 'Stop messages about this survey' }).click();
    await page.getByTestId('opt-out').getByRole('button', { name: 'Stop messages about this survey' }).click();
    await surveyState(page).and(page.locator('[data-state="opted-out"]')).waitFor();
    await checkState(page, 'opted-out-from-survey-en');
    const [row] = await app.dataSource.query('SELECT opted_out_at FROM invitations WHERE id = $1', [
      person.invitationId,
    ]);
    expect(row.opted_out_at).not.toBeNull();
    app.expectClean(w, person.token);
    await w.close();
  });

  it('shows the full privacy notice before and during the survey, and on its own page', async () => {
    const person = app.invitee('en');
    const w = await phonePage(app.browser, { locale: 'ru-RU' });
    const { page } = w;
    await page.goto(`${app.origin}/r/#${person.token}`);
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
    const alone = await phonePage(app.browser, { locale: 'ru-RU' });
    await alone.page.goto(`${app.origin}/r/privacy`);
    await alone.page.getByTestId('privacy-notice').waitFor();
    expect(await alone.page.locator('html').getAttribute('lang')).toBe('ru');
    await alone.page.getByRole('link', { name: 'Ваши права на данные: подать запрос' }).waitFor();
    await checkState(alone.page, 'privacy-notice-ru');
    app.expectClean(alone);
    await alone.close();
  });

  describe('states of a link that cannot be answered', () => {
    async function expectState(link: string, name: string, heading: string, screenshotName: string) {
      const w = await phonePage(app.browser);
      await w.page.goto(`${app.origin}/r/#${link}`);
      await surveyState(w.page)
        .and(w.page.locator(`[data-state="${name}"]`))
        .waitFor();
      await w.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(w.page.url()).toBe(`${app.origin}/r/`);
      // A dead link is forgotten: a reload does not try it again.
      expect(await keptInTab(w.page)).toBeNull();
      w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 4\d\d/.test(e)));
      await checkState(w.page, screenshotName);
      app.expectClean(w, link);
      await w.close();
    }

    it('an unknown link', async () => {
      await expectState('A'.repeat(43), 'invalid', 'This link does not work', 'state-invalid-link');
    });

    // Each in English: a link's pages speak its invitation's language (see respondent-app-invitation-language).
    it('an expired link', async () => {
      const person = app.invitee('en');
      await app.dataSource.query(
        "UPDATE invitation_tokens SET created_at = now() - interval '31 days' WHERE invitation_id = $1",
        [person.invitationId],
      );
      await expectState(person.token, 'expired', 'This link has expired', 'state-link-expired');
    });

    it('an opted-out link', async () => {
      const person = app.invitee('en');
      await answered(app.t.api({ invitation: person.token }).POST('/api/v1/respond/opt-out'), 200);
      await expectState(person.token, 'opted-out', 'You opted out of this survey', 'state-opted-out');
    });

    it('a closed survey', async () => {
      const closed = await surveyWithInvitees(app.t.app, app.analyst, { importContacts: false, name: 'Closed' });
      await answered(
        app.t
          .api({ staff: app.analyst })
          .POST('/api/v1/surveys/{id}/close', { params: { path: { id: closed.surveyId } } }),
        200,
      );
      const english = closed.invitees.find((invitee) => invitee.language === 'en')!;
      await expectState(english.token, 'closed', 'This survey is closed', 'state-survey-closed');
    });

    it('too many unknown links from one address', async () => {
      try {
        for (let i = 0; i < 6; i++) await app.t.api({ invitation: `${'B'.repeat(42)}${i}` }).GET('/api/v1/respond');
        const w = await phonePage(app.browser);
        await w.page.goto(`${app.origin}/r/#${app.invitees[app.invitees.length - 1].token}`);
        await surveyState(w.page).and(w.page.locator('[data-state="throttled"]')).waitFor();
        await w.page.getByText(/Please try again in about \d+ minutes?\./).waitFor();
        // Kept: the same link works once the wait is over.
        expect(await keptInTab(w.page)).not.toBeNull();
        // The refusal (429) is logged; anything else (a CSP violation) is not allowed.
        const refused = (e: string) => /status of 429\b/.test(e);
        expect(w.consoleErrors.filter(refused)).toHaveLength(1);
        w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !refused(e)));
        await checkState(w.page, 'state-throttled');
        app.expectClean(w, app.invitees[app.invitees.length - 1].token);
        await w.close();
      } finally {
        await app.dataSource.query('DELETE FROM rate_limits');
      }
    });
  });

  it('the pages reached without a survey link: home, privacy request form (browser language), opt-out (the invitation’s)', async () => {
    const home = await phonePage(app.browser, { locale: 'zh-CN' });
    await home.page.goto(`${app.origin}/r/`);
    await home.page.getByText('服务状态：可用').waitFor();
    await checkState(home.page, 'home-zh');
    app.expectClean(home);
    await home.close();

    const person = app.invitee('fr');
    const optOut = await phonePage(app.browser, { locale: 'es-ES' });
    await optOut.page.goto(`${app.origin}/r/opt-out#${person.token}`);
    await optOut.page.getByRole('button', { name: 'Ne plus recevoir de messages sur cette enquête' }).waitFor();
    await checkState(optOut.page, 'opt-out-page-fr');
    app.expectClean(optOut, person.token);
    await optOut.close();

    // The form checks its fields before anything is sent.
    const form = await phonePage(app.browser, { locale: 'es-ES' });
    const sent: string[] = [];
    form.page.on('request', (req) => {
      if (req.url().includes('/api/v1/privacy-requests')) sent.push(req.url());
    });
    await form.page.goto(`${app.origin}/r/privacy-request`);
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
    app.expectClean(form);
    await form.close();
  });
});
