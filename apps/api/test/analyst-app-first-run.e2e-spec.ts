import { readFileSync } from 'node:fs';
import { UsersService } from '../src/users/users.service';
import { checkPage, desktopPage, startConsole, type Console } from './utils/analyst-browser';
import { totpCode } from './utils/staff';

/*
 * The first administrator's first sign-in in Chromium, against the real API: POST /auth/login with
 * the generated password, POST /auth/password (required first), login again, POST
 * /auth/mfa/totp/setup and /confirm, then the recovery codes, which can be copied and downloaded.
 */
describe('the first sign-in of the first administrator in Chromium', () => {
  let c: Console;
  let generated: string;

  beforeAll(async () => {
    c = await startConsole();
    generated = (await c.t.app.get(UsersService).ensureFirstAdministrator())!.generatedPassword!;
  });

  afterAll(async () => {
    await c?.close();
  });

  it('says where the first credentials are, makes the generated password be changed, then enrols the second factor', async () => {
    const w = await desktopPage(c.browser);
    const { page } = w;
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: c.origin });
    await page.goto(`${c.origin}/`);
    // The sign-in page explains where to look, and shows no credential.
    await page.getByText('First time here?').click();
    await page.getByText(/printed once in the server’s start-up output/).waitFor();
    await page.getByText(/README, section “First start”/).waitFor();
    await expect(page.locator('body').innerText()).resolves.not.toContain(generated);
    expect(await checkPage(page, 'console-first-start-sign-in')).toEqual([]);

    const signIn = async (password: string) => {
      await page.getByLabel('E-mail address').fill('admin@localhost');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await signIn(generated);
    await page.getByRole('heading', { name: 'Choose your own password', level: 1 }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).count()).resolves.toBe(0);
    expect(await checkPage(page, 'console-first-start-change-password')).toEqual([]);
    const chosen = 'my own password for the console';
    await page.getByLabel('Current password').fill(generated);
    await page.getByLabel('New password').fill(chosen);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password was changed. Sign in with your new password.').waitFor();

    await signIn(chosen);
    // One heading for the enrolment, not two.
    await page.getByRole('heading', { name: 'Set up your second factor', level: 1 }).waitFor();
    await expect(page.getByRole('heading', { name: 'Set up your second factor' }).count()).resolves.toBe(1);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    // Six digits, checked before sending.
    await page.getByLabel('One-time code from your authenticator app').fill('123');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('.field-error', { hasText: 'This is not in the expected format.' }).waitFor();
    await page.getByLabel('One-time code from your authenticator app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = await (await page.getByTestId('recovery-codes').waitFor(),
    page.getByTestId('recovery-codes').getByRole('listitem')).allInnerTexts();
    expect(codes).toHaveLength(10);

    await page.getByRole('button', { name: 'Copy the codes' }).click();
    await page.getByText('The codes were copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    for (const code of codes) expect(copied).toContain(code.trim());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a text file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const saved = readFileSync((await download.path())!, 'utf8');
    for (const code of codes) expect(saved).toContain(code.trim());
    expect(await checkPage(page, 'console-first-start-recovery-codes')).toEqual([]);

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(w.requested.filter((url) => url.includes(generated) || url.includes(chosen))).toEqual([]);
    await w.close();
  });
});
