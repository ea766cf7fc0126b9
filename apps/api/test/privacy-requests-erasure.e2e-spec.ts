import type { components } from '@survey/api-client';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { Clock } from '../src/common/clock';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { KeystoreService } from '../src/crypto/keystore.service';
import { ResponseStore } from '../src/ingestion/response-store';
import { MailSender } from '../src/mail/mail-sender.service';
import { RetentionService } from '../src/retention/retention.service';
import { waitUntil } from '../src/jobs/wait-until';
import { createTestApp, TestApp } from './utils/app';
import { answered, dataOf } from './utils/client';
import { createTestDatabase, TestDatabase } from './utils/database';
import { dumpDatabase, encodedForms, foundIn } from './utils/dump';
import { completeAnswers, extractCsv, importContacts, Invitee, surveyWithInvitees } from './utils/respondents';
import { startSmtp, TestSmtp } from './utils/smtp';
import { newApiKey, newStaff, sessionFor } from './utils/staff';

type NewPrivacyRequest = components['schemas']['CreatePrivacyRequestDto'];

const PUBLIC_URL = 'https://surveys.example.org';
const VERIFY_LINK = /\/r\/verify-request#([A-Za-z0-9_-]{43})/;
const DOWNLOAD_LINK = /\/r\/download#([A-Za-z0-9_-]{43})/;
const PURPOSE = { 'X-Purpose': 'privacy-request' };

/** The person to erase, from the fixture extract, and what they wrote. */
const PERSON = {
  email: 'sean.obrien@example.ie',
  name: "O'Brien, Seán",
  nameParts: ["O'Brien", 'Seán'],
  registrationNumbers: ['1600002', '1600003', '1600004'],
  /** Stored in clear on the contact (not identifying alone, but theirs only in the fixture). */
  role: 'Director',
  answer: 'Free text that only Seán wrote: the Madrid renewal form lost my draft twice.',
  draft: 'A draft Seán never sent about fee payments in Dublin.',
  requestDetails: 'Please erase everything about me, including my comments.',
};

describe('Erasure: nothing of the person is left in the database, and the statistics still add up', () => {
  let db: TestDatabase;
  let t: TestApp;
  let smtp: TestSmtp;
  let dataSource: DataSource;
  let analyst: string;
  let officer: string;
  let surveyA: { surveyId: string; invitees: Invitee[] };
  let surveyB: { surveyId: string; invitees: Invitee[] };
  let contactId: string;

  const as = (token: string) => t.api({ staff: token });
  const send = () => t.app.get(MailSender).runOnce(500);
  const lastMailTo = (address: string) => smtp.inbox.filter((d) => d.to === address).at(-1)!;
  const rates = (id: string) =>
    dataOf(as(analyst).GET('/api/v1/surveys/{id}/response-rates', { params: { path: { id } } }));
  const submit = (token: string, answers: Record<string, unknown>) =>
    answered(t.api({ invitation: token }).POST('/api/v1/respond/submit', { body: { answers } }), 200);
  const fulfil = (id: string) =>
    dataOf(
      as(officer).POST('/api/v1/privacy-requests/{id}/fulfil', { params: { path: { id }, header: PURPOSE }, body: {} }),
    );
  const file = (body: NewPrivacyRequest) => answered(t.api().POST('/api/v1/privacy-requests', { body }), 202);
  const verify = (token: string) => answered(t.api().POST('/api/v1/privacy-requests/verify', { body: { token } }), 200);

  /** The actions the audit log lists for this resource id, newest first, as an officer filters them. */
  async function auditedActions(resourceType: string, resourceId: string): Promise<string[]> {
    const query = { resourceType, resourceId, limit: 100 };
    const page = await dataOf(as(officer).GET('/api/v1/audit-events', { params: { query } }));
    return page.items.map((e) => e.action);
  }

  async function expectChainValid(): Promise<void> {
    expect(await dataOf(as(officer).GET('/api/v1/audit-events/verify'))).toMatchObject({
      valid: true,
      firstBrokenSeq: null,
    });
  }

  /** Files a request through the public form and confirms it with the mailed link. */
  async function confirmedRequest(type: NewPrivacyRequest['type'], email: string, details?: string): Promise<string> {
    await file({ type, email, details });
    await send();
    await verify(VERIFY_LINK.exec(lastMailTo(PERSON.email).mail.text ?? '')![1]);
    const [{ id }] = await dataSource.query('SELECT id FROM privacy_requests ORDER BY received_at DESC LIMIT 1');
    return id as string;
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, RESPOND_MAX_INVALID_TOKENS: '1000' },
    });
    dataSource = t.app.get(DataSource);
    analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    officer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));
    surveyA = await surveyWithInvitees(t.app, analyst, { name: 'Survey A' });
    surveyB = await surveyWithInvitees(t.app, analyst, { name: 'Survey B', importContacts: false });
    await send();
    [{ id: contactId }] = await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
      t.app.get(KeystoreService).emailIndex(PERSON.email),
    ]);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('erases a respondent for good: key shredded, rows deleted, provider told, statistics consistent', async () => {
    const person = (survey: { invitees: Invitee[] }) => survey.invitees.find((i) => i.contactId === contactId)!;
    const others = surveyA.invitees.filter((i) => i.contactId !== contactId);

    // The person answers survey A (with free text), saves a draft of survey B, and asks for their data once.
    await submit(person(surveyA).token, completeAnswers({ suggestions: PERSON.answer }));
    await answered(
      t.api({ invitation: person(surveyB).token }).PUT('/api/v1/respond/draft', {
        body: { answers: { nps: 3, suggestions: PERSON.draft } },
      }),
      200,
    );
    for (const [i, other] of others.slice(0, 4).entries()) {
      await submit(other.token, completeAnswers({ nps: 5 + i, suggestions: `Comment number ${i}` }));
    }
    const access = await confirmedRequest('access', PERSON.email, 'What do you hold?');
    await answered(
      as(officer).POST('/api/v1/privacy-requests/{id}/fulfil', {
        params: { path: { id: access }, header: PURPOSE },
        body: {},
      }),
      202,
    );
    await waitUntil(
      async () =>
        (
          await dataOf(
            as(officer).GET('/api/v1/privacy-requests/{id}/access-package', { params: { path: { id: access } } }),
          )
        ).status === 'ready',
      { everyMs: 100, timeoutMs: 60_000 },
    );
    const [packageFiles] = await dataSource.query(
      'SELECT json_file_id, html_file_id FROM privacy_request_downloads WHERE request_id = $1',
      [access],
    );
    await send();
    expect(lastMailTo(PERSON.email).mail.text).toMatch(DOWNLOAD_LINK);
    const downloadToken = DOWNLOAD_LINK.exec(lastMailTo(PERSON.email).mail.text ?? '')![1];

    const beforeA = await rates(surveyA.surveyId);
    const beforeB = await rates(surveyB.surveyId);
    expect(beforeA).toMatchObject({ invited: 10, completed: 5, responsesByChannel: { web: 5, provider: 0 } });
    expect(beforeB).toMatchObject({ invited: 10, completed: 0, started: 1 });

    // Staff look the person up (their contact, by address, behind their answer), and they opt out of survey B.
    const analysis = { 'X-Purpose': 'survey-analysis' };
    await answered(
      as(analyst).GET('/api/v1/contacts/{id}', { params: { path: { id: contactId }, header: analysis } }),
      200,
    );
    await answered(
      as(analyst).POST('/api/v1/contacts/search', { params: { header: analysis }, body: { email: PERSON.email } }),
      200,
    );
    const [{ id: responseId }] = await dataSource.query('SELECT id FROM responses WHERE invitation_id = $1', [
      person(surveyA).invitationId,
    ]);
    await answered(
      as(analyst).GET('/api/v1/responses/{id}/respondent', { params: { path: { id: responseId }, header: analysis } }),
      200,
    );
    await answered(t.api({ invitation: person(surveyB).token }).POST('/api/v1/respond/opt-out'), 200);
    const theirs = [
      ['contact', contactId, ['contact.read', 'contact.found']],
      ['response', responseId, ['response.respondent_identified']],
      ['invitation', person(surveyB).invitationId, ['invitation.opted_out']],
    ] as const;
    // While the person is here, the audit log finds every look-up by their ids, yet never stores those ids.
    for (const [resourceType, resourceId, actions] of theirs) {
      expect({ resourceType, actions: await auditedActions(resourceType, resourceId) }).toEqual({
        resourceType,
        actions: [...actions].reverse(),
      });
    }
    const auditText = JSON.stringify(await dataSource.query('SELECT * FROM audit_events'));
    expect(
      foundIn(auditText, [contactId, responseId, person(surveyA).invitationId, person(surveyB).invitationId]),
    ).toEqual([]);

    // Control: the dump shows what it should before the erasure, so its absence later means something.
    const before = await dumpDatabase(db.url);
    expect(foundIn(before.text, [contactId, PERSON.role])).toEqual([contactId, PERSON.role]);
    // Identifying values were only ever stored encrypted.
    expect(foundIn(before.text, [PERSON.email, PERSON.name, PERSON.answer, PERSON.draft])).toEqual([]);

    // The erasure: filed on the public form (the address typed differently), confirmed, fulfilled.
    const id = await confirmedRequest('erasure', ' Sean.OBrien@Example.IE ', PERSON.requestDetails);
    await answered(as(officer).POST('/api/v1/privacy-requests/{id}/start', { params: { path: { id } } }), 200);
    const done = await fulfil(id);
    expect(done).toMatchObject({
      status: 'completed',
      outcome: { contacts: 1, invitations: 2, responses: 1, accessPackages: 1, providerNotices: 2 },
    });
    expect(done.outcome?.mail as number).toBeGreaterThanOrEqual(2);
    await send();
    expect(lastMailTo(PERSON.email).mail.subject).toBe('Your privacy request has been completed');

    // Nothing identifying is left, in any form: not the address, name, registration numbers,
    // role, free text, draft, request details, nor the id of their key.
    const after = await dumpDatabase(db.url);
    const searched = [
      PERSON.email,
      PERSON.name,
      ...PERSON.nameParts,
      ...PERSON.registrationNumbers,
      PERSON.role,
      PERSON.answer,
      PERSON.draft,
      PERSON.requestDetails,
      contactId,
      responseId,
      person(surveyA).invitationId,
      person(surveyB).invitationId,
    ];
    expect({ method: after.method, found: foundIn(after.text, searched) }).toEqual({ method: after.method, found: [] });
    expect(encodedForms(PERSON.email).length).toBe(5);

    // The audit log can no longer link the look-ups to them, and its chain still verifies.
    for (const [resourceType, resourceId] of theirs) {
      expect({ resourceType, actions: await auditedActions(resourceType, resourceId) }).toEqual({
        resourceType,
        actions: [],
      });
    }
    await expectChainValid();

    // The key is gone, and so is every row that was theirs.
    expect(await dataSource.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [contactId])).toEqual(
      [],
    );
    for (const sql of [
      'SELECT 1 FROM contacts WHERE id = $1',
      'SELECT 1 FROM invitations WHERE contact_id = $1',
      'SELECT 1 FROM mail_outbox WHERE subject_id = $1',
      'SELECT 1 FROM privacy_request_downloads WHERE contact_id = $1',
    ]) {
      expect(await dataSource.query(sql, [contactId])).toEqual([]);
    }
    const pseudonymA = t.app.get(ResponseStore).pseudonym(surveyA.surveyId, contactId);
    expect(await dataSource.query('SELECT 1 FROM responses WHERE respondent_pseudonym = $1', [pseudonymA])).toEqual([]);
    // The access package made for them earlier: its files deleted and their keys shredded.
    const packageFileIds = [packageFiles.json_file_id, packageFiles.html_file_id];
    expect(await dataSource.query('SELECT 1 FROM export_files WHERE id = ANY($1::uuid[])', [packageFileIds])).toEqual(
      [],
    );
    expect(
      await dataSource.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = ANY($1::uuid[])', [
        packageFileIds,
      ]),
    ).toEqual([]);
    // Their links and their earlier download open nothing any more.
    await answered(t.api({ invitation: person(surveyA).token }).GET('/api/v1/respond'), 404);
    await answered(
      t.api().GET('/api/v1/privacy-requests/package', { headers: { 'X-Download-Token': downloadToken } }),
      404,
    );

    // The request keeps a record of what was done, without who asked.
    const record = await dataOf(
      as(officer).GET('/api/v1/privacy-requests/{id}', { params: { path: { id }, header: PURPOSE } }),
    );
    expect(record).toMatchObject({
      type: 'erasure',
      status: 'completed',
      email: null,
      details: null,
      contactId: null,
      personalDataRemoved: true,
    });

    // The statistics still add up: one invitee and one response fewer, the rate recomputed.
    const afterA = await rates(surveyA.surveyId);
    expect(afterA).toMatchObject({
      invited: beforeA.invited - 1,
      completed: beforeA.completed - 1,
      responsesByChannel: { web: beforeA.responsesByChannel.web - 1, provider: 0 },
    });
    expect(afterA.completed).toBe(afterA.responsesByChannel.web + afterA.responsesByChannel.provider);
    expect(afterA.responseRate).toBeCloseTo(afterA.completed / afterA.invited, 4);
    expect(afterA.campaigns.reduce((sum, c) => sum + c.invited, 0)).toBe(afterA.invited);
    const afterB = await rates(surveyB.surveyId);
    expect(afterB).toMatchObject({ invited: 9, completed: 0, started: 0 });
    const responses: { n: number }[] = await dataSource.query(
      'SELECT count(*)::int AS n FROM responses WHERE survey_id = $1',
      [surveyA.surveyId],
    );
    expect(responses[0].n).toBe(afterA.completed);

    // The provider is told to delete its copies, under each survey's pseudonym.
    const admin = await newStaff(t.app, StaffRole.Admin);
    const key = await newApiKey(t.app, admin, [ApiKeyScope.ErasuresRead], [surveyA.surveyId, surveyB.surveyId]);
    const feed = await dataOf(t.api({ apiKey: key.secret }).GET('/api/v1/provider/erasures'));
    expect(feed.items.map((n) => [n.surveyId, n.respondent, n.action])).toEqual(
      expect.arrayContaining([
        [surveyA.surveyId, pseudonymA, 'erase'],
        [surveyB.surveyId, t.app.get(ResponseStore).pseudonym(surveyB.surveyId, contactId), 'erase'],
      ]),
    );

    // Every step is in the audit log, with counts only.
    const events: { action: string; details: Record<string, unknown> }[] = await dataSource.query(
      `SELECT action, details FROM audit_events WHERE resource_type = 'privacy_request' AND resource_id = $1 ORDER BY seq`,
      [id],
    );
    expect(events.map((e) => e.action)).toEqual([
      'privacy_request.received',
      'privacy_request.verified',
      'privacy_request.started',
      'privacy_request.completed',
      'privacy_request.write',
      'privacy_request.read',
    ]);
    expect(events[3].details).toMatchObject({ type: 'erasure', contacts: 1, responses: 1, invitations: 2 });
  });

  it('still answers an erasure for an address we hold nothing on, and changes nothing else', async () => {
    const contacts = await dataSource.query('SELECT count(*)::int AS n FROM contacts');
    await file({ type: 'erasure', email: 'unknown@example.net' });
    await send();
    await verify(VERIFY_LINK.exec(lastMailTo('unknown@example.net').mail.text ?? '')![1]);
    const [{ id }] = await dataSource.query('SELECT id FROM privacy_requests ORDER BY received_at DESC LIMIT 1');
    const done = await fulfil(id);
    expect(done.outcome).toMatchObject({ contacts: 0, invitations: 0, responses: 0 });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM contacts')).toEqual(contacts);
    await send();
    expect(lastMailTo('unknown@example.net').mail.text).toMatch(/apart from this request, we hold no personal data/);
  });

  it('after retention deletes a contact, the audit log no longer names them either, and its chain verifies', async () => {
    // A contact collected 25 months ago (the import runs under a clock set back), then looked up today.
    const email = 'old.filer@example.at';
    const collected = jest
      .spyOn(t.app.get(Clock), 'now')
      .mockImplementation(() => new Date(Date.now() - 25 * 31 * 24 * 3600 * 1000));
    try {
      const extract = extractCsv([{ name: 'Old Filer', email, country: 'AT', segment: 'agent' }]);
      const job = await dataOf(importContacts(as(analyst), extract), 202);
      await t.app.get(ContactImportsService).settled(job.id);
    } finally {
      collected.mockRestore();
    }
    const [{ id: oldId }] = await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
      t.app.get(KeystoreService).emailIndex(email),
    ]);
    const analysis = { 'X-Purpose': 'data-quality' };
    await answered(
      as(analyst).GET('/api/v1/contacts/{id}', { params: { path: { id: oldId }, header: analysis } }),
      200,
    );
    await answered(as(analyst).POST('/api/v1/contacts/search', { params: { header: analysis }, body: { email } }), 200);
    expect(await auditedActions('contact', oldId)).toEqual(['contact.found', 'contact.read']);

    const run = await dataOf(as(officer).POST('/api/v1/retention/runs'), 202);
    await t.app.get(RetentionService).settled(run.id);
    // The receipt first, so that a run that failed says why rather than only "the contact is still there".
    const receipt = await dataOf(as(officer).GET('/api/v1/retention/runs/{id}', { params: { path: { id: run.id } } }));
    expect({ status: receipt.status, errors: receipt.errors }).toEqual({ status: 'completed', errors: [] });
    expect(await dataSource.query('SELECT 1 FROM contacts WHERE id = $1', [oldId])).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM keystore.subject_keys WHERE subject_id = $1', [oldId])).toEqual([]);

    // The look-ups stay in the log (they happened today), but nothing in it or anywhere else names the person.
    expect(
      Number((await dataSource.query(`SELECT count(*) FROM audit_events WHERE action = 'contact.read'`))[0].count),
    ).toBeGreaterThan(0);
    const dump = await dumpDatabase(db.url);
    expect({ method: dump.method, found: foundIn(dump.text, [oldId, email]) }).toEqual({
      method: dump.method,
      found: [],
    });
    expect(await auditedActions('contact', oldId)).toEqual([]);
    await expectChainValid();

    // An event written about them now (a late read, say) names nobody at all.
    await t.app.get(AuditService).record({ action: 'contact.read', resourceType: 'contact', resourceId: oldId });
    const [late] = await dataSource.query(
      `SELECT resource_id, details FROM audit_events WHERE action = 'contact.read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(late).toEqual({ resource_id: null, details: { subjectErased: true } });
    await expectChainValid();
  });
});
