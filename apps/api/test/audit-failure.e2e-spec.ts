import request from 'supertest';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, FIXTURE, surveyWithInvitees } from './utils/respondents';
import { startSmtp, TestSmtp } from './utils/smtp';
import { newStaff, sessionFor } from './utils/staff';

const PUBLIC_URL = 'https://surveys.example.org';
const DOWNLOAD_LINK = /https:\/\/surveys\.example\.org\/r\/download#([A-Za-z0-9_-]{43})/;
const ANALYSIS = { 'X-Purpose': 'survey-administration' };
const PRIVACY = { 'X-Purpose': 'privacy-request' };
const FREE_TEXT = 'Remark only the respondent wrote';
const REQUEST_DETAILS = 'Details only the requester wrote';

/**
 * The promise behind every personal-data route: the read is audited before the answer is sent,
 * so if the audit event cannot be written, the person's data does not leave. The audit table is
 * made to refuse inserts (a trigger in this test's own database), as a full disk or a broken
 * permission would, and each route must then answer a 5xx problem holding no personal value.
 */
describe('personal data when the audit event cannot be written', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let analyst: string;
  let officer: string;
  let surveyId: string;
  let contactId: string;
  let responseId: string;
  let openRequestId: string;
  let downloadToken: string;
  /** Every personal value the routes below could give away (and the found contact's id, which says the address is known). */
  let personal: string[];

  const api = () => request(t.app.getHttpServer());
  const send = () => t.app.get(MailSender).runOnce(500);
  const auditFails = (fails: boolean) =>
    dataSource.query(fails ? 'INSERT INTO audit_sabotage VALUES (true)' : 'DELETE FROM audit_sabotage');
  const auditCount = async () => Number((await dataSource.query('SELECT count(*) AS n FROM audit_events'))[0].n);

  /** The personal-data calls, as the console and the privacy office make them. */
  const calls: [string, () => request.Test][] = [
    ['GET /contacts/{id}', () => api().get(`/api/v1/contacts/${contactId}`).set(bearer(analyst)).set(ANALYSIS)],
    [
      'POST /contacts/search',
      () =>
        api()
          .post('/api/v1/contacts/search')
          .set(bearer(analyst))
          .set(ANALYSIS)
          .send({ email: 'amelie.durand@example.fr' }),
    ],
    [
      'GET /responses/{id}/respondent',
      () => api().get(`/api/v1/responses/${responseId}/respondent`).set(bearer(analyst)).set(ANALYSIS),
    ],
    ['GET /surveys/{id}/responses', () => api().get(`/api/v1/surveys/${surveyId}/responses`).set(bearer(analyst))],
    [
      'GET /surveys/{id}/responses as CSV',
      () => api().get(`/api/v1/surveys/${surveyId}/responses?format=csv`).set(bearer(analyst)),
    ],
    [
      'GET /privacy-requests/{id}',
      () => api().get(`/api/v1/privacy-requests/${openRequestId}`).set(bearer(officer)).set(PRIVACY),
    ],
    [
      'GET /privacy-requests/package',
      () => api().get('/api/v1/privacy-requests/package').set('X-Download-Token', downloadToken),
    ],
    [
      'GET /privacy-requests/package as a page',
      () => api().get('/api/v1/privacy-requests/package?format=html').set('X-Download-Token', downloadToken),
    ],
  ];

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, RESPOND_MAX_INVALID_TOKENS: '1000' },
      // The audit log is broken on purpose: the 500s it causes are the point, not a drift from the spec.
      checkAnswers: false,
    });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    let invitees;
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    await send();
    const [amelie] = (await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
      t.app.get(KeystoreService).emailIndex('amelie.durand@example.fr'),
    ])) as { id: string }[];
    contactId = amelie.id;
    const invitee = invitees.find((i) => i.contactId === contactId)!;
    await api()
      .post('/api/v1/respond/submit')
      .set('X-Invitation-Token', invitee.token)
      .send({ answers: completeAnswers({ suggestions: FREE_TEXT }), language: 'fr' })
      .expect(200);
    [{ id: responseId }] = await dataSource.query('SELECT id FROM responses');

    // An access request fulfilled by mail (its download link), and one still open.
    const register = (email: string, details?: string) =>
      api()
        .post('/api/v1/privacy-requests/register')
        .set(bearer(officer))
        .set(PRIVACY)
        .send({ type: 'access', email, channel: 'letter', identityVerification: 'signed-letter', details })
        .expect(201);
    const fulfilled = (await register('amelie.durand@example.fr')).body.id as string;
    await api()
      .post(`/api/v1/privacy-requests/${fulfilled}/fulfil`)
      .set(bearer(officer))
      .set(PRIVACY)
      .send({})
      .expect(200);
    await send();
    const mail = smtp.inbox.filter((d) => d.to === 'amelie.durand@example.fr').at(-1)!.mail;
    downloadToken = DOWNLOAD_LINK.exec(mail.text ?? '')![1];
    openRequestId = (await register('requester@example.net', REQUEST_DETAILS)).body.id as string;

    const [, ...rows] = FIXTURE.toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    personal = [
      ...rows.flatMap((row) => row.split(',').slice(0, 2)).filter((value) => value.length > 3),
      invitee.token,
      downloadToken,
      FREE_TEXT,
      REQUEST_DETAILS,
      'requester@example.net',
    ];

    await dataSource.query(`
      CREATE TABLE audit_sabotage (on_purpose boolean);
      CREATE FUNCTION audit_sabotage() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM audit_sabotage) THEN RAISE EXCEPTION 'the audit store refuses writes'; END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER audit_sabotage BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_sabotage();
    `);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('each route gives its data while the audit works (so the check below can fail)', async () => {
    for (const [name, call] of calls) {
      const res = await call();
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect({ name, leaked: [...personal, contactId].some((value) => res.text.includes(value)) }).toEqual({
        name,
        leaked: true,
      });
    }
  });

  it('answers 5xx problem+json with no personal value, and writes nothing, when the audit write fails', async () => {
    const downloads = async () =>
      (await dataSource.query('SELECT sum(download_count)::int AS n FROM privacy_request_downloads'))[0].n as number;
    const downloadsBefore = await downloads();
    const eventsBefore = await auditCount();
    await auditFails(true);
    try {
      for (const [name, call] of calls) {
        const res = await call();
        expect({ name, status: res.status >= 500 }).toEqual({ name, status: true });
        expect({ name, type: res.headers['content-type'] }).toEqual({
          name,
          type: expect.stringContaining('application/problem+json'),
        });
        expect({ name, leaked: [...personal, contactId].filter((value) => res.text.includes(value)) }).toEqual({
          name,
          leaked: [],
        });
      }
      // Writes that are audited in their own transaction are undone with the event.
      const rectified = await api()
        .patch(`/api/v1/contacts/${contactId}`)
        .set(bearer(analyst))
        .set(ANALYSIS)
        .send({ role: 'Changed without a trace' });
      expect(rectified.status).toBeGreaterThanOrEqual(500);
      const registered = await api().post('/api/v1/privacy-requests/register').set(bearer(officer)).set(PRIVACY).send({
        type: 'objection',
        email: 'unrecorded@example.net',
        channel: 'letter',
        identityVerification: 'signed-letter',
      });
      expect(registered.status).toBeGreaterThanOrEqual(500);
    } finally {
      await auditFails(false);
    }
    expect(await auditCount()).toBe(eventsBefore);
    expect(await downloads()).toBe(downloadsBefore);
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM privacy_requests'))[0].n)).toBe(2);
    const contact = await api().get(`/api/v1/contacts/${contactId}`).set(bearer(analyst)).set(ANALYSIS).expect(200);
    expect(contact.body.role).not.toBe('Changed without a trace');
    for (const value of personal) expect(t.log.text).not.toContain(value);
  });
});
