import { randomUUID } from 'node:crypto';
import { StaffRole } from '../src/auth/roles';
import { Transactions } from '../src/database/transactions';
import { waitUntil } from '../src/jobs/wait-until';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { checkPage, desktopPage, signIn, startConsole, type Console } from './utils/analyst-browser';
import { newStaff } from './utils/staff';
import { startWebhookReceiver, type WebhookReceiver } from './utils/webhook-receiver';

/**
 * The administrators' webhooks page, in Chromium, against the real API and a real receiver on
 * loopback (private addresses allowed for the test): subscribing, the secret shown once, a
 * refused URL, the delivery log and a replay, disabling and deleting.
 */
describe('the staff console’s webhooks page in Chromium', () => {
  let c: Console;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    c = await startConsole({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
    receiver = await startWebhookReceiver();
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
    await c?.close();
  });

  const publishReport = () =>
    c.t.app.get(Transactions).run((tx) =>
      c.t.app.get(WebhooksService).reportPublished(tx, {
        reportId: randomUUID(),
        surveyId: randomUUID(),
        publishedAt: new Date().toISOString(),
      }),
    );

  it('an administrator subscribes a receiver, sees its secret once, follows its deliveries and replays one', async () => {
    const admin = await newStaff(c.t.app, StaffRole.Admin);
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, admin);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No receiver is subscribed yet.').waitFor();

    // Nothing chosen: the form's own check names each missing field, and nothing is sent.
    await page.getByRole('button', { name: 'Create the subscription' }).click();
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Receiver URL').getAttribute('aria-invalid')).resolves.toBe('true');

    // A URL the API refuses: its reason is shown next to the URL field, which takes the focus.
    await page.getByLabel('Name', { exact: true }).fill('Data lake');
    await page.getByLabel('Receiver URL').fill('ftp://127.0.0.1/hook');
    await page.getByLabel('A report was published (report.published)').check();
    await page.getByRole('button', { name: 'Create the subscription' }).click();
    const url = page.getByLabel('Receiver URL');
    await waitUntil(async () => (await url.getAttribute('aria-invalid')) === 'true', { timeoutMs: 10_000 });
    const errorId = (await url.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    await expect(page.locator(`[id="${errorId}"]`).textContent()).resolves.toBe(
      'The address must start with https://.',
    );
    await expect(url.evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBeNull();

    // An address it accepts: the secret is shown this once, with the warning.
    await url.fill(receiver.url('/console'));
    await page.getByRole('button', { name: 'Create the subscription' }).click();
    const shown = page.getByTestId('webhook-secret');
    await shown.getByText('you will not see it again').waitFor();
    const secret = await shown.getByLabel('Signing secret of “Data lake”').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const table = page.getByTestId('webhook-subscriptions');
    const row = table.getByRole('row').nth(1);
    await row.getByRole('cell', { name: '127.0.0.1:' + new URL(receiver.url('/')).port }).waitFor();
    await row.getByText('report.published').waitFor();
    await row.getByText('Every survey').waitFor();
    await row.getByText('Enabled').waitFor();
    expect(await checkPage(page, 'admin-webhooks')).toEqual([]);
    await shown.getByRole('button', { name: 'I have stored it: hide the secret' }).click();
    await shown.waitFor({ state: 'detached' });
    await expect(page.locator('body').textContent()).resolves.not.toContain(secret.slice(6));
    // A reload shows the list only: the secret is never fetched again.
    await page.reload();
    await table.getByRole('row').nth(1).waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain(secret.slice(6));

    // An event: its delivery shows in the log with the receiver's status code.
    await publishReport();
    await waitUntil(async () => receiver.on('/console').length === 1, { timeoutMs: 30_000 });
    await row.getByRole('button', { name: 'Deliveries of “Data lake”' }).click();
    const log = page.getByTestId('webhook-deliveries');
    await log.getByRole('heading', { name: 'Deliveries of “Data lake”' }).waitFor();
    const delivery = log.locator('tbody tr').first();
    await delivery.getByText('Delivered').waitFor();
    await delivery.getByRole('cell', { name: '200', exact: true }).waitFor();
    await delivery.getByText(/^\d+ ms$/).waitFor();

    // Replayed: the receiver gets the same message again, and the log shows the replay.
    await delivery.getByRole('button', { name: /^Replay the report\.published event of / }).click();
    await log.getByText('The delivery was queued to be sent again.').waitFor();
    await waitUntil(async () => receiver.on('/console').length === 2, { timeoutMs: 30_000 });
    const [first, again] = receiver.on('/console');
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    // The log follows the pending replay by itself until it is delivered.
    await waitUntil(async () => (await log.locator('tbody tr').count()) === 2, { timeoutMs: 15_000 });
    const replayed = log.locator('tbody tr').first();
    await replayed.locator('.badge', { hasText: 'Replay' }).waitFor();
    await replayed.getByText('Delivered').waitFor();

    // On a 390 px phone the page, its list and its log fit; wide tables scroll in their own box.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Rotating shows a new secret once; the previous one keeps signing for the overlap.
    await row.getByRole('button', { name: 'Rotate the secret… “Data lake”' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Make a new secret' }).click();
    const rotated = await shown.getByLabel('Signing secret of “Data lake”').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await row.getByText(/The previous secret still signs until /).waitFor();

    // Disabled by the administrator: the state says so, and a replay is refused with the reason.
    await row.getByRole('button', { name: 'Disable “Data lake”' }).click();
    await row.getByText('by an administrator').waitFor();
    await log
      .locator('tbody tr')
      .first()
      .getByRole('button', { name: /^Replay / })
      .click();
    await log
      .getByRole('alert')
      .getByText(/disabled/)
      .waitFor();
    await row.getByRole('button', { name: 'Enable “Data lake”' }).click();
    await row.getByText('Enabled').waitFor();

    // Deleted after a confirmation: the list is empty and the log closed.
    await row.getByRole('button', { name: 'Delete… “Data lake”' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the subscription' }).click();
    await page.getByText('The subscription “Data lake” was deleted.').waitFor();
    await page.getByText('No receiver is subscribed yet.').waitFor();
    await log.waitFor({ state: 'detached' });

    expect(w.requested.filter((u) => !u.startsWith(`${c.origin}/`))).toEqual([]);
    expect(w.requested.some((u) => u.includes('whsec_'))).toBe(false);
    // Only the two refusals provoked above (the URL: 400; the replay while disabled: 409).
    const refused = /^Failed to load resource: the server responded with a status of (400|409) /;
    expect(w.consoleErrors.filter((e) => refused.test(e))).toHaveLength(2);
    expect(w.consoleErrors.filter((e) => !refused.test(e))).toEqual([]);
    await w.close();
  }, 180_000);

  it('an analyst does not see the page in the navigation and is refused at its address', async () => {
    const analyst = await newStaff(c.t.app, StaffRole.Analyst);
    const w = await desktopPage(c.browser);
    const { page } = w;
    await signIn(page, c.origin, analyst);
    await expect(page.getByRole('link', { name: 'Webhooks' }).count()).resolves.toBe(0);
    await page.goto(`${c.origin}/admin/webhooks`);
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' }).count()).resolves.toBe(0);
    await w.close();
  }, 60_000);
});
