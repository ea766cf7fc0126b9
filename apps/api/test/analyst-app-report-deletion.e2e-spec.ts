import { StaffRole } from '../src/auth/roles';
import { answeredSurvey } from './utils/answered-survey';
import { desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { answered, dataOf } from './utils/client';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

/*
 * Deleting a draft report in Chromium, against the real API (DELETE /reports/{id}): the button is
 * there for drafts only, asks first, and the draft is gone afterwards; a published report has no
 * such button.
 */
describe('an analyst deletes a draft report in Chromium', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;
  let surveyId: string;

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
    ({ surveyId } = await answeredSurvey(c.t.app, token));
  });

  afterAll(async () => {
    await c?.close();
  });

  const draft = (title: string) =>
    dataOf(
      c.t.api({ staff: token }).POST('/api/v1/surveys/{id}/reports', {
        params: { path: { id: surveyId } },
        body: { title, language: 'en' },
      }),
      201,
    );

  it('asks before deleting a draft, then the draft is gone; a published report cannot be deleted', async () => {
    const kept = await draft('Published for management');
    await dataOf(c.t.api({ staff: token }).POST('/api/v1/reports/{id}/publish', { params: { path: { id: kept.id } } }));
    const unwanted = await draft('Not wanted any more');
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, analyst, `/reports/${unwanted.id}`);
    await page.getByRole('heading', { level: 1, name: 'Not wanted any more' }).waitFor();

    // Cancelling keeps it.
    await page.getByRole('button', { name: 'Delete this draft…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this draft report?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await answered(
      c.t.api({ staff: token }).GET('/api/v1/reports/{id}', { params: { path: { id: unwanted.id } } }),
      200,
    );

    await page.getByRole('button', { name: 'Delete this draft…' }).click();
    await dialog.getByRole('button', { name: 'Delete the draft' }).click();
    await page.waitForURL(`${c.origin}/reports?survey=${surveyId}`);
    await page.getByText('Published for management').waitFor();
    await expect(page.getByText('Not wanted any more').count()).resolves.toBe(0);
    await answered(
      c.t.api({ staff: token }).GET('/api/v1/reports/{id}', { params: { path: { id: unwanted.id } } }),
      404,
    );

    await page.goto(`${c.origin}/reports/${kept.id}`);
    await page.getByRole('heading', { level: 1, name: 'Published for management' }).waitFor();
    await expect(page.getByRole('button', { name: 'Delete this draft…' }).count()).resolves.toBe(0);
    await w.close();
  });
});
