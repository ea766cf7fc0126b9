import { answered } from './utils/client';
import { phonePage, type Watched } from './utils/respondent-browser';
import { checkState, RespondentApp, surveyState, type SurveyInvitee } from './utils/respondent-app';
import { surveyWithInvitees } from './utils/respondents';

/** Arabic texts of the pages (apps/respondent/src/i18n/ar.ts). */
const AR = {
  expiredTitle: 'انتهت صلاحية هذا الرابط',
  newLinkButton: 'أرسلوا إليّ رابطًا جديدًا',
  newLinkSent: 'شكرًا لكم. إذا كان لا يزال من الممكن الرد على هذه الدعوة',
  optOutButton: 'إيقاف الرسائل المتعلقة بهذا الاستبيان',
  optedOutTitle: 'لقد ألغيتم مشاركتكم في هذا الاستبيان',
  closedTitle: 'هذا الاستبيان مغلق',
};

describe('the pages an invitation link leads to speak the invitation’s language, not the browser’s', () => {
  let app: RespondentApp;

  beforeAll(async () => {
    app = await RespondentApp.start();
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** An English browser, as the Arabic invitee in the issue had. */
  const englishBrowser = () => phonePage(app.browser, { locale: 'en-US' });

  async function expectArabic(w: Watched): Promise<void> {
    expect(await w.page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await w.page.locator('html').getAttribute('dir')).toBe('rtl');
  }

  const outboxOf = async (person: SurveyInvitee) =>
    (
      await app.dataSource.query(
        "SELECT count(*)::int AS n FROM mail_outbox WHERE invitation_id = $1 AND kind = 'new-link'",
        [person.invitationId],
      )
    )[0].n as number;

  it('an expired link: in Arabic, right to left, with “send me a new link”', async () => {
    const person = app.invitee('ar');
    expect(person.language).toBe('ar');
    await app.dataSource.query(
      "UPDATE invitation_tokens SET created_at = now() - interval '31 days' WHERE invitation_id = $1",
      [person.invitationId],
    );
    const w = await englishBrowser();
    await w.page.goto(`${app.origin}/r/#${person.token}`);
    await surveyState(w.page).and(w.page.locator('[data-state="expired"]')).waitFor();
    await w.page.getByRole('heading', { level: 1, name: AR.expiredTitle }).waitFor();
    await expectArabic(w);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 410/.test(e)));
    await checkState(w.page, 'expired-link-ar');

    await w.page.getByRole('button', { name: AR.newLinkButton }).click();
    await w.page.getByTestId('new-link-result').getByText(AR.newLinkSent).waitFor();
    expect(await w.page.getByRole('button', { name: AR.newLinkButton }).count()).toBe(0);
    await checkState(w.page, 'expired-link-new-link-sent-ar');
    expect(await outboxOf(person)).toBe(1);
    app.expectClean(w, person.token);
    await w.close();
  });

  it('the opt-out page, then the opted-out link: in Arabic, right to left', async () => {
    const person = app.invitee('ar');
    expect(person.language).toBe('ar');
    const w = await englishBrowser();
    await w.page.goto(`${app.origin}/r/opt-out#${person.token}`);
    await w.page.getByRole('button', { name: AR.optOutButton }).click();
    await w.page.getByTestId('opt-out-result').filter({ hasText: /\S/ }).waitFor();
    await expectArabic(w);
    await checkState(w.page, 'opt-out-page-ar');

    await w.page.goto(`${app.origin}/r/#${person.token}`);
    await surveyState(w.page).and(w.page.locator('[data-state="opted-out"]')).waitFor();
    await w.page.getByRole('heading', { level: 1, name: AR.optedOutTitle }).waitFor();
    await expectArabic(w);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 410/.test(e)));
    await checkState(w.page, 'opted-out-link-ar');
    app.expectClean(w, person.token);
    await w.close();
  });

  it('a closed survey: in Arabic, right to left, and no offer of a new link', async () => {
    const closed = await surveyWithInvitees(app.t.app, app.analyst, { importContacts: false, name: 'Closed' });
    await answered(
      app.t
        .api({ staff: app.analyst })
        .POST('/api/v1/surveys/{id}/close', { params: { path: { id: closed.surveyId } } }),
      200,
    );
    const person = closed.invitees.find((invitee) => invitee.language === 'ar')!;
    const w = await englishBrowser();
    await w.page.goto(`${app.origin}/r/#${person.token}`);
    await surveyState(w.page).and(w.page.locator('[data-state="closed"]')).waitFor();
    await w.page.getByRole('heading', { level: 1, name: AR.closedTitle }).waitFor();
    await expectArabic(w);
    expect(await w.page.getByTestId('new-link').count()).toBe(0);
    w.consoleErrors.splice(0, w.consoleErrors.length, ...w.consoleErrors.filter((e) => !/status of 410/.test(e)));
    await checkState(w.page, 'survey-closed-ar');
    app.expectClean(w, person.token);
    await w.close();
  });
});
