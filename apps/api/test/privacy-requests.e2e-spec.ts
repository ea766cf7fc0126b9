import { ProblemType, type components } from '@survey/api-client';
import { sampleSatisfactionQuestionnaire } from '@survey/questionnaire';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { KeystoreService } from '../src/crypto/keystore.service';
import { MailSender } from '../src/mail/mail-sender.service';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, FIXTURE, Invitee, surveyWithInvitees } from './utils/respondents';
import { startSmtp, TestSmtp } from './utils/smtp';
import { newApiKey, newStaff, sessionFor, TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];
type PrivacyRequestDto = components['schemas']['PrivacyRequestDto'];
type Summary = components['schemas']['PrivacyRequestSummaryDto'];
type Notice = components['schemas']['ProviderErasureNoticeDto'];

const PUBLIC_URL = 'https://surveys.example.org';
const VERIFY_LINK = /https:\/\/surveys\.example\.org\/r\/verify-request#([A-Za-z0-9_-]{43})/;
const DOWNLOAD_LINK = /https:\/\/surveys\.example\.org\/r\/download#([A-Za-z0-9_-]{43})/;
const PURPOSE = { 'X-Purpose': 'privacy-request' };
const DAY = 86_400_000;
const UNKNOWN_TOKEN = 'A'.repeat(43);

describe('Privacy requests: intake, verification, workflow, access, rectification, objection', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let analyst: string;
  let officerStaff: TestStaff;
  let officer: string;
  let admin: TestStaff;
  let surveyId: string;
  let invitees: Invitee[];
  let ipCounter = 0;

  const api = () => request(t.app.getHttpServer());
  /** Each call from its own address unless one is given: the per-IP budget is tested on its own. */
  const nextIp = () => `198.51.100.${++ipCounter}`;
  const file = (body: object, ip = nextIp()) =>
    api().post('/api/v1/privacy-requests').set('X-Forwarded-For', ip).send(body);
  const verify = (token: unknown, ip = nextIp()) =>
    api().post('/api/v1/privacy-requests/verify').set('X-Forwarded-For', ip).send({ token });
  const send = () => t.app.get(MailSender).runOnce(500);
  const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))];
  const mailTo = (address: string) => smtp.inbox.filter((d) => d.to === address);
  const lastMailTo = (address: string) => mailTo(address).at(-1)!;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);
  const contactIdOf = async (email: string) =>
    (
      (await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
        t.app.get(KeystoreService).emailIndex(email),
      ])) as { id: string }[]
    )[0]?.id;
  const inviteeOf = async (email: string) => {
    const contactId = await contactIdOf(email);
    return invitees.find((i) => i.contactId === contactId)!;
  };
  const getRequest = async (id: string) =>
    (await api().get(`/api/v1/privacy-requests/${id}`).set(bearer(officer)).set(PURPOSE).expect(200))
      .body as PrivacyRequestDto;
  const latestRequestId = async () =>
    (
      (await dataSource.query(
        'SELECT id FROM privacy_requests ORDER BY created_at DESC, received_at DESC LIMIT 1',
      )) as {
        id: string;
      }[]
    )[0].id;
  const moveClock = (ms: number) => {
    const real = Date.now;
    return jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(real() + ms));
  };

  /** Files a request, sends its verification mail and opens the link: the request's id. */
  async function verifiedRequest(type: string, email: string, extra: object = {}): Promise<string> {
    await file({ type, email, ...extra }).expect(202);
    const id = await latestRequestId();
    await send();
    const token = VERIFY_LINK.exec(lastMailTo(email).mail.text ?? '')![1];
    await verify(token).expect(200);
    return id;
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        PUBLIC_URL,
        TRUST_PROXY: 'true',
        ORGANISATION_NAME: 'Example IP Office',
        PRIVACY_CONTACT_EMAIL: 'dpo@office.example.org',
        PRIVACY_REQUESTS_PER_IP_PER_HOUR: '4',
        PRIVACY_REQUESTS_PER_EMAIL_PER_DAY: '3',
        PRIVACY_TOKEN_MAX_FAILURES: '5',
        RESPOND_MAX_INVALID_TOKENS: '1000',
        PROVIDER_REQUESTS_PER_MINUTE: '5',
      },
    });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    officerStaff = await newStaff(t.app, StaffRole.PrivacyOfficer);
    officer = await sessionFor(t.app, officerStaff);
    admin = await newStaff(t.app, StaffRole.Admin);
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    await send(); // the invitations
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  afterEach(() => jest.restoreAllMocks());

  describe('intake', () => {
    it.each([
      ['an unknown type', { type: 'deletion', email: 'a@example.org' }, 'type'],
      ['an invalid address', { type: 'access', email: 'not-an-address' }, 'email'],
      ['an address with a display name', { type: 'access', email: 'Amélie <a@example.org>' }, 'email'],
      ['no address', { type: 'access' }, 'email'],
      ['4,001 characters of details', { type: 'access', email: 'a@example.org', details: 'x'.repeat(4001) }, 'details'],
      ['another language', { type: 'access', email: 'a@example.org', language: 'de' }, 'language'],
      ['an unknown field', { type: 'access', email: 'a@example.org', name: 'Amélie' }, 'name'],
    ])('refuses %s naming the field, and records nothing', async (_what, body, field) => {
      const before = await count('privacy_requests');
      const res = await file(body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain('Amélie');
      expect(await count('privacy_requests')).toBe(before);
    });

    it('answers a known and an unknown address alike, records both encrypted and mails both a verification link', async () => {
      const known = await file({
        type: 'access',
        email: ' Amelie.Durand@Example.FR ',
        language: 'fr',
        details: 'Je veux savoir ce que vous avez.',
      }).expect(202);
      const knownId = await latestRequestId();
      const unknown = await file({ type: 'access', email: 'nobody.here@example.net', language: 'fr' }).expect(202);
      const unknownId = await latestRequestId();
      expect(unknown.body).toEqual(known.body);
      expect(known.body).toEqual({ status: 'received', message: expect.any(String) });

      const rows: Record<string, unknown>[] = await dataSource.query(
        'SELECT * FROM privacy_requests WHERE id = ANY($1::uuid[])',
        [[knownId, unknownId]],
      );
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'received', channel: 'web', language: 'fr', contact_id: null });
        expect(row.email_ciphertext).toBeInstanceOf(Buffer);
        expect(row.verification_token_hash).toBeInstanceOf(Buffer);
      }
      const text = JSON.stringify(rows) + rows.map((r) => String(r.email_ciphertext) + String(r.details_ciphertext));
      expect(text).not.toMatch(/amelie|nobody\.here|Je veux/i);
      // Each request has its own key.
      expect(await count('keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [[knownId, unknownId]])).toBe(2);

      await send();
      for (const address of ['amelie.durand@example.fr', 'nobody.here@example.net']) {
        const { mail } = lastMailTo(address);
        expect(mail.subject).toBe('Veuillez confirmer votre demande relative à vos données personnelles');
        expect(mail.text).toMatch(VERIFY_LINK);
        expect(mail.text).toContain('Example IP Office');
        expect(mail.html).toMatch(/lang="fr"/);
      }
      const audit: { details: object; actor_type: string }[] = await dataSource.query(
        `SELECT details, actor_type FROM audit_events WHERE action = 'privacy_request.received' AND resource_id = ANY($1)`,
        [[knownId, unknownId]],
      );
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor_type: 'anonymous', details: { type: 'access', channel: 'web' } });
    });

    it('limits requests per e-mail address per day, known or not', async () => {
      for (let i = 0; i < 3; i += 1) await file({ type: 'objection', email: 'busy@example.net' }).expect(202);
      const res = await file({ type: 'objection', email: 'BUSY@example.net' }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(3600);
      expect(res.body.type).toBe(ProblemType.TooManyAttempts);
    });

    it('limits requests per client address per hour', async () => {
      const ip = '203.0.113.77';
      for (let i = 0; i < 4; i += 1) await file({ type: 'access', email: `ip${i}@example.net` }, ip).expect(202);
      const res = await file({ type: 'access', email: 'ip9@example.net' }, ip).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      await file({ type: 'access', email: 'ip9@example.net' }, '203.0.113.78').expect(202);
    });
  });

  describe('verification', () => {
    it('refuses a malformed token naming token, and an unknown one with 404', async () => {
      expect(fieldsOf((await verify('short').expect(400)).body)).toEqual(['token']);
      expect(fieldsOf((await verify(undefined).expect(400)).body)).toEqual(['token']);
      const res = await verify(UNKNOWN_TOKEN).expect(404);
      expect(res.body.type).toBe(ProblemType.InvalidLink);
    });

    it('verifies with the mailed link, starts a one-month clock, links the contact, and answers the same again', async () => {
      const id = await verifiedRequest('access', 'j.mueller@example.de');
      const token = VERIFY_LINK.exec(lastMailTo('j.mueller@example.de').mail.text ?? '')![1];
      const again = await verify(token).expect(200);
      expect(again.body).toMatchObject({ status: 'verified', type: 'access' });
      const dueAt = new Date(again.body.dueAt as string);
      const expected = new Date();
      expected.setUTCMonth(expected.getUTCMonth() + 1);
      expect(Math.abs(dueAt.getTime() - expected.getTime())).toBeLessThan(3 * DAY + 60_000);
      const stored = await getRequest(id);
      expect(stored).toMatchObject({
        status: 'verified',
        identityVerification: 'email-link',
        knownContact: true,
        email: 'j.mueller@example.de',
        contactId: await contactIdOf('j.mueller@example.de'),
      });
      const events = await count(`audit_events WHERE action = 'privacy_request.verified' AND resource_id = $1`, [id]);
      expect(events).toBe(1);
    });

    it('links no contact for an address we hold nothing on', async () => {
      const id = await verifiedRequest('erasure', 'stranger@example.net');
      expect(await getRequest(id)).toMatchObject({ status: 'verified', knownContact: false, contactId: null });
    });

    it('refuses a link past PRIVACY_VERIFICATION_DAYS with the same 404 as an unknown one', async () => {
      await file({ type: 'access', email: 'late@example.net' }).expect(202);
      await send();
      const token = VERIFY_LINK.exec(lastMailTo('late@example.net').mail.text ?? '')![1];
      moveClock(7 * DAY + 60_000);
      const res = await verify(token).expect(404);
      expect(res.body.type).toBe(ProblemType.InvalidLink);
    });

    it('answers 429 to an address that presented too many unknown tokens, even with a valid one', async () => {
      await file({ type: 'access', email: 'guessed@example.net' }).expect(202);
      await send();
      const token = VERIFY_LINK.exec(lastMailTo('guessed@example.net').mail.text ?? '')![1];
      const ip = '192.0.2.200';
      for (let i = 0; i < 5; i += 1) await verify(`${'B'.repeat(42)}${i}`, ip).expect(404);
      const res = await verify(token, ip).expect(429);
      expect(res.headers['retry-after']).toBeDefined();
      await verify(token, '192.0.2.201').expect(200);
    });
  });

  describe('the privacy officer’s workflow', () => {
    it('lists requests without personal values, to privacy officers only, filtered and flagged', async () => {
      await api().get('/api/v1/privacy-requests').set(bearer(analyst)).expect(403);
      const res = await api()
        .get('/api/v1/privacy-requests?status=verified&limit=100')
        .set(bearer(officer))
        .expect(200);
      const items = res.body.items as Summary[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.status === 'verified')).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/@example/);
      expect(items[0]).not.toHaveProperty('email');
      expect(items.every((item) => !item.overdue && !item.dueSoon)).toBe(true);

      await api().get('/api/v1/privacy-requests?flag=late').set(bearer(officer)).expect(400);
      expect(
        (await api().get('/api/v1/privacy-requests?flag=overdue').set(bearer(officer)).expect(200)).body.meta.total,
      ).toBe(0);

      // Two of them come due: one in three days, one yesterday (staff sessions would not survive moving the clock).
      const [soonId, lateId] = items.map((item) => item.id);
      await dataSource.query(`UPDATE privacy_requests SET due_at = now() + interval '3 days' WHERE id = $1`, [soonId]);
      await dataSource.query(`UPDATE privacy_requests SET due_at = now() - interval '1 day' WHERE id = $1`, [lateId]);
      const soon = await api().get('/api/v1/privacy-requests?flag=due-soon&limit=100').set(bearer(officer)).expect(200);
      expect((soon.body.items as Summary[]).map((item) => item.id)).toEqual([soonId]);
      expect(soon.body.items[0]).toMatchObject({ dueSoon: true, overdue: false });
      const late = await api().get('/api/v1/privacy-requests?flag=overdue&limit=100').set(bearer(officer)).expect(200);
      expect((late.body.items as Summary[]).map((item) => item.id)).toEqual([lateId]);
      expect(late.body.items[0]).toMatchObject({ dueSoon: false, overdue: true });
      const all = await api().get('/api/v1/privacy-requests?limit=100').set(bearer(officer)).expect(200);
      expect((all.body.items as Summary[]).slice(0, 2).map((item) => item.id)).toEqual([lateId, soonId]);
      const before = new Date(Date.now() + 5 * DAY).toISOString();
      const dueBefore = await api()
        .get(`/api/v1/privacy-requests?dueBefore=${before}`)
        .set(bearer(officer))
        .expect(200);
      expect(dueBefore.body.meta.total).toBe(2);
      const received = await api().get('/api/v1/privacy-requests?status=received&limit=100').set(bearer(officer));
      expect((received.body.items as Summary[]).every((item) => !item.overdue && item.dueAt === null)).toBe(true);
      // Back to ordinary due dates for the tests that follow.
      await dataSource.query(`UPDATE privacy_requests SET due_at = now() + interval '20 days' WHERE id = ANY($1)`, [
        [soonId, lateId],
      ]);
    });

    it('needs a purpose to read one request, and audits the read', async () => {
      const id = await latestRequestId();
      const refused = await api().get(`/api/v1/privacy-requests/${id}`).set(bearer(officer)).expect(400);
      expect(fieldsOf(refused.body)).toEqual(['purpose']);
      await getRequest(id);
      const events: { purpose: string }[] = await dataSource.query(
        `SELECT purpose FROM audit_events WHERE action = 'privacy_request.read' AND resource_id = $1`,
        [id],
      );
      expect(events.at(-1)?.purpose).toBe('privacy-request');
      await api()
        .get('/api/v1/privacy-requests/00000000-0000-4000-8000-000000000000')
        .set(bearer(officer))
        .set(PURPOSE)
        .expect(404);
    });

    it('starts, extends once with a reason the person is told, and refuses a due date past three months', async () => {
      const id = await verifiedRequest('access', 'ivan.petrov@example.ru', { language: 'ru' });
      const started = await api().post(`/api/v1/privacy-requests/${id}/start`).set(bearer(officer)).expect(200);
      expect(started.body).toMatchObject({ status: 'in_progress', startedAt: expect.any(String) });
      await api().post(`/api/v1/privacy-requests/${id}/start`).set(bearer(officer)).expect(200);

      const current = await getRequest(id);
      const extend = (body: object) =>
        api().post(`/api/v1/privacy-requests/${id}/extend`).set(bearer(officer)).set(PURPOSE).send(body);
      const verifiedAt = new Date(current.verifiedAt!);
      const tooLate = new Date(verifiedAt.getTime() + 93 * DAY).toISOString();
      expect(fieldsOf((await extend({ dueAt: tooLate, reason: 'Many surveys' }).expect(400)).body)).toEqual(['dueAt']);
      expect(fieldsOf((await extend({ dueAt: current.dueAt, reason: 'Many surveys' }).expect(400)).body)).toEqual([
        'dueAt',
      ]);
      expect(fieldsOf((await extend({ dueAt: tooLate }).expect(400)).body)).toEqual(['reason']);
      const newDue = new Date(verifiedAt.getTime() + 60 * DAY).toISOString();
      const extended = await extend({ dueAt: newDue, reason: 'Several surveys to search' }).expect(200);
      expect(extended.body).toMatchObject({ dueAt: newDue, extensionReason: 'Several surveys to search' });
      await extend({ dueAt: new Date(verifiedAt.getTime() + 70 * DAY).toISOString(), reason: 'again' }).expect(409);

      await send();
      const { mail } = lastMailTo('ivan.petrov@example.ru');
      expect(mail.subject).toBe('Ваш запрос о персональных данных: срок продлен');
      expect(mail.text).toContain('Several surveys to search');
      const audit: { details: Record<string, unknown> }[] = await dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'privacy_request.extended' AND resource_id = $1`,
        [id],
      );
      expect(audit[0].details).toEqual({ previousDueAt: current.dueAt, dueAt: newDue });
    });

    it('rejects with a reason and a note, mails the person, then keeps no address', async () => {
      const id = await verifiedRequest('erasure', 'mj.garcia@example.es', { language: 'es', details: 'Borrad todo' });
      const reject = (body: object) =>
        api().post(`/api/v1/privacy-requests/${id}/reject`).set(bearer(officer)).set(PURPOSE).send(body);
      expect(fieldsOf((await reject({ reason: 'because' }).expect(400)).body)).toEqual(['reason']);
      expect(fieldsOf((await reject({ reason: 'other' }).expect(400)).body)).toEqual(['note']);
      const rejected = await reject({ reason: 'other', note: 'Una explicación' }).expect(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        rejectionReason: 'other',
        rejectionNote: 'Una explicación',
      });
      await reject({ reason: 'excessive' }).expect(409);
      await api().post(`/api/v1/privacy-requests/${id}/fulfil`).set(bearer(officer)).set(PURPOSE).send({}).expect(409);

      await send();
      const { mail } = lastMailTo('mj.garcia@example.es');
      expect(mail.subject).toBe('No ha sido posible atender su solicitud sobre sus datos personales');
      expect(mail.text).toContain('Una explicación');
      expect(mail.text).toContain('dpo@office.example.org');

      const after = await getRequest(id);
      expect(after).toMatchObject({
        status: 'rejected',
        rejectionReason: 'other',
        personalDataRemoved: true,
        email: null,
        details: null,
        rejectionNote: null,
        contactId: null,
      });
      expect(await count('keystore.subject_keys WHERE subject_id = $1', [id])).toBe(0);
      const [row] = await dataSource.query('SELECT * FROM privacy_requests WHERE id = $1', [id]);
      expect(row).toMatchObject({ email_index: null, email_ciphertext: null, verification_token_hash: null });
      expect(await count('audit_events WHERE action = $1 AND resource_id = $2', ['privacy_request.rejected', id])).toBe(
        1,
      );
    });

    it('refuses to act on a request that is not verified yet', async () => {
      await file({ type: 'access', email: 'unconfirmed@example.net' }).expect(202);
      const id = await latestRequestId();
      await api().post(`/api/v1/privacy-requests/${id}/start`).set(bearer(officer)).expect(409);
      await api().post(`/api/v1/privacy-requests/${id}/fulfil`).set(bearer(officer)).set(PURPOSE).send({}).expect(409);
    });

    it('registers a letter with how identity was checked, verified at once', async () => {
      const register = (body: object) =>
        api().post('/api/v1/privacy-requests/register').set(bearer(officer)).set(PURPOSE).send(body);
      const base = { type: 'access', email: 'li.wei@example.cn', channel: 'letter', language: 'zh' };
      expect(fieldsOf((await register({ ...base, identityVerification: 'email-link' }).expect(400)).body)).toEqual([
        'identityVerification',
      ]);
      expect(fieldsOf((await register({ ...base, identityVerification: 'other' }).expect(400)).body)).toEqual([
        'identityNote',
      ]);
      const future = new Date(Date.now() + DAY).toISOString();
      expect(
        fieldsOf(
          (await register({ ...base, identityVerification: 'signed-letter', receivedAt: future }).expect(400)).body,
        ),
      ).toEqual(['receivedAt']);
      await api()
        .post('/api/v1/privacy-requests/register')
        .set(bearer(officer))
        .send({ ...base, identityVerification: 'signed-letter' })
        .expect(400);
      const receivedAt = new Date(Date.now() - 3 * DAY).toISOString();
      const res = await register({
        ...base,
        identityVerification: 'signed-letter',
        identityNote: 'Signature matches the filing record',
        receivedAt,
      }).expect(201);
      expect(res.body).toMatchObject({
        status: 'verified',
        channel: 'letter',
        identityVerification: 'signed-letter',
        identityNote: 'Signature matches the filing record',
        receivedAt,
        knownContact: true,
        email: 'li.wei@example.cn',
      });
      const [event] = await dataSource.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'privacy_request.registered' AND resource_id = $1`,
        [res.body.id],
      );
      expect(event).toEqual({
        actor_id: officerStaff.user.id,
        details: { type: 'access', channel: 'letter', identityVerification: 'signed-letter' },
      });
    });
  });

  describe('access', () => {
    it('mails a time-limited link to a package of everything held, as JSON and as a readable page', async () => {
      const email = 'sean.obrien@example.ie';
      const invitee = await inviteeOf(email);
      await api()
        .post('/api/v1/respond/submit')
        .set('X-Invitation-Token', invitee.token)
        .send({ answers: completeAnswers({ suggestions: 'Sláinte <b>bold</b>' }), language: 'fr' })
        .expect(200);
      const id = await verifiedRequest('access', email, { language: 'fr', details: 'Tout, merci.' });
      const fulfilled = await api()
        .post(`/api/v1/privacy-requests/${id}/fulfil`)
        .set(bearer(officer))
        .set(PURPOSE)
        .send({})
        .expect(200);
      expect(fulfilled.body).toMatchObject({
        status: 'completed',
        outcome: { contacts: 1, invitations: 1, responses: 1, privacyRequests: 1 },
      });
      await send();
      const { mail } = lastMailTo(email);
      expect(mail.subject).toBe('Vos données personnelles sont prêtes à être téléchargées');
      const token = DOWNLOAD_LINK.exec(mail.text ?? '')![1];
      expect(await getRequest(id)).toMatchObject({ personalDataRemoved: true, email: null });

      const download = (format?: string, tokenValue: string | null = token) => {
        const req = api().get(`/api/v1/privacy-requests/package${format ? `?format=${format}` : ''}`);
        return tokenValue === null ? req : req.set('X-Download-Token', tokenValue);
      };
      expect(fieldsOf((await download(undefined, null).expect(400)).body)).toEqual(['X-Download-Token']);
      expect((await download(undefined, UNKNOWN_TOKEN).expect(404)).body.type).toBe(ProblemType.InvalidLink);
      expect((await download(undefined, 'nope').expect(404)).body.type).toBe(ProblemType.InvalidLink);
      expect(fieldsOf((await download('pdf').expect(400)).body)).toEqual(['format']);

      const json = await download().expect(200);
      expect(json.headers['cache-control']).toBe('no-store');
      expect(json.headers['content-type']).toMatch(/application\/json/);
      expect(json.headers['content-disposition']).toMatch(
        /^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      const pkg = JSON.parse(json.text);
      expect(pkg).toMatchObject({
        format: 'survey-platform.access-package/1',
        language: 'fr',
        controller: { organisation: 'Example IP Office', privacyContact: 'dpo@office.example.org' },
        request: { id, type: 'access' },
        contact: {
          fields: {
            name: "O'Brien, Seán",
            email,
            registrationNumbers: ['1600002', '1600003', '1600004'],
            country: 'IE',
            segment: 'holder',
            role: 'Director',
            relationshipSince: '2020-02-29',
            platform: 'Madrid',
            language: 'en',
          },
        },
        retention: { months: 24 },
      });
      expect(pkg.invitations).toHaveLength(1);
      expect(pkg.invitations[0]).toMatchObject({ survey: { id: surveyId }, completedAt: expect.any(String) });
      // The survey is open: its responses will be anonymised when it closes, not yet.
      expect(pkg.invitations[0].anonymisation).toEqual({ atClose: true, anonymisedAt: null });
      expect(pkg.responses).toHaveLength(1);
      const answers = pkg.responses[0].answers as { name: string; question: string; answer: string }[];
      const suggestion = answers.find((a) => a.name === 'suggestions')!;
      expect(suggestion.answer).toBe('Sláinte <b>bold</b>');
      const mainService = answers.find((a) => a.name === 'mainService')!;
      const questionnaire = sampleSatisfactionQuestionnaire();
      const question = questionnaire.pages.flatMap((p) => p.elements).find((q) => q.name === 'mainService')!;
      expect(mainService.question).toBe(question.title.fr);
      expect(pkg.privacyRequests).toEqual([
        expect.objectContaining({ id, type: 'access', status: 'verified', details: 'Tout, merci.' }),
      ]);
      expect(pkg.mail.length).toBeGreaterThanOrEqual(1);

      const html = await download('html').expect(200);
      expect(html.headers['content-type']).toMatch(/text\/html/);
      expect(html.headers['content-disposition']).toMatch(/\.html"$/);
      expect(html.text).toContain('<html lang="fr" dir="ltr">');
      expect(html.text).toContain('Vos données personnelles');
      expect(html.text).toContain('Sláinte &lt;b&gt;bold&lt;/b&gt;');
      expect(html.text).not.toContain('<b>bold</b>');
      expect(html.text).toContain('O&#39;Brien, Seán');
      expect(html.text).not.toMatch(/<script|src=|href="http/);

      const [row] = await dataSource.query('SELECT * FROM privacy_request_downloads WHERE request_id = $1', [id]);
      expect(row.download_count).toBe(2);
      expect(String(row.package_ciphertext)).not.toContain('Brien');
      const events: { details: object }[] = await dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'privacy_request.package_downloaded' AND resource_id = $1`,
        [id],
      );
      expect(events.map((e) => e.details)).toEqual([{ format: 'json' }, { format: 'html' }]);

      moveClock(7 * DAY + 60_000);
      expect((await download().expect(404)).body.type).toBe(ProblemType.InvalidLink);
    });

    it('gives someone we hold nothing on a package with only their request', async () => {
      const id = await verifiedRequest('access', 'nothing.held@example.net');
      await api().post(`/api/v1/privacy-requests/${id}/fulfil`).set(bearer(officer)).set(PURPOSE).send({}).expect(200);
      await send();
      const token = DOWNLOAD_LINK.exec(lastMailTo('nothing.held@example.net').mail.text ?? '')![1];
      const pkg = (await api().get('/api/v1/privacy-requests/package').set('X-Download-Token', token).expect(200)).body;
      expect(pkg).toMatchObject({ contact: null, invitations: [], responses: [], mail: [] });
      expect(pkg.privacyRequests).toHaveLength(1);
    });
  });

  describe('rectification', () => {
    it('applies changes validated like an import, updates response snapshots and tells the provider', async () => {
      const email = 'm.alali@example.ae';
      const invitee = await inviteeOf(email);
      const contactId = invitee.contactId;
      await api()
        .post('/api/v1/respond/submit')
        .set('X-Invitation-Token', invitee.token)
        .send({ answers: completeAnswers() })
        .expect(200);
      const id = await verifiedRequest('rectification', email, { language: 'ar', details: 'Wrong country' });
      const fulfil = (body: object) =>
        api().post(`/api/v1/privacy-requests/${id}/fulfil`).set(bearer(officer)).set(PURPOSE).send(body);
      expect(fieldsOf((await fulfil({}).expect(400)).body)).toEqual(['changes']);
      expect(fieldsOf((await fulfil({ changes: { country: 'XX' } }).expect(400)).body)).toEqual(['changes.country']);
      expect(fieldsOf((await fulfil({ changes: { segment: 'customer' } }).expect(400)).body)).toEqual([
        'changes.segment',
      ]);
      expect((await dataSource.query('SELECT country FROM contacts WHERE id = $1', [contactId]))[0].country).toBe('AE');

      const done = await fulfil({ changes: { country: 'qa', role: 'General counsel' } }).expect(200);
      expect(done.body).toMatchObject({
        status: 'completed',
        outcome: { fields: ['country', 'role'], responsesUpdated: 1, providerNotices: 1 },
      });
      const [contact] = await dataSource.query('SELECT country, role FROM contacts WHERE id = $1', [contactId]);
      expect(contact).toEqual({ country: 'QA', role: 'General counsel' });
      const [response] = await dataSource.query(
        'SELECT country, role, updated_at > received_at AS moved FROM responses WHERE invitation_id = $1',
        [invitee.invitationId],
      );
      expect(response).toEqual({ country: 'QA', role: 'General counsel', moved: true });
      const audit: { action: string; details: Record<string, unknown> }[] = await dataSource.query(
        `SELECT action, details FROM audit_events WHERE action IN ('contact.rectified', 'privacy_request.completed')
          ORDER BY seq DESC LIMIT 2`,
      );
      expect(audit.map((a) => a.action).sort()).toEqual(['contact.rectified', 'privacy_request.completed']);
      expect(JSON.stringify(audit)).not.toMatch(/QA|General counsel/);

      await send();
      expect(lastMailTo(email).mail.subject).toBe('تمت معالجة طلبكم المتعلق ببياناتكم الشخصية');
      const notices: { respondent_pseudonym: string; action: string }[] = await dataSource.query(
        'SELECT respondent_pseudonym, action FROM provider_erasure_notices WHERE survey_id = $1',
        [surveyId],
      );
      const [stored] = await dataSource.query('SELECT respondent_pseudonym FROM responses WHERE invitation_id = $1', [
        invitee.invitationId,
      ]);
      expect(notices).toContainEqual({ respondent_pseudonym: stored.respondent_pseudonym, action: 'rectify' });
    });

    it('cannot rectify someone we hold nothing on', async () => {
      const id = await verifiedRequest('rectification', 'ghost@example.net');
      await api()
        .post(`/api/v1/privacy-requests/${id}/fulfil`)
        .set(bearer(officer))
        .set(PURPOSE)
        .send({ changes: { role: 'x' } })
        .expect(409);
    });
  });

  describe('objection', () => {
    it('stops all further contact: invitations opted out, queued mail cancelled, future campaigns skip them', async () => {
      const email = 'padded@example.com';
      const invitee = await inviteeOf(email);
      const id = await verifiedRequest('objection', email);
      await api()
        .post(`/api/v1/campaigns/${await campaignOf(invitee.invitationId)}/reminders`)
        .set(bearer(analyst))
        .expect(200);
      const queued = await count(`mail_outbox WHERE invitation_id = $1 AND status = 'pending'`, [invitee.invitationId]);
      expect(queued).toBe(1);
      const done = await api()
        .post(`/api/v1/privacy-requests/${id}/fulfil`)
        .set(bearer(officer))
        .set(PURPOSE)
        .send({})
        .expect(200);
      expect(done.body.outcome).toEqual({ invitationsOptedOut: 1, mailCancelled: 1 });
      const gone = await api().get('/api/v1/respond').set('X-Invitation-Token', invitee.token).expect(410);
      expect(gone.body.type).toBe(ProblemType.OptedOut);
      expect(await count(`mail_outbox WHERE invitation_id = $1 AND status = 'pending'`, [invitee.invitationId])).toBe(
        0,
      );

      const other = await api()
        .post('/api/v1/surveys')
        .set(bearer(analyst))
        .send({ name: 'Second survey', questionnaire: sampleSatisfactionQuestionnaire() })
        .expect(201);
      await api().post(`/api/v1/surveys/${other.body.id}/publish`).set(bearer(analyst)).expect(200);
      const preview = await api()
        .post(`/api/v1/surveys/${other.body.id}/campaigns/preview`)
        .set(bearer(analyst))
        .send({ countries: ['CH'] })
        .expect(200);
      expect(preview.body).toEqual({ matching: 0, alreadyInvited: 0, toInvite: 0 });
      // A re-import of the same extract keeps the objection.
      const job = await api()
        .post('/api/v1/contacts/imports')
        .set(bearer(analyst))
        .set('Content-Type', 'text/csv')
        .send(FIXTURE)
        .expect(202);
      await t.app.get(ContactImportsService).settled(job.body.id);
      const [contact] = await dataSource.query('SELECT objected_at FROM contacts WHERE id = $1', [invitee.contactId]);
      expect(contact.objected_at).toBeInstanceOf(Date);
      await send();
      expect(lastMailTo(email).mail.subject).toBe('Your privacy request has been completed');
    });

    async function campaignOf(invitationId: string): Promise<string> {
      return (await dataSource.query('SELECT campaign_id FROM invitations WHERE id = $1', [invitationId]))[0]
        .campaign_id;
    }
  });

  describe('the provider’s erasure feed', () => {
    it('shows a key with erasures:read the notices of its surveys until it acknowledges them', async () => {
      const bound = await newApiKey(t.app, admin, [ApiKeyScope.ErasuresRead], [surveyId]);
      const elsewhere = await newApiKey(t.app, admin, [ApiKeyScope.ErasuresRead], [randomUUID()]);
      const reader = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyId]);
      await api().get('/api/v1/provider/erasures').set('X-API-Key', reader.secret).expect(403);
      await api().get('/api/v1/provider/erasures').set(bearer(officer)).expect(403);

      const feed = await api().get('/api/v1/provider/erasures').set('X-API-Key', bound.secret).expect(200);
      const items = feed.body.items as Notice[];
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items[0]).toEqual({
        id: expect.any(String),
        surveyId,
        respondent: expect.stringMatching(/^r_/),
        action: 'rectify',
        createdAt: expect.any(String),
      });
      const none = await api().get('/api/v1/provider/erasures').set('X-API-Key', elsewhere.secret).expect(200);
      expect(none.body.meta.total).toBe(0);

      const foreign = await api()
        .post('/api/v1/provider/erasures/acknowledgements')
        .set('X-API-Key', elsewhere.secret)
        .send({ ids: [items[0].id] })
        .expect(200);
      expect(foreign.body).toEqual({ acknowledged: 0, unknown: [items[0].id] });
      await api()
        .post('/api/v1/provider/erasures/acknowledgements')
        .set('X-API-Key', bound.secret)
        .send({ ids: ['nope'] })
        .expect(400);
      const unknownId = '00000000-0000-4000-8000-000000000001';
      const ack = await api()
        .post('/api/v1/provider/erasures/acknowledgements')
        .set('X-API-Key', bound.secret)
        .send({ ids: [...items.map((i) => i.id), unknownId] })
        .expect(200);
      expect(ack.body).toEqual({ acknowledged: items.length, unknown: [unknownId] });
      const after = await api().get('/api/v1/provider/erasures').set('X-API-Key', bound.secret).expect(200);
      expect(after.body.meta.total).toBe(0);
      // The key's fifth read this minute is its last (PROVIDER_REQUESTS_PER_MINUTE=5 here).
      await api().get('/api/v1/provider/erasures').set('X-API-Key', bound.secret).expect(200);
      const limited = await api().get('/api/v1/provider/erasures').set('X-API-Key', bound.secret).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const [event] = await dataSource.query(
        `SELECT actor_type, actor_id, details FROM audit_events WHERE action = 'provider_erasures.acknowledged'
          ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_type: 'api_key',
        actor_id: bound.id,
        details: { acknowledged: items.length, unknown: 1 },
      });
    });
  });

  describe('record of processing activities', () => {
    it('is generated from the live configuration, as JSON and as Markdown, for privacy officers and administrators', async () => {
      await api().get('/api/v1/processing-activities').set(bearer(analyst)).expect(403);
      const adminToken = await sessionFor(t.app, admin);
      await api().get('/api/v1/processing-activities').set(bearer(adminToken)).expect(200);
      const res = await api().get('/api/v1/processing-activities').set(bearer(officer)).expect(200);
      const record = res.body as components['schemas']['ProcessingRecordDto'];
      expect(record.controller).toEqual({
        organisation: 'Example IP Office',
        privacyContact: 'dpo@office.example.org',
      });
      expect(record.activities.map((a) => a.id)).toEqual(['satisfaction-surveys', 'privacy-requests']);
      const [surveys, requests] = record.activities;
      expect(surveys.dataCategories).toEqual(
        expect.arrayContaining([
          { category: 'name', encrypted: true },
          { category: 'e-mail address', encrypted: true },
          { category: 'free-text answers and saved drafts', encrypted: true },
        ]),
      );
      expect(surveys.dataCategories.some((d) => !d.encrypted)).toBe(true);
      expect(surveys.purposes[0]).toMatch(/^Conducting satisfaction surveys/);
      expect(surveys.purposes).toContain('Staff access to identifying data, for: handling a request about your data');
      expect(surveys.sources.join(' ')).toMatch(/Madrid filing platform \(\d+ contacts held\)/);
      expect(surveys.retention).toEqual(
        expect.arrayContaining([{ data: 'survey "Filers satisfaction" (open)', period: '24 months' }]),
      );
      const provider = surveys.recipients.find((r) => r.access === 'pseudonymised')!;
      expect(provider.grantedBy).toEqual(expect.arrayContaining(['API-key scope erasures:read']));
      expect(surveys.recipients.find((r) => r.access === 'aggregate')!.grantedBy).toEqual(['role management']);
      expect(requests.retention).toEqual(
        expect.arrayContaining([{ data: 'access packages', period: "7 days (the download link's life)" }]),
      );
      expect(record.securityMeasures.map((m) => m.measure)).toEqual(
        expect.arrayContaining(['Encryption of identifying data', 'Erasure by crypto-shredding', 'Rate limits']),
      );
      expect(record.securityMeasures.find((m) => m.measure === 'Transport')!.detail).toMatch(/served over HTTPS/);
      expect(JSON.stringify(record)).not.toMatch(/example\.(fr|de|ie|es|ru|cn|ae|net)|Brien/);

      // Live: one more key holding a provider scope is one more credential.
      await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyId]);
      const again = (await api().get('/api/v1/processing-activities').set(bearer(officer)).expect(200)).body;
      const providerAgain = again.activities[0].recipients.find(
        (r: { access: string }) => r.access === 'pseudonymised',
      );
      expect(providerAgain.activeCredentials).toBe(provider.activeCredentials + 1);

      const markdown = await api()
        .get('/api/v1/processing-activities?format=markdown')
        .set(bearer(officer))
        .expect(200);
      expect(markdown.headers['content-type']).toMatch(/text\/markdown/);
      expect(markdown.text).toMatch(/^# Record of processing activities\n/);
      expect(markdown.text).toContain('## Handling of data-subject requests');
      expect(markdown.text).toContain('| name | encrypted |');
      const accepted = await api()
        .get('/api/v1/processing-activities')
        .set(bearer(officer))
        .set('Accept', 'text/markdown');
      expect(accepted.text).toMatch(/^# Record of processing activities/);
      expect(
        (await api().get('/api/v1/processing-activities?format=pdf').set(bearer(officer)).expect(400)).body.errors[0]
          .field,
      ).toBe('format');
    });
  });

  it('never writes an e-mail address, name or free text into the audit log or the application log', async () => {
    const audit = JSON.stringify(await dataSource.query('SELECT * FROM audit_events'));
    expect(audit).not.toMatch(/@example\.|Brien|Sláinte|Borrad|Tout, merci|Wrong country/);
    expect(t.log.text).not.toMatch(/@example\.|Brien|Sláinte/);
  });
});
