import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { ContactsService } from '../src/contacts/contacts.service';
import { SURVEY_MAIL_RENDERER } from '../src/delivery/campaigns.service';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MAIL_MESSAGE_CONTEXT } from '../src/mail/mail-outbox.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { answered } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { surveyWithInvitees } from './utils/respondents';
import { startSmtp, type Delivered, type TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

const PUBLIC_URL = 'https://surveys.example.org';
const SURVEY_LINK = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/r/#([A-Za-z0-9_-]{43})`);

/** Invitation mail is queued as its ingredients and rendered by the sender when it goes. */
describe('Campaign mail rendered when it is sent', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let analyst: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, ORGANISATION_NAME: 'Example IP Office' },
    });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  const send = () => t.app.get(MailSender).runOnce(500);
  const linkIn = (d: Delivered) => SURVEY_LINK.exec(d.mail.text ?? '')?.[1];
  const contactOf = async (surveyId: string, email: string): Promise<string> => {
    const contacts = await t.app.get(ContactsService).findByEmail(email);
    const [row]: { contact_id: string }[] = await dataSource.query(
      'SELECT contact_id FROM invitations WHERE survey_id = $1 AND contact_id = ANY($2::uuid[])',
      [surveyId, contacts.map((c) => c.id)],
    );
    return row.contact_id;
  };

  it('queues only small encrypted ingredients, then mails the contact as they are at sending, in their language, with a working link', async () => {
    smtp.inbox.length = 0;
    const { surveyId, invitees } = await surveyWithInvitees(t.app, analyst, { name: 'Rendered at send' });
    const queued: { renderer: string | null; size: number; message_ciphertext: Buffer }[] = await dataSource.query(
      `SELECT m.renderer, octet_length(m.message_ciphertext) AS size, m.message_ciphertext
         FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND m.status = 'pending'`,
      [surveyId],
    );
    expect(queued).toHaveLength(invitees.length);
    for (const row of queued) {
      expect(row.renderer).toBe(SURVEY_MAIL_RENDERER);
      // The rendered text and HTML alone would be kilobytes: only what renders them is kept.
      expect(row.size).toBeLessThan(600);
      expect(row.message_ciphertext.toString('latin1')).not.toMatch(/@example|https:|"token"/);
    }

    // Rectified after the invitation was made, before its mail went: the mail follows the rectification.
    const amelie = await contactOf(surveyId, 'amelie.durand@example.fr');
    await t.app.get(ContactsService).update(amelie, { name: 'Amélie Martin', email: 'amelie.martin@example.fr' });

    expect(await send()).toMatchObject({ sent: invitees.length, failed: 0, cancelled: 0 });
    expect(smtp.inbox.filter((d) => d.to === 'amelie.durand@example.fr')).toEqual([]);
    const [toAmelie] = smtp.inbox.filter((d) => d.to === 'amelie.martin@example.fr');
    expect(toAmelie.mail.text).toContain('Amélie Martin');
    // Her invitation is in French, as the survey offers it.
    expect(toAmelie.mail.text).toMatch(/Bonjour|questionnaire|enquête/i);
    expect(toAmelie.mail.text).toContain(`${PUBLIC_URL}/r/opt-out#${linkIn(toAmelie)}`);

    // Every link opens its own invitation.
    const links = smtp.inbox.map((d) => linkIn(d)!);
    expect(new Set(links).size).toBe(invitees.length);
    for (const token of links) await answered(t.api({ invitation: token }).GET('/api/v1/respond'), 200);
    // Sent: nothing of the mail or its link stays in the outbox.
    const [left] = await dataSource.query(
      `SELECT count(*)::int AS n FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND m.message_ciphertext IS NOT NULL`,
      [surveyId],
    );
    expect(left.n).toBe(0);
  });

  it('sends nothing to a contact who objected after their mail was queued, and drops its content', async () => {
    smtp.inbox.length = 0;
    const { surveyId, invitees } = await surveyWithInvitees(t.app, analyst, { name: 'Objection before sending' });
    const objector = await contactOf(surveyId, 'j.mueller@example.de');
    // The objection's own handling cancels queued mail; this is the window where it has not yet.
    await dataSource.query('UPDATE contacts SET objected_at = now() WHERE id = $1', [objector]);

    expect(await send()).toMatchObject({ sent: invitees.length - 1, cancelled: 1 });
    expect(smtp.inbox.filter((d) => d.to === 'j.mueller@example.de')).toEqual([]);
    const [row] = await dataSource.query(
      `SELECT m.status, m.message_ciphertext FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND i.contact_id = $2`,
      [surveyId, objector],
    );
    expect(row).toEqual({ status: 'cancelled', message_ciphertext: null });
    await dataSource.query('UPDATE contacts SET objected_at = NULL WHERE id = $1', [objector]);
  });

  it('keeps a message whose rendering fails for a later attempt, without logging what it held', async () => {
    smtp.inbox.length = 0;
    const { surveyId } = await surveyWithInvitees(t.app, analyst, { name: 'Rendering fails' });
    // Ingredients the renderer cannot use (a survey that does not exist): the attempt fails, the mail waits.
    const [message]: { id: string; subject_id: string }[] = await dataSource.query(
      `SELECT m.id, m.subject_id FROM mail_outbox m JOIN invitations i ON i.id = m.invitation_id
        WHERE i.survey_id = $1 AND m.status = 'pending' LIMIT 1`,
      [surveyId],
    );
    const keystore = t.app.get(KeystoreService);
    const key = await keystore.keyFor(message.subject_id);
    const broken = keystore.crypto.encrypt(
      key,
      JSON.stringify({
        token: 'x'.repeat(43),
        deadline: new Date().toISOString(),
        surveyId: '00000000-0000-4000-8000-000000000000',
        language: 'en',
        textsVersion: null,
      }),
      MAIL_MESSAGE_CONTEXT,
    );
    await dataSource.query('UPDATE mail_outbox SET message_ciphertext = $2 WHERE id = $1', [message.id, broken]);

    const result = await send();
    expect(result.retried).toBe(1);
    const [row] = await dataSource.query(
      'SELECT status, last_error, message_ciphertext IS NOT NULL AS kept FROM mail_outbox WHERE id = $1',
      [message.id],
    );
    expect(row).toEqual({ status: 'pending', last_error: 'rendering failed', kept: true });
    expect(t.log.text).toContain('mail could not be rendered');
    expect(t.log.text).not.toContain('x'.repeat(43));
  });
});
