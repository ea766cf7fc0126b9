import { ProblemType, type components, type operations } from '@survey/api-client';
import { ApiKeyScope } from '../src/auth/roles';
import { answered, dataOf, problemOf } from './utils/client';
import { DAY, fieldsOf, PrivacyRequestsApp, PURPOSE, UNKNOWN_TOKEN, VERIFY_LINK } from './utils/privacy-requests';
import { newApiKey, sessionFor } from './utils/staff';

type NewPrivacyRequest = components['schemas']['CreatePrivacyRequestDto'];
type Registration = components['schemas']['RegisterPrivacyRequestDto'];
type Extension = components['schemas']['ExtendPrivacyRequestDto'];
type Rejection = components['schemas']['RejectPrivacyRequestDto'];
type ListQuery = NonNullable<operations['listPrivacyRequests']['parameters']['query']>;
type RecordQuery = NonNullable<operations['getProcessingRecord']['parameters']['query']>;

describe('Privacy requests: intake, verification, and the privacy officer’s workflow and records', () => {
  const p = PrivacyRequestsApp.forSuite();
  const { as, file, verify, send, lastMailTo, mailedToken, count, contactIdOf, getRequest, latestRequestId } = p;
  const list = (query: ListQuery = {}, token = p.officer) =>
    as(token).GET('/api/v1/privacy-requests', { params: { query } });
  const withPurpose = (id: string) => ({ params: { path: { id }, header: PURPOSE } });

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
      const { error, response } = await answered(file(body as unknown as NewPrivacyRequest), 400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(fieldsOf(error!)).toContain(field);
      expect(JSON.stringify(error)).not.toContain('Amélie');
      expect(await count('privacy_requests')).toBe(before);
    });

    it('answers a known and an unknown address alike, records both encrypted and mails both a verification link', async () => {
      const known = await dataOf(
        file({
          type: 'access',
          email: ' Amelie.Durand@Example.FR ',
          language: 'fr',
          details: 'Je veux savoir ce que vous avez.',
        }),
        202,
      );
      const knownId = await latestRequestId();
      const unknown = await dataOf(file({ type: 'access', email: 'nobody.here@example.net', language: 'fr' }), 202);
      const unknownId = await latestRequestId();
      expect(unknown).toEqual(known);
      expect(known).toEqual({ status: 'received', message: expect.any(String) });

      const rows: Record<string, unknown>[] = await p.dataSource.query(
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
      const audit: { details: object; actor_type: string }[] = await p.dataSource.query(
        `SELECT details, actor_type FROM audit_events WHERE action = 'privacy_request.received' AND resource_id = ANY($1)`,
        [[knownId, unknownId]],
      );
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor_type: 'anonymous', details: { type: 'access', channel: 'web' } });
    });

    it('limits requests per e-mail address per day, known or not', async () => {
      for (let i = 0; i < 3; i += 1) await answered(file({ type: 'objection', email: 'busy@example.net' }), 202);
      const { error, response } = await answered(file({ type: 'objection', email: 'BUSY@example.net' }), 429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3600);
      expect(error?.type).toBe(ProblemType.TooManyAttempts);
    });

    it('limits requests per client address per hour', async () => {
      const ip = '203.0.113.77';
      for (let i = 0; i < 4; i += 1) await answered(file({ type: 'access', email: `ip${i}@example.net` }, ip), 202);
      const { response } = await answered(file({ type: 'access', email: 'ip9@example.net' }, ip), 429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await answered(file({ type: 'access', email: 'ip9@example.net' }, '203.0.113.78'), 202);
    });
  });

  describe('verification', () => {
    it('refuses a malformed token naming token, and an unknown one with 404', async () => {
      expect(fieldsOf(await problemOf(verify('short'), 400))).toEqual(['token']);
      expect(fieldsOf(await problemOf(verify(undefined as unknown as string), 400))).toEqual(['token']);
      expect((await problemOf(verify(UNKNOWN_TOKEN), 404)).type).toBe(ProblemType.InvalidLink);
    });

    it('verifies with the mailed link, starts a one-month clock, links the contact, and answers the same again', async () => {
      const id = await p.verifiedRequest('access', 'j.mueller@example.de');
      const again = await dataOf(verify(mailedToken('j.mueller@example.de', VERIFY_LINK)));
      expect(again).toMatchObject({ status: 'verified', type: 'access' });
      const dueAt = new Date(again.dueAt);
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
      const id = await p.verifiedRequest('erasure', 'stranger@example.net');
      expect(await getRequest(id)).toMatchObject({ status: 'verified', knownContact: false, contactId: null });
    });

    it('refuses a link past PRIVACY_VERIFICATION_DAYS with the same 404 as an unknown one', async () => {
      await answered(file({ type: 'access', email: 'late@example.net' }), 202);
      await send();
      const token = mailedToken('late@example.net', VERIFY_LINK);
      p.moveClock(7 * DAY + 60_000);
      expect((await problemOf(verify(token), 404)).type).toBe(ProblemType.InvalidLink);
    });

    it('answers 429 to an address that presented too many unknown tokens, even with a valid one', async () => {
      await answered(file({ type: 'access', email: 'guessed@example.net' }), 202);
      await send();
      const token = mailedToken('guessed@example.net', VERIFY_LINK);
      const ip = '192.0.2.200';
      for (let i = 0; i < 5; i += 1) await answered(verify(`${'B'.repeat(42)}${i}`, ip), 404);
      const { response } = await answered(verify(token, ip), 429);
      expect(response.headers.get('retry-after')).not.toBeNull();
      await answered(verify(token, '192.0.2.201'), 200);
    });
  });

  describe('the privacy officer’s workflow', () => {
    it('lists requests without personal values, to privacy officers only, filtered and flagged', async () => {
      await answered(list({}, p.analyst), 403);
      const page = await dataOf(list({ status: 'verified', limit: 100 }));
      const items = page.items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => item.status === 'verified')).toBe(true);
      expect(JSON.stringify(page)).not.toMatch(/@example/);
      expect(items[0]).not.toHaveProperty('email');
      expect(items.every((item) => !item.overdue && !item.dueSoon)).toBe(true);

      await answered(list({ flag: 'late' as unknown as ListQuery['flag'] }), 400);
      expect((await dataOf(list({ flag: 'overdue' }))).meta.total).toBe(0);

      // Two of them come due: one in three days, one yesterday (staff sessions would not survive moving the clock).
      const [soonId, lateId] = items.map((item) => item.id);
      await p.dataSource.query(`UPDATE privacy_requests SET due_at = now() + interval '3 days' WHERE id = $1`, [
        soonId,
      ]);
      await p.dataSource.query(`UPDATE privacy_requests SET due_at = now() - interval '1 day' WHERE id = $1`, [lateId]);
      const soon = await dataOf(list({ flag: 'due-soon', limit: 100 }));
      expect(soon.items.map((item) => item.id)).toEqual([soonId]);
      expect(soon.items[0]).toMatchObject({ dueSoon: true, overdue: false });
      const late = await dataOf(list({ flag: 'overdue', limit: 100 }));
      expect(late.items.map((item) => item.id)).toEqual([lateId]);
      expect(late.items[0]).toMatchObject({ dueSoon: false, overdue: true });
      const all = await dataOf(list({ limit: 100 }));
      expect(all.items.slice(0, 2).map((item) => item.id)).toEqual([lateId, soonId]);
      const before = new Date(Date.now() + 5 * DAY).toISOString();
      expect((await dataOf(list({ dueBefore: before }))).meta.total).toBe(2);
      const received = await dataOf(list({ status: 'received', limit: 100 }));
      expect(received.items.every((item) => !item.overdue && item.dueAt === null)).toBe(true);
      // Back to ordinary due dates for the tests that follow.
      await p.dataSource.query(`UPDATE privacy_requests SET due_at = now() + interval '20 days' WHERE id = ANY($1)`, [
        [soonId, lateId],
      ]);
    });

    it('needs a purpose to read one request, and audits the read', async () => {
      const id = await latestRequestId();
      const refused = await problemOf(
        as(p.officer).GET('/api/v1/privacy-requests/{id}', { params: { path: { id } } }),
        400,
      );
      expect(fieldsOf(refused)).toEqual(['purpose']);
      await getRequest(id);
      const events: { purpose: string }[] = await p.dataSource.query(
        `SELECT purpose FROM audit_events WHERE action = 'privacy_request.read' AND resource_id = $1`,
        [id],
      );
      expect(events.at(-1)?.purpose).toBe('privacy-request');
      await answered(p.readRequest('00000000-0000-4000-8000-000000000000'), 404);
    });

    it('starts, extends once with a reason the person is told, and refuses a due date past three months', async () => {
      const id = await p.verifiedRequest('access', 'ivan.petrov@example.ru', { language: 'ru' });
      const start = () => as(p.officer).POST('/api/v1/privacy-requests/{id}/start', { params: { path: { id } } });
      const started = await dataOf(start());
      expect(started).toMatchObject({ status: 'in_progress', startedAt: expect.any(String) });
      await answered(start(), 200);

      const current = await getRequest(id);
      const extend = (body: Partial<Extension>) =>
        as(p.officer).POST('/api/v1/privacy-requests/{id}/extend', { ...withPurpose(id), body: body as Extension });
      const verifiedAt = new Date(current.verifiedAt!);
      const tooLate = new Date(verifiedAt.getTime() + 93 * DAY).toISOString();
      expect(fieldsOf(await problemOf(extend({ dueAt: tooLate, reason: 'Many surveys' }), 400))).toEqual(['dueAt']);
      expect(fieldsOf(await problemOf(extend({ dueAt: current.dueAt!, reason: 'Many surveys' }), 400))).toEqual([
        'dueAt',
      ]);
      expect(fieldsOf(await problemOf(extend({ dueAt: tooLate }), 400))).toEqual(['reason']);
      const newDue = new Date(verifiedAt.getTime() + 60 * DAY).toISOString();
      const extended = await dataOf(extend({ dueAt: newDue, reason: 'Several surveys to search' }));
      expect(extended).toMatchObject({ dueAt: newDue, extensionReason: 'Several surveys to search' });
      await answered(extend({ dueAt: new Date(verifiedAt.getTime() + 70 * DAY).toISOString(), reason: 'again' }), 409);

      await send();
      const { mail } = lastMailTo('ivan.petrov@example.ru');
      expect(mail.subject).toBe('Ваш запрос о персональных данных: срок продлен');
      expect(mail.text).toContain('Several surveys to search');
      const audit: { details: Record<string, unknown> }[] = await p.dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'privacy_request.extended' AND resource_id = $1`,
        [id],
      );
      expect(audit[0].details).toEqual({ previousDueAt: current.dueAt, dueAt: newDue });
    });

    it('rejects with a reason and a note, mails the person, then keeps no address', async () => {
      const id = await p.verifiedRequest('erasure', 'mj.garcia@example.es', { language: 'es', details: 'Borrad todo' });
      const reject = (body: Rejection) =>
        as(p.officer).POST('/api/v1/privacy-requests/{id}/reject', { ...withPurpose(id), body });
      const because = { reason: 'because' } as unknown as Rejection;
      expect(fieldsOf(await problemOf(reject(because), 400))).toEqual(['reason']);
      expect(fieldsOf(await problemOf(reject({ reason: 'other' }), 400))).toEqual(['note']);
      const rejected = await dataOf(reject({ reason: 'other', note: 'Una explicación' }));
      expect(rejected).toMatchObject({
        status: 'rejected',
        rejectionReason: 'other',
        rejectionNote: 'Una explicación',
      });
      await answered(reject({ reason: 'excessive' }), 409);
      await answered(p.fulfil(id), 409);

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
      const [row] = await p.dataSource.query('SELECT * FROM privacy_requests WHERE id = $1', [id]);
      expect(row).toMatchObject({ email_index: null, email_ciphertext: null, verification_token_hash: null });
      expect(await count('audit_events WHERE action = $1 AND resource_id = $2', ['privacy_request.rejected', id])).toBe(
        1,
      );
    });

    it('refuses to act on a request that is not verified yet', async () => {
      await answered(file({ type: 'access', email: 'unconfirmed@example.net' }), 202);
      const id = await latestRequestId();
      await answered(as(p.officer).POST('/api/v1/privacy-requests/{id}/start', { params: { path: { id } } }), 409);
      await answered(p.fulfil(id), 409);
    });

    it('registers a letter with how identity was checked, verified at once', async () => {
      const register = (body: Registration, withPurpose = true) =>
        as(p.officer).POST('/api/v1/privacy-requests/register', {
          params: { header: withPurpose ? PURPOSE : {} },
          body,
        });
      const base = { type: 'access', email: 'li.wei@example.cn', channel: 'letter', language: 'zh' } as const;
      const byLink = { ...base, identityVerification: 'email-link' } as unknown as Registration;
      expect(fieldsOf(await problemOf(register(byLink), 400))).toEqual(['identityVerification']);
      expect(fieldsOf(await problemOf(register({ ...base, identityVerification: 'other' }), 400))).toEqual([
        'identityNote',
      ]);
      const future = new Date(Date.now() + DAY).toISOString();
      expect(
        fieldsOf(
          await problemOf(register({ ...base, identityVerification: 'signed-letter', receivedAt: future }), 400),
        ),
      ).toEqual(['receivedAt']);
      await answered(register({ ...base, identityVerification: 'signed-letter' }, false), 400);
      const receivedAt = new Date(Date.now() - 3 * DAY).toISOString();
      const registered = await dataOf(
        register({
          ...base,
          identityVerification: 'signed-letter',
          identityNote: 'Signature matches the filing record',
          receivedAt,
        }),
        201,
      );
      expect(registered).toMatchObject({
        status: 'verified',
        channel: 'letter',
        identityVerification: 'signed-letter',
        identityNote: 'Signature matches the filing record',
        receivedAt,
        knownContact: true,
        email: 'li.wei@example.cn',
      });
      const [event] = await p.dataSource.query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'privacy_request.registered' AND resource_id = $1`,
        [registered.id],
      );
      expect(event).toEqual({
        actor_id: p.officerStaff.user.id,
        details: { type: 'access', channel: 'letter', identityVerification: 'signed-letter' },
      });
    });
  });

  describe('record of processing activities', () => {
    const record = (token: string) => as(token).GET('/api/v1/processing-activities');
    const markdown = (init: { format?: 'markdown'; accept?: string }) =>
      as(p.officer).GET('/api/v1/processing-activities', {
        params: { query: init.format ? { format: init.format } : {} },
        headers: init.accept ? { Accept: init.accept } : {},
        parseAs: 'text',
      });

    it('is generated from the live configuration, as JSON and as Markdown, for privacy officers and administrators', async () => {
      await answered(record(p.analyst), 403);
      await answered(record(await sessionFor(p.t.app, p.admin)), 200);
      const processing = await dataOf(record(p.officer));
      expect(processing.controller).toEqual({
        organisation: 'Example IP Office',
        privacyContact: 'dpo@office.example.org',
      });
      expect(processing.activities.map((a) => a.id)).toEqual(['satisfaction-surveys', 'privacy-requests']);
      const [surveys, requests] = processing.activities;
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
      expect(processing.securityMeasures.map((m) => m.measure)).toEqual(
        expect.arrayContaining(['Encryption of identifying data', 'Erasure by crypto-shredding', 'Rate limits']),
      );
      expect(processing.securityMeasures.find((m) => m.measure === 'Transport')!.detail).toMatch(/served over HTTPS/);
      expect(JSON.stringify(processing)).not.toMatch(/example\.(fr|de|ie|es|ru|cn|ae|net)|Brien/);

      // Live: one more key holding a provider scope is one more credential.
      await newApiKey(p.t.app, p.admin, [ApiKeyScope.StatisticsRead], [p.surveyId]);
      const again = await dataOf(record(p.officer));
      const providerAgain = again.activities[0].recipients.find((r) => r.access === 'pseudonymised')!;
      expect(providerAgain.activeCredentials).toBe(provider.activeCredentials + 1);

      const asMarkdown = await answered(markdown({ format: 'markdown' }), 200);
      expect(asMarkdown.response.headers.get('content-type')).toMatch(/text\/markdown/);
      expect(asMarkdown.data).toMatch(/^# Record of processing activities\n/);
      expect(asMarkdown.data).toContain('## Handling of data-subject requests');
      expect(asMarkdown.data).toContain('| name | encrypted |');
      const accepted = await answered(markdown({ accept: 'text/markdown' }), 200);
      expect(accepted.data).toMatch(/^# Record of processing activities/);
      const pdf = { format: 'pdf' } as unknown as RecordQuery;
      const refused = await problemOf(
        as(p.officer).GET('/api/v1/processing-activities', { params: { query: pdf } }),
        400,
      );
      expect(refused.errors?.[0].field).toBe('format');
    });
  });

  it('never writes an e-mail address, name or free text into the audit log or the application log', async () => {
    const audit = JSON.stringify(await p.dataSource.query('SELECT * FROM audit_events'));
    expect(audit).not.toMatch(/@example\.|Brien|Sláinte|Borrad|Tout, merci|Wrong country/);
    expect(p.t.log.text).not.toMatch(/@example\.|Brien|Sláinte/);
  });
});
