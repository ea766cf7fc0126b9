import { StaffRole } from '../src/auth/roles';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { image, SCRIPTED_SVG } from './utils/branding';
import { dataOf } from './utils/client';
import { newStaff, sessionFor } from './utils/staff';

describe('the analyst app: branding of the survey pages', () => {
  let c: Console;

  beforeAll(async () => {
    c = await startConsole();
  });

  afterAll(async () => {
    await c?.close();
  });

  it('checks colour and file before sending, shows the API’s refusals on their field, and previews the brand', async () => {
    const admin = await newStaff(c.t.app, StaffRole.Admin);
    const w = await desktopPage(c.browser);
    const { page } = w;
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') sent.push(request.url());
    });
    try {
      await signIn(page, c.origin, admin, '/admin/branding');
      await page.getByRole('heading', { level: 1, name: 'Branding of the survey pages' }).waitFor();
      const colour = page.getByLabel('Primary colour', { exact: true });
      const save = page.getByRole('button', { name: 'Save colour and title' });

      // Checked here: nothing is sent.
      await colour.fill('red');
      await save.click();
      await page.locator('.field-error', { hasText: 'Write the colour as #rrggbb' }).waitFor();
      expect(await colour.getAttribute('aria-invalid')).toBe('true');
      expect(sent).toEqual([]);

      // Refused by the API for its contrast, said next to the field as a sentence of the console's
      // catalogue (the API's own message, with the ratio measured, is for API clients).
      await colour.fill('#ffcc00');
      await save.click();
      const refusal = page.locator('.field-error', { hasText: 'does not contrast enough' });
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe(
        'This colour does not contrast enough with white text and the page background: WCAG AA needs at least 4.5:1.',
      );
      expect(await colour.getAttribute('aria-invalid')).toBe('true');

      await colour.fill('#1a237e');
      await page.getByRole('textbox', { name: 'English' }).fill('Client survey');
      await save.click();
      await page.getByText('Saved.').waitFor();
      const button = page.getByTestId('brand-preview').locator('.brand-sample-button');
      expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 35, 126)');

      // An SVG named logo.png, and a file too large: refused before sending.
      sent.length = 0;
      const file = page.getByLabel('Image file');
      const upload = page.getByRole('button', { name: 'Upload the logo' });
      await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: SCRIPTED_SVG });
      await upload.click();
      await page.locator('.field-error', { hasText: 'Only PNG, JPEG or WebP' }).waitFor();
      const large = Buffer.concat([await image('png'), Buffer.alloc(300 * 1024)]);
      await file.setInputFiles({ name: 'large.png', mimeType: 'image/png', buffer: large });
      await upload.click();
      await page.locator('.field-error', { hasText: 'at most 256 KiB is accepted' }).waitFor();
      expect(sent).toEqual([]);

      await file.setInputFiles({ name: 'logo.webp', mimeType: 'image/webp', buffer: await image('webp', 64, 32) });
      await upload.click();
      await page.getByText('64 × 32 pixels').waitFor();
      await page.getByTestId('brand-preview').locator('img.brand-sample-logo').waitFor();
      expect(await checkPage(page, 'console-branding')).toEqual([]);
    } finally {
      await w.close();
    }

    // A survey's own brand, on its page: the title needs each of the survey's languages.
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const api = c.t.api({ staff: await sessionFor(c.t.app, analyst) });
    const survey = await dataOf(
      api.POST('/api/v1/surveys', { body: { name: 'Branded', languages: ['en', 'fr'] } }),
      201,
    );
    const s = await desktopPage(c.browser);
    try {
      await signIn(s.page, c.origin, analyst, `/surveys/${survey.id}`);
      const panel = s.page.locator('section', { has: s.page.getByRole('heading', { name: 'Branding', exact: true }) });
      await panel.getByRole('textbox', { name: 'English' }).fill('Filers 2026');
      await panel.getByRole('button', { name: 'Save colour and title' }).click();
      await panel.locator('.field-error', { hasText: 'This field is required.' }).waitFor();
      expect(await panel.getByRole('textbox', { name: 'French' }).getAttribute('aria-invalid')).toBe('true');
      expect(await panel.getByLabel('Primary colour', { exact: true }).getAttribute('placeholder')).toBe('#1a237e');
    } finally {
      await s.close();
    }
  });
});
