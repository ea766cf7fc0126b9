import { StaffRole } from '../src/auth/roles';
import { desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { newStaff, TEST_PASSWORD, type TestStaff } from './utils/staff';

/*
 * Staff forms in Chromium, against the real API: each checks its fields before sending (POST
 * /auth/login, POST /auth/password, POST /users are not called then), and the API's refusal of a
 * field (problem+json `errors[]` with its rule) is shown as a sentence next to that field, in the
 * console's language, never as the API's English wording.
 */
describe('staff forms check their fields and show refusals next to them in Chromium', () => {
  let c: Console;
  let analyst: TestStaff;
  let admin: TestStaff;

  beforeAll(async () => {
    c = await startConsole();
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    admin = await newStaff(c.t.app, StaffRole.Admin);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('the sign-in form asks for what is missing before sending anything', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await page.goto(`${c.origin}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const email = page.getByLabel('E-mail address');
    await page.locator('.field-error', { hasText: 'This field is required.' }).nth(1).waitFor();
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await email.fill('not an address');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter an e-mail address, such as name@example.org.').waitFor();
    expect(w.requested.filter((url) => url.includes('/auth/login'))).toEqual([]);
    await w.close();
  });

  it('the password form checks the new password, and shows the API’s refusal of the current one beside it', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, analyst, '/account');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const current = page.getByLabel('Current password');
    const next = page.getByLabel('New password');
    await current.fill('whatever it is');
    await next.fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    const tooShort = page.locator('.field-error', { hasText: 'Enter between 12 and 256 characters.' });
    await tooShort.waitFor();
    await expect(next.getAttribute('aria-describedby')).resolves.toContain((await tooShort.getAttribute('id'))!);
    expect(w.requested.filter((url) => url.includes('/auth/password'))).toEqual([]);

    // Long enough: sent, and the API refuses the current password, named as its field.
    await next.fill('a new password long enough');
    await page.getByRole('button', { name: 'Change password' }).click();
    const wrong = page.locator('.field-error', { hasText: 'This is not correct.' });
    await wrong.waitFor();
    await expect(current.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(current.getAttribute('aria-describedby')).resolves.toContain((await wrong.getAttribute('id'))!);
    const main = await page.locator('main').innerText();
    expect(main).not.toMatch(/Bad Request|currentPassword is wrong|must be/);
    await screenshot(page, 'forms-password-refused');

    // In French, the same refusal in French.
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Votre compte' }).waitFor();
    await page.getByLabel('Mot de passe actuel').fill(`${TEST_PASSWORD} but wrong`);
    await page.getByRole('button', { name: 'Changer de mot de passe' }).click();
    await page.locator('.field-error', { hasText: 'Ce n’est pas correct.' }).waitFor();
    await w.close();
  });

  it('the new-account form checks address, name and password before sending', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, admin, '/admin/users');
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add the staff member' }) });
    await form.getByLabel('E-mail address').fill('someone@');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Add the staff member' }).click();
    await form.getByText('Enter an e-mail address, such as name@example.org.').waitFor();
    await form.getByText('This field is required.').waitFor();
    await form.getByText('Enter between 12 and 256 characters.').waitFor();
    expect(w.requested.filter((url) => url.endsWith('/api/v1/users'))).toEqual([]);
    await screenshot(page, 'forms-new-account-checked');
    await w.close();
  });
});
