import { createMediumTest, refusalOf, type MediumTest } from '../../test/utils/medium';
import { newResponse, surveyWithInvitations } from '../../test/utils/factories';
import { ProblemType } from '../common/problem-types';
import { CampaignsService } from './campaigns.service';

const DAY = 24 * 3600 * 1000;

describe('The minimum delay between a campaign’s mailings', () => {
  let t: MediumTest;
  let campaigns: CampaignsService;

  beforeAll(async () => {
    t = await createMediumTest({ env: { REMINDER_MIN_DELAY_DAYS: '3' } });
    campaigns = t.get(CampaignsService);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('allows a reminder once the delay has passed since the last mailing, and counts who gets it', async () => {
    const start = t.clock.now();
    const { campaignId, invitations } = await surveyWithInvitations(t, { contacts: 4 });
    await newResponse(t, invitations[0]);
    await campaigns.optOut(invitations[1].token);

    const early = await campaigns.reminderPreview(campaignId);
    expect(early).toMatchObject({ recipients: 2, minDelayDays: 3 });
    expect(early.nextReminderAllowedAt).toBe(new Date(start.getTime() + 3 * DAY).toISOString());
    const refusal = await refusalOf(campaigns.remind(campaignId));
    expect(refusal).toMatchObject({ status: 409, type: ProblemType.ReminderTooEarly });

    t.clock.set(new Date(start.getTime() + 3 * DAY - 1000));
    expect((await refusalOf(campaigns.remind(campaignId))).type).toBe(ProblemType.ReminderTooEarly);

    t.clock.set(new Date(start.getTime() + 3 * DAY));
    expect((await campaigns.reminderPreview(campaignId)).nextReminderAllowedAt).toBeNull();
    expect(await campaigns.remind(campaignId)).toEqual({ reminded: 2, skipped: 2 });

    // The reminder restarts the delay.
    const after = await campaigns.reminderPreview(campaignId);
    expect(after.lastMailedAt).toBe(new Date(start.getTime() + 3 * DAY).toISOString());
    expect(after.nextReminderAllowedAt).toBe(new Date(start.getTime() + 6 * DAY).toISOString());
    const rows = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'campaign.reminder_delay_overridden'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('sends earlier only with an override, which the audit log records', async () => {
    const { campaignId } = await surveyWithInvitations(t, { contacts: 2 });
    const { recipients } = await campaigns.reminderPreview(campaignId);
    expect(recipients).toBeGreaterThanOrEqual(2);
    const round = await campaigns.remind(campaignId, { override: true });
    expect(round.reminded).toBe(recipients);
    const rows = await t.query<{ resource_id: string }>(
      `SELECT resource_id FROM audit_events WHERE action = 'campaign.reminder_delay_overridden'`,
    );
    expect(rows.map((row) => row.resource_id)).toEqual([campaignId]);
  });
});
