import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/roles';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { waitUntil } from '../src/jobs/wait-until';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { completeAnswers, FIXTURE, surveyWithInvitees } from './utils/respondents';
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

  const as = (token: string) => t.api({ staff: token });
  const send = () => t.app.get(MailSender).runOnce(500);
  const auditFails = (fails: boolean) =>
    dataSource.query(fails ? 'INSERT INTO audit_sabotage VALUES (true)' : 'DELETE FROM audit_sabotage');
  const auditCount = async () => Number((await dataSource.query('SELECT count(*) AS n FROM audit_events'))[0].n);

  /**
   * An answer's status, content type and body as sent: each call below reads its body as text (a
   * problem comes back parsed, and is written out again), so a leak is found whatever the format.
   */
  async function received(call: Promise<{ data?: unknown; error?: unknown; response: Response }>) {
    const { data, error, response } = await call;
    const body = data ?? error;
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: typeof body === 'string' ? body : JSON.stringify(body ?? ''),
    };
  }
  const text = { parseAs: 'text' } as const;
  const path = (id: string) => ({ path: { id } });
  const survey = () => ({ params: path(surveyId), ...text });
  const pkg = (format?: 'html') => ({
    params: { query: format ? { format } : {} },
    headers: { 'X-Download-Token': downloadToken },
    ...text,
  });

  /** The personal-data calls, as the console and the privacy office make them. */
  const calls: [string, () => ReturnType<typeof received>][] = [
    [
      'GET /contacts/{id}',
      () =>
        received(
          as(analyst).GET('/api/v1/contacts/{id}', { params: { ...path(contactId), header: ANALYSIS }, ...text }),
        ),
    ],
    [
      'POST /contacts/search',
      () =>
        received(
          as(analyst).POST('/api/v1/contacts/search', {
            params: { header: ANALYSIS },
            body: { email: 'amelie.durand@example.fr' },
            ...text,
          }),
        ),
    ],
    [
      'GET /responses/{id}/respondent',
      () =>
        received(
          as(analyst).GET('/api/v1/responses/{id}/respondent', {
            params: { ...path(responseId), header: ANALYSIS },
            ...text,
          }),
        ),
    ],
    ['GET /surveys/{id}/responses', () => received(as(analyst).GET('/api/v1/surveys/{id}/responses', survey()))],
    [
      'GET /surveys/{id}/responses as CSV',
      () =>
        received(
          as(analyst).GET('/api/v1/surveys/{id}/responses', {
            params: { ...path(surveyId), query: { format: 'csv' } },
            ...text,
          }),
        ),
    ],
    [
      'GET /privacy-requests/{id}',
      () =>
        received(
          as(officer).GET('/api/v1/privacy-requests/{id}', {
            params: { ...path(openRequestId), header: PRIVACY },
            ...text,
          }),
        ),
    ],
    ['GET /privacy-requests/package', () => received(t.api().GET('/api/v1/privacy-requests/package', pkg()))],
    [
      'GET /privacy-requests/package as a page',
      () => received(t.api().GET('/api/v1/privacy-requests/package', pkg('html'))),
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
    await answered(
      t.api({ invitation: invitee.token }).POST('/api/v1/respond/submit', {
        body: { answers: completeAnswers({ suggestions: FREE_TEXT }), language: 'fr' },
      }),
      200,
    );
    [{ id: responseId }] = await dataSource.query('SELECT id FROM responses');

    // An access request fulfilled by mail (its download link), and one still open.
    const register = (email: string, details?: string) =>
      dataOf(
        as(officer).POST('/api/v1/privacy-requests/register', {
          params: { header: PRIVACY },
          body: { type: 'access', email, channel: 'letter', identityVerification: 'signed-letter', details },
        }),
        201,
      );
    const fulfilled = (await register('amelie.durand@example.fr')).id;
    await answered(
      as(officer).POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { ...path(fulfilled), header: PRIVACY },
        body: {},
      }),
      202,
    );
    // The package is made by a job, which mails the link.
    await waitUntil(
      async () =>
        (await dataOf(as(officer).GET('/api/v1/privacy-requests/{id}/access-package', { params: path(fulfilled) })))
          .status === 'ready',
      { everyMs: 100, timeoutMs: 60_000 },
    );
    await send();
    const mail = smtp.inbox.filter((d) => d.to === 'amelie.durand@example.fr').at(-1)!.mail;
    downloadToken = DOWNLOAD_LINK.exec(mail.text ?? '')![1];
    openRequestId = (await register('requester@example.net', REQUEST_DETAILS)).id;

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
        expect({ name, type: res.contentType }).toEqual({
          name,
          type: expect.stringContaining('application/problem+json'),
        });
        expect({ name, leaked: [...personal, contactId].filter((value) => res.text.includes(value)) }).toEqual({
          name,
          leaked: [],
        });
      }
      // Writes that are audited in their own transaction are undone with the event.
      const rectified = await as(analyst).PATCH('/api/v1/contacts/{id}', {
        params: { ...path(contactId), header: ANALYSIS },
        body: { role: 'Changed without a trace' },
      });
      expect(rectified.response.status).toBeGreaterThanOrEqual(500);
      const registered = await as(officer).POST('/api/v1/privacy-requests/register', {
        params: { header: PRIVACY },
        body: {
          type: 'objection',
          email: 'unrecorded@example.net',
          channel: 'letter',
          identityVerification: 'signed-letter',
        },
      });
      expect(registered.response.status).toBeGreaterThanOrEqual(500);
    } finally {
      await auditFails(false);
    }
    expect(await auditCount()).toBe(eventsBefore);
    expect(await downloads()).toBe(downloadsBefore);
    expect(Number((await dataSource.query('SELECT count(*) AS n FROM privacy_requests'))[0].n)).toBe(2);
    const contact = await dataOf(
      as(analyst).GET('/api/v1/contacts/{id}', { params: { ...path(contactId), header: ANALYSIS } }),
    );
    expect(contact.role).not.toBe('Changed without a trace');
    for (const value of personal) expect(t.log.text).not.toContain(value);
  });
});
