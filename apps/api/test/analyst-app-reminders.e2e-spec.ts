import { StaffRole } from '../src/auth/roles';
import { dataOf } from './utils/client';
import { desktopPage, screenshot, signIn, startConsole, type Console } from './utils/analyst-browser';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor, type TestStaff } from './utils/staff';

describe('the analyst app: reminders wait for the minimum delay', () => {
  let c: Console;
  let analyst: TestStaff;
  let token: string;

  beforeAll(async () => {
    c = await startConsole({ REMINDER_MIN_DELAY_DAYS: '3' });
    analyst = await newStaff(c.t.app, StaffRole.Analyst);
    token = await sessionFor(c.t.app, analyst);
  });

  afterAll(async () => {
    await c?.close();
  });

  it('shows when the next reminder is allowed, how many get it, and sends early only with the override', async () => {
    const { campaignId, invitees } = await surveyWithInvitees(c.t.app, token, { name: 'Reminder delay' });
    const w = await desktopPage(c.browser);
    const { page } = w;
    try {
      await signIn(page, c.origin, analyst, `/campaigns/${campaignId}`);
      const next = page.getByTestId('next-reminder');
      await next
        .getByText(/^The next reminder is allowed from .+ \(3 days after the campaign’s last mailing\)\.$/)
        .waitFor();

      await page.getByRole('button', { name: 'Send reminders…' }).click();
      await page
        .getByTestId('reminder-recipients')
        .getByText(`${invitees.length} people will get it`, { exact: false })
        .waitFor();
      const send = page.getByRole('button', { name: 'Send reminders now' });
      expect(await send.isDisabled()).toBe(true);
      await screenshot(page, 'campaign-reminder-too-early');
      await page.getByLabel('Send anyway, before the minimum delay of 3 days (recorded in the audit log)').check();
      await send.click();
      await page
        .getByTestId('reminders-result')
        .getByText(`Reminder sent to ${invitees.length} invitees; 0 left out`, { exact: false })
        .waitFor();
      const campaign = await dataOf(
        c.t.api({ staff: token }).GET('/api/v1/campaigns/{id}', { params: { path: { id: campaignId } } }),
      );
      expect(campaign.reminderRounds).toBe(1);
      expect(w.consoleErrors).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
