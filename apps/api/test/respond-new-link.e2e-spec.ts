import { ProblemType } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ContactsService } from '../src/contacts/contacts.service';
import { MailSender } from '../src/mail/mail-sender.service';
import {
  NEW_LINK_REQUESTS_PER_CLIENT_PER_HOUR,
  NEW_LINKS_PER_INVITATION_PER_DAY,
} from '../src/ingestion/new-link-throttle';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf, problemOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { completeAnswers, Invitee, surveyWithInvitees } from './utils/respondents';
import { startSmtp, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

const PUBLIC_URL = 'https://surveys.example.org';
const SURVEY_LINK = /https:\/\/surveys\.example\.org\/r\/#([A-Za-z0-9_-]{43})/;
const LINK_DAYS = 30;

describe('“Send me a new link” from an expired link', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let invitees: Invitee[];

  const as = (token?: string) => t.api(token === undefined ? undefined : { invitation: token });
  const askNewLink = (token?: string) => as(token).POST('/api/v1/respond/new-link');
  const deliver = () => t.app.get(MailSender).runOnce(500);
  const emailOf = async (invitee: Invitee) => (await t.app.get(ContactsService).get(invitee.contactId)).fields.email;
  const expire = (invitationId: string) =>
    dataSource.query(
      `UPDATE invitation_tokens SET created_at = now() - interval '${LINK_DAYS + 1} days' WHERE invitation_id = $1`,
      [invitationId],
    );
  const resetClientBudget = () =>
    dataSource.query("DELETE FROM rate_limits WHERE key LIKE 'respond-new-link-client:%'");

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        PUBLIC_URL,
        INVITATION_LINK_DAYS: String(LINK_DAYS),
        RESPOND_MAX_INVALID_TOKENS: '1000',
      },
    });
    dataSource = t.app.get(DataSource);
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ invitees } = await surveyWithInvitees(t.app, analyst));
    // The campaign's own invitations go out first; each test then reads only what it caused.
    await deliver();
    smtp.inbox.length = 0;
  });

  beforeEach(async () => {
    smtp.inbox.length = 0;
    await resetClientBudget();
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('mails a working new link to the invitation’s own address; the old link stays expired; the new one expires as usual', async () => {
    const invitee = invitees[0];
    const email = await emailOf(invitee);
    await expire(invitee.invitationId);
    expect((await problemOf(as(invitee.token).GET('/api/v1/respond'), 410)).type).toBe(ProblemType.LinkExpired);

    const { data, response } = await answered(askNewLink(invitee.token), 202);
    expect(data).toEqual({ received: true });
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    await deliver();

    expect(smtp.inbox.map((d) => d.to)).toEqual([email]);
    const [delivered] = smtp.inbox;
    expect(delivered.mail.html).toBeTruthy();
    const fresh = SURVEY_LINK.exec(delivered.mail.text ?? '')?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(invitee.token);
    expect(JSON.stringify(delivered.mail.headers.get('subject'))).not.toContain(email);

    const opened = await dataOf(as(fresh).GET('/api/v1/respond'));
    expect(opened.status).toBe('open');
    expect(opened.language).toBe(invitee.language);
    expect((await problemOf(as(invitee.token).GET('/api/v1/respond'), 410)).type).toBe(ProblemType.LinkExpired);

    await expire(invitee.invitationId);
    expect((await problemOf(as(fresh).GET('/api/v1/respond'), 410)).type).toBe(ProblemType.LinkExpired);

    const [event] = await dataSource.query(
      `SELECT resource_type, details FROM audit_events
        WHERE action = 'invitation.new_link_requested' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.resource_type).toBe('invitation');
    expect(event.details).toEqual({ sent: true });
    expect(JSON.stringify(event)).not.toContain(email);
    expect(JSON.stringify(event)).not.toContain(invitee.token);
  });

  it('answers the same, and sends nothing, for an unknown link, a live link, an opted-out or a submitted invitation', async () => {
    const [live, optedOut, submitted] = [invitees[1], invitees[2], invitees[3]];
    await answered(as(optedOut.token).POST('/api/v1/respond/opt-out'), 200);
    await answered(as(submitted.token).POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }), 200);
    await expire(optedOut.invitationId);
    await expire(submitted.invitationId);

    const answers = [];
    for (const token of ['B'.repeat(43), live.token, optedOut.token, submitted.token]) {
      const { data, response } = await answered(askNewLink(token), 202);
      answers.push({ body: data, type: response.headers.get('content-type') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify(answers[0])]));
    await deliver();
    expect(smtp.inbox).toHaveLength(0);

    const reasons = await dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'invitation.new_link_requested' ORDER BY seq DESC LIMIT 3`,
    );
    expect(reasons.map((r: { details: unknown }) => r.details)).toEqual(
      expect.arrayContaining([
        { sent: false, reason: 'link_still_valid' },
        { sent: false, reason: 'not_answerable' },
        { sent: false, reason: 'not_answerable' },
      ]),
    );
  });

  it(`sends one invitation at most ${NEW_LINKS_PER_INVITATION_PER_DAY} new links a day, answering further requests alike`, async () => {
    const invitee = invitees[4];
    await expire(invitee.invitationId);
    for (let i = 0; i < NEW_LINKS_PER_INVITATION_PER_DAY + 2; i++) {
      expect(await dataOf(askNewLink(invitee.token), 202)).toEqual({ received: true });
    }
    await deliver();
    const email = await emailOf(invitee);
    expect(smtp.inbox.map((d) => d.to)).toEqual(Array(NEW_LINKS_PER_INVITATION_PER_DAY).fill(email));
    smtp.inbox.length = 0;
  });

  it(`lets one address ask ${NEW_LINK_REQUESTS_PER_CLIENT_PER_HOUR} times an hour, then answers 429 with Retry-After`, async () => {
    const token = 'C'.repeat(43);
    for (let i = 0; i < NEW_LINK_REQUESTS_PER_CLIENT_PER_HOUR; i++) await answered(askNewLink(token), 202);
    const { response } = await answered(askNewLink(invitees[5].token), 429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    await deliver();
    expect(smtp.inbox).toHaveLength(0);
  });

  it('tells any link’s invitation language, whatever its state, without marking it opened; an unknown link is 404', async () => {
    const arabic = invitees.find((invitee) => invitee.language === 'ar')!;
    await expire(arabic.invitationId);
    expect(await dataOf(as(arabic.token).GET('/api/v1/respond/link'))).toEqual({
      language: 'ar',
      textDirection: 'rtl',
    });
    // Opted out (invitees[2]), submitted (invitees[3]) and expired (invitees[0]) links earlier in this file.
    for (const invitee of [invitees[0], invitees[2], invitees[3]]) {
      const link = await dataOf(as(invitee.token).GET('/api/v1/respond/link'));
      expect(link.language).toBe(invitee.language);
    }
    // A link no test here has opened stays unopened.
    const unopened = invitees[7];
    expect((await dataOf(as(unopened.token).GET('/api/v1/respond/link'))).language).toBe(unopened.language);
    const [{ opened_at: openedAt }] = await dataSource.query('SELECT opened_at FROM invitations WHERE id = $1', [
      unopened.invitationId,
    ]);
    expect(openedAt).toBeNull();
    expect((await problemOf(as('D'.repeat(43)).GET('/api/v1/respond/link'), 404)).type).toBe(
      ProblemType.InvalidInvitation,
    );
  });

  it('refuses a request without a token, naming the header', async () => {
    const problem = await problemOf(askNewLink(), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['X-Invitation-Token']);
  });
});
