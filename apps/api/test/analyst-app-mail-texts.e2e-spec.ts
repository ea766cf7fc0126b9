import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

describe('the analyst app: a survey’s own e-mail texts', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('refuses a text without {link} on its field, saves a version, previews it and sends a test', async () => {
    const { campaignId } = await surveyWithInvitees(c.t.app, token, { name: 'Mail texts', languages: ['en', 'fr'] });
    const api = c.t.api({ staff: token });
    const { surveyId } = await dataOf(api.GET('/api/v1/campaigns/{id}', { params: { path: { id: campaignId } } }));
    const w = await desktopPage(c.browser);
    const { page } = w;
    try {
      await signIn(page, c.origin, analyst, `/surveys/${surveyId}/campaigns`);
      const section = page.getByTestId('mail-texts');
      await section.getByText('The platform’s texts are in use.').waitFor();
      expect(await section.getByLabel('Language').locator('option').allTextContents()).toEqual(['English', 'French']);
      await section.getByLabel('Subject').fill('Five minutes for us');
      await section.getByLabel('Text', { exact: true }).fill('Dear {name},\n\nPlease answer.');
      await section.getByRole('button', { name: 'Save the texts' }).click();
      // Checked before sending, in the console's words.
      await section.locator('.field-error', { hasText: 'Include {link}, the person’s link to the survey.' }).waitFor();
      expect(await section.getByLabel('Text', { exact: true }).getAttribute('aria-invalid')).toBe('true');

      await section.getByLabel('Text', { exact: true }).fill('Dear {name},\n\nPlease answer: {link}\n\n<b>Thanks</b>');
      await section.getByRole('button', { name: 'Save the texts' }).click();
      await section.getByText('Saved as version 1.').waitFor();
      await section.getByRole('button', { name: 'Preview' }).click();
      const preview = section.getByTestId('mail-preview');
      await preview.getByText('Subject: Five minutes for us').waitFor();
      const text = await preview.locator('pre').textContent();
      expect(text).toContain('Dear Alex Example,');
      expect(text).toContain('<b>Thanks</b>');
      expect(text).toContain('If you prefer not to take part, you can opt out here:');
      await screenshot(page, 'campaigns-mail-texts');
      await section.getByRole('button', { name: 'Send a test to my address' }).click();
      await section.getByText('A test e-mail is on its way to your own address.').waitFor();
      expect(
        (await dataOf(api.GET('/api/v1/surveys/{id}/mail-texts', { params: { path: { id: surveyId } } }))).version,
      ).toBe(1);
    } finally {
      await w.close();
    }
  });
});
