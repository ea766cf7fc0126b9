import { ProblemType } from '@survey/api-client';
import { StaffRole } from '../src/auth/roles';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

/** Reminders wait the deployment's minimum delay after the campaign's last mailing, unless overridden. */
describe('Reminder delay over HTTP', () => {
  let db: TestDatabase;
  let t: TestApp;
  let analyst: string;
  let officer: string;
  let campaignId: string;
  let invited: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { REMINDER_MIN_DELAY_DAYS: '3' } });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    const made = await surveyWithInvitees(t.app, analyst);
    campaignId = made.campaignId;
    invited = made.invitees.length;
    // One invitee opts out: the reminder is not for them.
    await answered(t.api({ invitation: made.invitees[0].token }).POST('/api/v1/respond/opt-out'), 200);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const api = () => t.api({ staff: analyst });
  const path = () => ({ params: { path: { id: campaignId } } });

  it('previews who a reminder would reach and when the next one is allowed', async () => {
    const preview = await dataOf(api().GET('/api/v1/campaigns/{id}/reminders/preview', path()));
    expect(preview.recipients).toBe(invited - 1);
    expect(preview.minDelayDays).toBe(3);
    expect(preview.lastMailedAt).not.toBeNull();
    const allowed = new Date(preview.nextReminderAllowedAt!).getTime();
    expect(allowed - new Date(preview.lastMailedAt!).getTime()).toBe(3 * 24 * 3600 * 1000);
    expect(allowed).toBeGreaterThan(Date.now());
  });

  it('refuses a reminder sooner than the delay, saying when it is allowed', async () => {
    const problem = await problemOf(api().POST('/api/v1/campaigns/{id}/reminders', path()), 409);
    expect(problem.type).toBe(ProblemType.ReminderTooEarly);
    expect(problem).toMatchObject({ minDelayDays: 3 });
    expect(typeof (problem as { nextReminderAllowedAt?: unknown }).nextReminderAllowedAt).toBe('string');
    const withFalse = await problemOf(
      api().POST('/api/v1/campaigns/{id}/reminders', { ...path(), body: { override: false } }),
      409,
    );
    expect(withFalse.type).toBe(ProblemType.ReminderTooEarly);
  });

  it.each([{ override: 'yes' }, { override: null }, { later: true }])(
    'refuses the body %j naming its field',
    async (body) => {
      const problem = await problemOf(
        api().POST('/api/v1/campaigns/{id}/reminders', { ...path(), body: body as never }),
        400,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual([Object.keys(body)[0]]);
    },
  );

  it('sends with an explicit override, recorded in the audit log', async () => {
    const before = await dataOf(api().GET('/api/v1/campaigns/{id}/reminders/preview', path()));
    const round = await dataOf(api().POST('/api/v1/campaigns/{id}/reminders', { ...path(), body: { override: true } }));
    expect(round).toEqual({ reminded: invited - 1, skipped: 1 });
    const events = await dataOf(
      t.api({ staff: officer }).GET('/api/v1/audit-events', {
        params: { query: { action: 'campaign.reminder_delay_overridden' } },
      }),
    );
    expect(events.items.map((e) => e.resourceId)).toEqual([campaignId]);
    // The reminder is the campaign's last mailing now: the next one waits again.
    const after = await dataOf(api().GET('/api/v1/campaigns/{id}/reminders/preview', path()));
    expect(new Date(after.lastMailedAt!).getTime()).toBeGreaterThan(new Date(before.lastMailedAt!).getTime());
    expect(after.nextReminderAllowedAt).not.toBeNull();
  });

  it('answers 404 for an unknown campaign', async () => {
    const unknown = { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } };
    await answered(api().GET('/api/v1/campaigns/{id}/reminders/preview', unknown), 404);
  });
});
