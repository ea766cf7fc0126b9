import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { extractCsv, surveyWithInvitees } from './utils/respondents';
import { newStaff, sessionFor } from './utils/staff';

/** What the mail server answers for each recipient, at RCPT TO or after DATA. */
const NO_SUCH_USER = 'gone@example.org';
const REFUSED_CONTENT = 'refused@example.org';
const BUSY = 'busy@example.org';
const ACCEPTED = ['one@example.org', 'two@example.org'];

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

describe('a mail server refusing an invitation for good', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: SMTPServer;
  let analyst: string;
  const delivered: string[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address === NO_SUCH_USER) return callback(smtpError(550, '5.1.1 No such user here'));
        if (address.address === BUSY) return callback(smtpError(451, '4.3.0 Try again later'));
        callback();
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          if (to.includes(REFUSED_CONTENT)) return callback(smtpError(550, '5.7.1 Message refused'));
          delivered.push(...to);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        MAIL_FROM: 'satisfaction@survey.example.org',
      },
    });
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('marks the invitation bounced (at RCPT or at DATA), and the funnel and response rates count it', async () => {
    const people = [...ACCEPTED, NO_SUCH_USER, REFUSED_CONTENT, BUSY];
    const { surveyId, campaignId } = await surveyWithInvitees(t.app, analyst, {
      contactsCsv: extractCsv(
        people.map((email, i) => ({ name: `Person ${i}`, email, country: 'FR', segment: 'applicant' })),
      ),
    });
    expect(await t.app.get(MailSender).runOnce()).toEqual({ sent: 2, retried: 1, failed: 2, cancelled: 0 });
    expect(delivered.sort()).toEqual([...ACCEPTED].sort());

    const statuses: { status: string }[] = await t.app
      .get(DataSource)
      .query('SELECT delivery_status AS status FROM invitations WHERE campaign_id = $1', [campaignId]);
    // Two bounced (550 at RCPT TO and after DATA), two sent, one put off by the 451 (still pending).
    expect(statuses.map((row) => row.status).sort()).toEqual(['bounced', 'bounced', 'pending', 'sent', 'sent']);

    const api = t.api({ staff: analyst });
    const campaign = await dataOf(api.GET('/api/v1/campaigns/{id}', { params: { path: { id: campaignId } } }));
    expect(campaign.funnel).toMatchObject({ invited: 5, delivered: 2, bounced: 2 });

    const rates = await dataOf(api.GET('/api/v1/surveys/{id}/response-rates', { params: { path: { id: surveyId } } }));
    expect(rates).toMatchObject({ invited: 5, delivered: 2, bounced: 2 });
    expect(rates.campaigns).toEqual([expect.objectContaining({ campaignId, invited: 5, delivered: 2, bounced: 2 })]);
  });
});
