import { ProblemType, type components } from '@survey/api-client';
import { parse } from 'csv-parse/sync';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { ApiKeyScope, StaffRole } from '../src/auth/roles';
import { ContactImportsService } from '../src/contacts/contact-imports.service';
import { KeystoreService } from '../src/crypto/keystore.service';
import { CampaignsService } from '../src/delivery/campaigns.service';
import { relationshipBand } from '../src/ingestion/relationship-band';
import { createTestApp, TestApp } from './utils/app';
import { createTestDatabase, TestDatabase } from './utils/database';
import { bearer, completeAnswers, surveyWithInvitees, type Invitee } from './utils/respondents';
import { newApiKey, newStaff, sessionFor, type TestApiKey, type TestStaff } from './utils/staff';

type Problem = components['schemas']['ProblemDto'];

interface ItemResult {
  index: number;
  providerResponseId: string | null;
  status: 'created' | 'duplicate' | 'rejected';
  responseId?: string;
  errors?: { field: string; message: string }[];
}
interface BatchResult {
  created: number;
  duplicates: number;
  rejected: number;
  results: ItemResult[];
}
interface RawResponse {
  responseId: string;
  respondent: string;
  questionnaireVersion: number;
  channel: 'web' | 'provider';
  language: string;
  submittedAt: string;
  updatedAt: string;
  snapshot: { country: string; segment: string; role: string | null; relationshipBand: string };
  answers: Record<string, unknown>;
}
interface RawPage {
  items: RawResponse[];
  nextCursor: string | null;
}
interface Funnel {
  invited: number;
  delivered: number;
  bounced: number;
  opened: number;
  started: number;
  completed: number;
  optedOut: number;
  responseRate: number;
}
interface Rates extends Funnel {
  surveyId: string;
  responsesByChannel: { web: number; provider: number };
  campaigns: (Funnel & { campaignId: string; name: string })[];
}
interface ResponseRow {
  id: string;
  survey_id: string;
  invitation_id: string;
  channel: string;
  provider_response_id: string | null;
  api_key_id: string | null;
  answers: Record<string, unknown>;
  free_text: Buffer | null;
  language: string;
  country: string;
  segment: string;
  role: string | null;
  relationship_band: string;
  submitted_at: Date;
  row_text: string;
}

/** An invitee with what the contact record says about them (read once, with a purpose). */
interface Person extends Invitee {
  name: string;
  email: string;
  role: string | null;
  relationshipSince: string | null;
}

const PURPOSE = { 'X-Purpose': 'survey-administration' };
const PROBLEM_JSON = /^application\/problem\+json/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_SUGGESTION = 'Geneva helpdesk answered within the hour, thanks';
const WEB_SUGGESTION = 'Submitted through the web form';
/** Free-text answers a spreadsheet would run as formulas. */
const FORMULAS = ['=SUM(1)', '+1', '-1', '@x'];
const FIXED_CSV_COLUMNS = [
  'response_id',
  'respondent',
  'questionnaire_version',
  'channel',
  'language',
  'submitted_at',
  'updated_at',
  'country',
  'segment',
  'role',
  'relationship_band',
];
/** The sample questionnaire's questions in order, a matrix as one column per row. */
const QUESTION_COLUMNS = [
  'nps',
  'npsReason',
  'satisfaction',
  'mainService',
  'channels',
  'filerType',
  'contactedSupport',
  'support.timeliness',
  'support.clarity',
  'support.courtesy',
  'suggestions',
];
const RAW_ITEM_KEYS = [
  'answers',
  'channel',
  'language',
  'questionnaireVersion',
  'respondent',
  'responseId',
  'snapshot',
  'submittedAt',
  'updatedAt',
];

const fieldsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field);
/** What a spreadsheet-safe CSV cell holds for this text. */
const spreadsheetSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const unknownToken = () => randomBytes(32).toString('base64url');
const parseCsv = (text: string) => parse(text) as string[][];

describe('Provider response ingestion and raw responses', () => {
  let db: TestDatabase;
  let t: TestApp;
  let server: Server;
  let dataSource: DataSource;

  let admin: TestStaff;
  let analystStaff: TestStaff;
  let analyst: string;
  let management: string;
  let privacyOfficer: string;

  /** A: the main survey; B: rejections; C: closed later; D: concurrent retries. */
  let surveyD: string;
  let D: Invitee[];
  let surveyA: string;
  let surveyB: string;
  let surveyC: string;
  let campaignA: string;
  let A: Person[];
  let B: Person[];
  let C: Person[];
  let everyone: Person[];
  /** A contact imported after the surveys' campaigns: invited to none of them. */
  let newcomer: { id: string; email: string };

  let writer: TestApiKey;
  let reader: TestApiKey;
  let statistics: TestApiKey;
  let writerForBOnly: TestApiKey;
  let readerForCOnly: TestApiKey;
  let revoked: TestApiKey;
  let expired: TestApiKey;

  /** When the provider says the first respondent answered. */
  const firstSubmittedAt = new Date(Date.now() - 3 * 86_400_000);
  /** Response id of each stored A invitee, by index in A. */
  const stored = new Map<number, string>();

  const api = () => request(server);
  const post = (surveyId: string, body: unknown, key: string = writer.secret) =>
    api()
      .post(`/api/v1/provider/surveys/${surveyId}/responses`)
      .set('X-API-Key', key)
      .send(body as object);
  const read = (surveyId: string, query = '', key: string = reader.secret) =>
    api().get(`/api/v1/provider/surveys/${surveyId}/responses${query}`).set('X-API-Key', key);
  const countResponses = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM responses'))[0].n);
  const responsesOf = async (invitationId: string): Promise<{ id: string; channel: string }[]> =>
    dataSource.query('SELECT id, channel FROM responses WHERE invitation_id = $1', [invitationId]);
  const auditCount = async (action: string) =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE action = $1', [action]))[0].n);
  const respond = (method: 'get' | 'put' | 'post', path: string, token: string) =>
    api()[method](`/api/v1/respond${path}`).set('X-Invitation-Token', token);

  /** Every personal value of every contact, to look for where none may be. */
  const personalValues = () => everyone.flatMap((p) => [p.email, p.name]);
  function expectNoPersonalData(text: string): void {
    const lower = text.toLowerCase();
    for (const value of personalValues()) expect(lower).not.toContain(value.toLowerCase());
  }

  async function withContacts(invitees: Invitee[]): Promise<Person[]> {
    return Promise.all(
      invitees.map(async (invitee) => {
        const res = await api().get(`/api/v1/contacts/${invitee.contactId}`).set(bearer(analyst)).set(PURPOSE);
        expect(res.status).toBe(200);
        const { name, email, role, relationshipSince } = res.body as {
          name: string;
          email: string;
          role: string | null;
          relationshipSince: string | null;
        };
        return { ...invitee, name, email, role, relationshipSince };
      }),
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ databaseUrl: db.url, env: { PROVIDER_REQUESTS_PER_MINUTE: '100000' } });
    server = t.app.getHttpServer() as Server;
    // Listening once lets concurrent requests share the server (supertest would otherwise listen per request).
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dataSource = t.app.get(DataSource);
    admin = await newStaff(t.app, StaffRole.Admin);
    analystStaff = await newStaff(t.app, StaffRole.Analyst);
    analyst = await sessionFor(t.app, analystStaff);
    management = await sessionFor(t.app, await newStaff(t.app, StaffRole.Management));
    privacyOfficer = await sessionFor(t.app, await newStaff(t.app, StaffRole.PrivacyOfficer));

    const a = await surveyWithInvitees(t.app, analyst, { name: 'Survey A' });
    const b = await surveyWithInvitees(t.app, analyst, { name: 'Survey B', importContacts: false });
    const c = await surveyWithInvitees(t.app, analyst, { name: 'Survey C', importContacts: false });
    const d = await surveyWithInvitees(t.app, analyst, { name: 'Survey D', importContacts: false });
    [surveyD, D] = [d.surveyId, d.invitees];
    [surveyA, surveyB, surveyC, campaignA] = [a.surveyId, b.surveyId, c.surveyId, a.campaignId];
    A = await withContacts(a.invitees);
    B = await withContacts(b.invitees);
    C = await withContacts(c.invitees);
    // The contact whose name and role look like formulas answers first in A, so CSV escaping is exercised.
    A.sort((x, y) => Number(y.email === 'formula@example.com') - Number(x.email === 'formula@example.com'));
    everyone = A;
    expect(A).toHaveLength(10);
    expect(A[0].email).toBe('formula@example.com');
    expect(A[0].role).toBe('@SUM(1+1)');

    const email = 'late.comer@example.org';
    const job = await api()
      .post('/api/v1/contacts/imports')
      .set(bearer(analyst))
      .set('Content-Type', 'text/csv')
      .send(
        'full_name,email,country_code,segment,ir_numbers,role,customer_since,platform,preferred_language\r\n' +
          `Late Comer,${email},NZ,holder,,,2024-01-01,ePCT,en\r\n`,
      )
      .expect(202);
    await t.app.get(ContactImportsService).settled(job.body.id);
    const [row] = await dataSource.query('SELECT id FROM contacts WHERE email_index = $1', [
      t.app.get(KeystoreService).emailIndex(email),
    ]);
    newcomer = { id: row.id as string, email };

    writer = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA, surveyB, surveyC, surveyD]);
    reader = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyA, surveyB]);
    statistics = await newApiKey(t.app, admin, [ApiKeyScope.StatisticsRead], [surveyA]);
    writerForBOnly = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyB]);
    readerForCOnly = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyC]);
    revoked = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA], { revoked: true });
    expired = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA], { expired: true });
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('POST /provider/surveys/{id}/responses', () => {
    const supportAnswers = { timeliness: 4, clarity: 3, courtesy: 5 };
    let firstBatch: { responses: object[] };
    let firstResult: BatchResult;

    it('stores a batch naming respondents by token, contact id and e-mail: pseudonymous, encrypted, completed', async () => {
      firstBatch = {
        responses: [
          {
            providerResponseId: 'cati-2026-0001',
            invitationToken: A[0].token,
            answers: completeAnswers({ suggestions: FORMULAS[0] }),
            submittedAt: firstSubmittedAt.toISOString(),
            questionnaireVersion: 1,
          },
          {
            providerResponseId: 'cati-2026-0002',
            contact: { id: A[1].contactId },
            answers: completeAnswers({
              contactedSupport: true,
              support: supportAnswers,
              suggestions: SECRET_SUGGESTION,
            }),
            language: 'es',
          },
          {
            providerResponseId: 'cati-2026-0003',
            // The address the respondent gave, in another case: matched case-insensitively.
            contact: { email: A[2].email.toUpperCase() },
            answers: completeAnswers({ suggestions: FORMULAS[1] }),
          },
        ],
      };
      const before = await countResponses();
      const res = await post(surveyA, firstBatch).expect(200);
      firstResult = res.body as BatchResult;
      expect(firstResult).toMatchObject({ created: 3, duplicates: 0, rejected: 0 });
      expect(firstResult.results).toEqual(
        ['cati-2026-0001', 'cati-2026-0002', 'cati-2026-0003'].map((providerResponseId, index) => ({
          index,
          providerResponseId,
          status: 'created',
          responseId: expect.stringMatching(UUID),
        })),
      );
      expect(new Set(firstResult.results.map((r) => r.responseId)).size).toBe(3);
      expect(await countResponses()).toBe(before + 3);
      firstResult.results.forEach((r, i) => stored.set(i, r.responseId!));

      const rows: ResponseRow[] = await dataSource.query(
        `SELECT r.*, to_jsonb(r)::text AS row_text FROM responses r WHERE r.id = ANY($1::uuid[])`,
        [firstResult.results.map((r) => r.responseId)],
      );
      expect(rows).toHaveLength(3);
      for (const [i, person] of A.slice(0, 3).entries()) {
        const row = rows.find((r) => r.id === firstResult.results[i].responseId)!;
        expect(row).toMatchObject({
          survey_id: surveyA,
          invitation_id: person.invitationId,
          channel: 'provider',
          provider_response_id: `cati-2026-000${i + 1}`,
          api_key_id: writer.id,
          country: person.country,
          segment: person.segment,
          role: person.role,
          relationship_band: relationshipBand(person.relationshipSince, row.submitted_at),
          language: i === 1 ? 'es' : person.language,
        });
        expect(row.relationship_band).not.toBe('unknown');
        // Closed answers in jsonb; the free text only encrypted.
        const { suggestions: plain, ...closedAnswers } = (
          firstBatch.responses[i] as { answers: Record<string, unknown> }
        ).answers;
        expect(row.answers).toEqual(closedAnswers);
        expect(row.answers).not.toHaveProperty('suggestions');
        expect(Buffer.isBuffer(row.free_text)).toBe(true);
        expect(row.free_text!.includes(Buffer.from(plain as string, 'utf8'))).toBe(false);
        expect(row.row_text).not.toContain(plain as string);
        // Nobody's name or address anywhere in the row.
        expect(row.row_text.toLowerCase()).not.toContain(person.email.toLowerCase());
        expect(row.row_text).not.toContain(person.name);
        expectNoPersonalData(row.row_text);
      }
      expect(rows.find((r) => r.id === stored.get(0))!.submitted_at.toISOString()).toBe(firstSubmittedAt.toISOString());
      const invitations: { id: string; completed_at: Date | null }[] = await dataSource.query(
        'SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[])',
        [A.slice(0, 3).map((p) => p.invitationId)],
      );
      expect(invitations).toHaveLength(3);
      for (const invitation of invitations) expect(invitation.completed_at).toBeInstanceOf(Date);
    });

    it('stores each item exactly once when the same batch is retried three more times', async () => {
      const before = await countResponses();
      const rowsBefore = await dataSource.query(`SELECT to_jsonb(r)::text AS row FROM responses r ORDER BY id`);
      const invitationsBefore = await dataSource.query(
        'SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id',
        [A.slice(0, 3).map((p) => p.invitationId)],
      );
      for (let attempt = 0; attempt < 3; attempt++) {
        const res = await post(surveyA, firstBatch).expect(200);
        expect(res.headers['idempotent-replayed']).toBeUndefined();
        expect(res.body).toEqual({
          created: 0,
          duplicates: 3,
          rejected: 0,
          results: firstResult.results.map((r) => ({ ...r, status: 'duplicate' })),
        });
        expect(await countResponses()).toBe(before);
      }
      expect(await dataSource.query(`SELECT to_jsonb(r)::text AS row FROM responses r ORDER BY id`)).toEqual(
        rowsBefore,
      );
      expect(
        await dataSource.query('SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id', [
          A.slice(0, 3).map((p) => p.invitationId),
        ]),
      ).toEqual(invitationsBefore);
      const perProviderId = await dataSource.query(
        `SELECT provider_response_id, count(*)::int AS n FROM responses WHERE survey_id = $1 GROUP BY 1 ORDER BY 1`,
        [surveyA],
      );
      expect(perProviderId).toEqual([
        { provider_response_id: 'cati-2026-0001', n: 1 },
        { provider_response_id: 'cati-2026-0002', n: 1 },
        { provider_response_id: 'cati-2026-0003', n: 1 },
      ]);
    });

    it('treats a retry whose item changed as a duplicate too, keeping what was first stored', async () => {
      const [original] = await dataSource.query('SELECT answers, free_text FROM responses WHERE id = $1', [
        stored.get(1),
      ]);
      const changed = {
        responses: [
          {
            ...(firstBatch.responses[1] as object),
            answers: completeAnswers({ nps: 0, suggestions: 'changed my mind' }),
          },
        ],
      };
      const before = await countResponses();
      const res = await post(surveyA, changed).expect(200);
      expect(res.body).toEqual({
        created: 0,
        duplicates: 1,
        rejected: 0,
        results: [{ index: 0, providerResponseId: 'cati-2026-0002', status: 'duplicate', responseId: stored.get(1) }],
      });
      expect(await countResponses()).toBe(before);
      expect(await dataSource.query('SELECT answers, free_text FROM responses WHERE id = $1', [stored.get(1)])).toEqual(
        [original],
      );
    });

    it('stores each item once when the same batch is sent five times at once', async () => {
      const batch = {
        responses: [
          {
            providerResponseId: 'web-panel-4',
            invitationToken: A[4].token,
            answers: completeAnswers({ suggestions: FORMULAS[2] }),
          },
          {
            providerResponseId: 'web-panel-5',
            contact: { id: A[5].contactId },
            answers: completeAnswers({ suggestions: FORMULAS[3] }),
          },
        ],
      };
      const before = await countResponses();
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(surveyA, batch)));
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
      const bodies = answers.map((res) => res.body as BatchResult);
      for (const body of bodies) {
        expect(body.rejected).toBe(0);
        expect(body.created + body.duplicates).toBe(2);
      }
      expect(bodies.reduce((sum, body) => sum + body.created, 0)).toBe(2);
      for (const index of [0, 1]) {
        const ids = new Set(bodies.map((body) => body.results[index].responseId));
        expect(ids.size).toBe(1);
        expect([...ids][0]).toMatch(UUID);
        expect(bodies.filter((body) => body.results[index].status === 'created')).toHaveLength(1);
      }
      expect(await countResponses()).toBe(before + 2);
      stored.set(4, bodies[0].results[0].responseId!);
      stored.set(5, bodies[0].results[1].responseId!);
      const rows: { id: string; invitation_id: string }[] = await dataSource.query(
        `SELECT id, invitation_id FROM responses WHERE provider_response_id IN ('web-panel-4', 'web-panel-5')`,
      );
      expect(rows.sort((x, y) => x.invitation_id.localeCompare(y.invitation_id))).toEqual(
        [
          { id: stored.get(4), invitation_id: A[4].invitationId },
          { id: stored.get(5), invitation_id: A[5].invitationId },
        ].sort((x, y) => x.invitation_id.localeCompare(y.invitation_id)),
      );
    });

    it('stores each item once over rounds of concurrent copies of a batch', async () => {
      for (let round = 0; round < 5; round++) {
        const batch = {
          responses: [D[2 * round], D[2 * round + 1]].map((invitee, i) => ({
            providerResponseId: `round-${round}-${i}`,
            ...(i === 0 ? { invitationToken: invitee.token } : { contact: { id: invitee.contactId } }),
            answers: completeAnswers(),
          })),
        };
        const answers = await Promise.all(Array.from({ length: 6 }, () => post(surveyD, batch)));
        const bodies = answers.map((res) => res.body as BatchResult);
        expect(answers.map((res) => res.status)).toEqual(Array(6).fill(200));
        for (const body of bodies) {
          expect({ round, results: body.results.map((r) => r.status).sort() }).toEqual({
            round,
            results: expect.not.arrayContaining(['rejected']),
          });
        }
        expect(bodies.reduce((sum, body) => sum + body.created, 0)).toBe(2);
        for (const index of [0, 1]) expect(new Set(bodies.map((b) => b.results[index].responseId)).size).toBe(1);
      }
      const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [
        surveyD,
      ]);
      expect(n).toBe(10);
    });

    describe('Idempotency-Key', () => {
      const key = 'batch-2026-05-01#1';
      const batch = () => ({
        responses: [{ providerResponseId: 'idem-0006', invitationToken: A[6].token, answers: completeAnswers() }],
      });
      let first: BatchResult;

      it('replays the first answer, word for word, to a retry with the same key', async () => {
        const before = await countResponses();
        const res = await post(surveyA, batch()).set('Idempotency-Key', key).expect(200);
        expect(res.headers['idempotent-replayed']).toBeUndefined();
        first = res.body as BatchResult;
        expect(first).toMatchObject({ created: 1, duplicates: 0, rejected: 0 });
        stored.set(6, first.results[0].responseId!);
        expect(await countResponses()).toBe(before + 1);

        for (let i = 0; i < 2; i++) {
          const replay = await post(surveyA, batch()).set('Idempotency-Key', key).expect(200);
          expect(replay.headers['idempotent-replayed']).toBe('true');
          expect(replay.text).toBe(res.text);
        }
        expect(await countResponses()).toBe(before + 1);
        // Without the key (or with another) the same batch is an ordinary retry: duplicates.
        const retry = await post(surveyA, batch()).set('Idempotency-Key', `${key}-other`).expect(200);
        expect(retry.headers['idempotent-replayed']).toBeUndefined();
        expect(retry.body).toMatchObject({ created: 0, duplicates: 1 });
        expect((retry.body as BatchResult).results[0].responseId).toBe(first.results[0].responseId);
      });

      it('stores once and replays to the others when requests with one key arrive at once', async () => {
        const before = await countResponses();
        const concurrent = {
          responses: [{ providerResponseId: 'idem-b7', invitationToken: B[7].token, answers: completeAnswers() }],
        };
        const answers = await Promise.all(
          Array.from({ length: 4 }, () => post(surveyB, concurrent).set('Idempotency-Key', 'concurrent-key')),
        );
        expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
        expect(answers.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
        for (const res of answers) {
          expect(res.body).toEqual(answers[0].body);
          expect(res.body).toMatchObject({ created: 1, duplicates: 0, rejected: 0 });
        }
        expect(await countResponses()).toBe(before + 1);
        expect(await responsesOf(B[7].invitationId)).toEqual([
          { id: (answers[0].body as BatchResult).results[0].responseId, channel: 'provider' },
        ]);
      });

      it('refuses the same key with another body (422 naming Idempotency-Key), storing nothing', async () => {
        const before = await countResponses();
        const other = {
          responses: [{ providerResponseId: 'idem-0008', invitationToken: A[8].token, answers: completeAnswers() }],
        };
        const res = await post(surveyA, other).set('Idempotency-Key', key).expect(422);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect((res.body as Problem).type).toBe(ProblemType.IdempotencyKeyReused);
        expect(fieldsOf(res.body)).toEqual(['Idempotency-Key']);
        expect(await countResponses()).toBe(before);
        expect(await responsesOf(A[8].invitationId)).toEqual([]);
      });

      it.each([
        ['contains a space', 'has space'],
        ['is too long', 'k'.repeat(201)],
        ['has non-ASCII characters', 'clé'],
      ])('refuses a key that %s (400), storing nothing', async (_label, malformed) => {
        const before = await countResponses();
        const res = await post(surveyA, {
          responses: [{ providerResponseId: 'idem-bad', invitationToken: A[8].token, answers: completeAnswers() }],
        })
          .set('Idempotency-Key', malformed)
          .expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(fieldsOf(res.body)).toEqual(['Idempotency-Key']);
        expect(await countResponses()).toBe(before);
        expect(await responsesOf(A[8].invitationId)).toEqual([]);
      });
    });

    describe('per-item rejections', () => {
      const valid = (providerResponseId: string, person: Person, extra: object = {}) => ({
        providerResponseId,
        invitationToken: person.token,
        answers: completeAnswers(),
        ...extra,
      });

      it('rejects a providerResponseId repeated within a batch, storing the first item only', async () => {
        const before = await countResponses();
        const res = await post(surveyB, {
          responses: [valid('b-0002', B[2]), valid('b-0002', B[5])],
        }).expect(200);
        const body = res.body as BatchResult;
        expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: 1 });
        expect(body.results[0]).toMatchObject({ status: 'created', providerResponseId: 'b-0002' });
        expect(body.results[1]).toMatchObject({ status: 'rejected', providerResponseId: 'b-0002' });
        expect(body.results[1].responseId).toBeUndefined();
        expect(body.results[1].errors?.map((e) => e.field)).toEqual(['providerResponseId']);
        expect(await countResponses()).toBe(before + 1);
        expect(await responsesOf(B[2].invitationId)).toEqual([{ id: body.results[0].responseId, channel: 'provider' }]);
        expect(await responsesOf(B[5].invitationId)).toEqual([]);
      });

      it('rejects a second item naming the same respondent within a batch', async () => {
        const before = await countResponses();
        const res = await post(surveyB, {
          responses: [
            valid('b-0008-a', B[8]),
            { ...valid('b-0008-b', B[8]), invitationToken: undefined, contact: { id: B[8].contactId } },
          ],
        }).expect(200);
        const body = res.body as BatchResult;
        expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: 1 });
        expect(body.results[1]).toEqual({
          index: 1,
          providerResponseId: 'b-0008-b',
          status: 'rejected',
          errors: [{ field: 'contact.id', message: expect.stringMatching(/already answered/) }],
        });
        expect(await countResponses()).toBe(before + 1);
        expect(await responsesOf(B[8].invitationId)).toEqual([{ id: body.results[0].responseId, channel: 'provider' }]);
      });

      it('rejects each bad item with its field and stores only the valid one', async () => {
        // B[0] answered on the web, B[1] opted out, B[2] was stored by the batch above.
        const web = await respond('post', '/submit', B[0].token).send({ answers: completeAnswers() });
        expect(web.status).toBe(200);
        await respond('post', '/opt-out', B[1].token).expect(200);
        const target = B[3];
        const cases: [string, unknown, string][] = [
          ['unknown token', valid('r-01', target, { invitationToken: unknownToken() }), 'invitationToken'],
          ['malformed token', valid('r-02', target, { invitationToken: 'not-a-token' }), 'invitationToken'],
          ['token of another survey', valid('r-03', target, { invitationToken: A[9].token }), 'invitationToken'],
          [
            'contact not invited (id)',
            { ...valid('r-04', target), invitationToken: undefined, contact: { id: newcomer.id } },
            'contact.id',
          ],
          [
            'contact not invited (e-mail)',
            { ...valid('r-05', target), invitationToken: undefined, contact: { email: newcomer.email } },
            'contact.email',
          ],
          [
            'unknown contact id',
            { ...valid('r-06', target), invitationToken: undefined, contact: { id: randomUUID() } },
            'contact.id',
          ],
          [
            'contact with both id and e-mail',
            {
              ...valid('r-07', target),
              invitationToken: undefined,
              contact: { id: target.contactId, email: target.email },
            },
            'contact',
          ],
          [
            'malformed contact e-mail',
            { ...valid('r-08', target), invitationToken: undefined, contact: { email: 'not an address' } },
            'contact.email',
          ],
          ['unknown question', valid('r-09', target, { answers: completeAnswers({ age: 42 }) }), 'answers.age'],
          ['wrong type', valid('r-10', target, { answers: completeAnswers({ nps: '9' }) }), 'answers.nps'],
          ['out of range', valid('r-11', target, { answers: completeAnswers({ nps: 11 }) }), 'answers.nps'],
          [
            'out of range (satisfaction)',
            valid('r-12', target, { answers: completeAnswers({ satisfaction: 0 }) }),
            'answers.satisfaction',
          ],
          [
            'unknown choice',
            valid('r-13', target, { answers: completeAnswers({ mainService: 'fax' }) }),
            'answers.mainService',
          ],
          [
            'unknown checkbox choice',
            valid('r-14', target, { answers: completeAnswers({ channels: ['email', 'fax'] }) }),
            'answers.channels',
          ],
          [
            'missing required answer',
            valid('r-15', target, { answers: completeAnswers({ satisfaction: undefined }) }),
            'answers.satisfaction',
          ],
          [
            'missing required answer made visible by a condition',
            valid('r-16', target, { answers: completeAnswers({ contactedSupport: true }) }),
            'answers.support',
          ],
          [
            'oversize comment',
            valid('r-17', target, { answers: completeAnswers({ suggestions: 'x'.repeat(2001) }) }),
            'answers.suggestions',
          ],
          ['answers not an object', valid('r-18', target, { answers: [9, 4] }), 'answers'],
          ['providerResponseId with a space', valid('has space', target), 'providerResponseId'],
          ['providerResponseId too long', valid('p'.repeat(129), target), 'providerResponseId'],
          ['providerResponseId empty', valid('', target), 'providerResponseId'],
          ['providerResponseId a number', valid(12345 as unknown as string, target), 'providerResponseId'],
          [
            'providerResponseId missing',
            { ...valid('x', target), providerResponseId: undefined },
            'providerResponseId',
          ],
          ['both token and contact', valid('r-19', target, { contact: { id: target.contactId } }), 'invitationToken'],
          ['neither token nor contact', { ...valid('r-20', target), invitationToken: undefined }, 'invitationToken'],
          [
            'submittedAt in the future',
            valid('r-21', target, { submittedAt: new Date(Date.now() + 86_400_000).toISOString() }),
            'submittedAt',
          ],
          ['submittedAt not a date-time', valid('r-22', target, { submittedAt: 'yesterday' }), 'submittedAt'],
          [
            'questionnaireVersion that does not exist',
            valid('r-23', target, { questionnaireVersion: 99 }),
            'questionnaireVersion',
          ],
          ['questionnaireVersion 0', valid('r-24', target, { questionnaireVersion: 0 }), 'questionnaireVersion'],
          ['unsupported language', valid('r-25', target, { language: 'de' }), 'language'],
          ['unknown field', valid('r-26', target, { respondentName: 'Ann' }), 'respondentName'],
          ['already answered on the web (token)', valid('r-27', B[0]), 'invitationToken'],
          [
            'already answered on the web (contact id)',
            { ...valid('r-28', B[0]), invitationToken: undefined, contact: { id: B[0].contactId } },
            'contact.id',
          ],
          ['already answered in an earlier batch', valid('r-29', B[2]), 'invitationToken'],
          [
            'opted out',
            { ...valid('r-30', B[1]), invitationToken: undefined, contact: { email: B[1].email } },
            'contact.email',
          ],
          ['opted out (token)', valid('r-31', B[1]), 'invitationToken'],
          ['not an object', 'cati-0001', ''],
        ];
        const items = [...cases.map(([, item]) => item), valid('r-valid', B[6])];
        const before = await countResponses();
        const res = await post(surveyB, { responses: items }).expect(200);
        const body = res.body as BatchResult;
        expect(body.results).toHaveLength(items.length);
        cases.forEach(([label, item, field], index) => {
          const result = body.results[index];
          expect({ label, status: result.status, fields: result.errors?.map((e) => e.field) }).toEqual({
            label,
            status: 'rejected',
            fields: expect.arrayContaining([field]),
          });
          expect(result.index).toBe(index);
          expect(result.responseId).toBeUndefined();
          for (const error of result.errors!) expect(error.message).toEqual(expect.any(String));
          // The provider id is echoed when it is a valid one, so the provider can match results up.
          const given = typeof item === 'object' ? (item as { providerResponseId?: unknown }).providerResponseId : null;
          expect(result.providerResponseId).toBe(field === 'providerResponseId' || given === undefined ? null : given);
        });
        const last = body.results[items.length - 1];
        expect(last).toMatchObject({
          status: 'created',
          providerResponseId: 'r-valid',
          responseId: expect.stringMatching(UUID),
        });
        expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: cases.length });

        // Nothing of the rejected items was stored.
        expect(await countResponses()).toBe(before + 1);
        expect(await responsesOf(target.invitationId)).toEqual([]);
        expect(await responsesOf(B[0].invitationId)).toEqual([{ id: expect.any(String), channel: 'web' }]);
        expect(await responsesOf(B[1].invitationId)).toEqual([]);
        expect(await responsesOf(B[6].invitationId)).toEqual([{ id: last.responseId, channel: 'provider' }]);
        const [invitation] = await dataSource.query('SELECT completed_at FROM invitations WHERE id = $1', [
          target.invitationId,
        ]);
        expect(invitation.completed_at).toBeNull();
        const [{ n }] = await dataSource.query(
          `SELECT count(*)::int AS n FROM responses WHERE provider_response_id LIKE 'r-%' AND provider_response_id <> 'r-valid'`,
        );
        expect(n).toBe(0);
        // Rejections say what is wrong, never the personal values they were given.
        expectNoPersonalData(res.text);
        expect(res.text).not.toContain(newcomer.email);
      });

      it('rejects an item naming someone an earlier batch of survey A already answered for', async () => {
        const before = await countResponses();
        const res = await post(surveyA, {
          responses: [
            { providerResponseId: 'cati-2026-0099', contact: { id: A[0].contactId }, answers: completeAnswers() },
          ],
        }).expect(200);
        expect(res.body).toEqual({
          created: 0,
          duplicates: 0,
          rejected: 1,
          results: [
            {
              index: 0,
              providerResponseId: 'cati-2026-0099',
              status: 'rejected',
              errors: [{ field: 'contact.id', message: expect.stringMatching(/already answered/) }],
            },
          ],
        });
        expect(await countResponses()).toBe(before);
      });
    });

    /** After each test of the block: no response stored at all, none for A[8] in particular. */
    function expectNothingStored(): void {
      let before: number;
      beforeEach(async () => {
        before = await countResponses();
      });
      afterEach(async () => {
        expect(await countResponses()).toBe(before);
        expect(await responsesOf(A[8].invitationId)).toEqual([]);
      });
    }

    describe('whole-request errors store nothing', () => {
      const validBody = () => ({
        responses: [{ providerResponseId: 'whole-1', invitationToken: A[8].token, answers: completeAnswers() }],
      });
      expectNothingStored();

      it.each(['text/plain', 'application/x-www-form-urlencoded', 'text/csv'])(
        'refuses a %s body with 415 naming Content-Type',
        async (type) => {
          const res = await api()
            .post(`/api/v1/provider/surveys/${surveyA}/responses`)
            .set('X-API-Key', writer.secret)
            .set('Content-Type', type)
            .send(JSON.stringify(validBody()))
            .expect(415);
          expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
          expect(fieldsOf(res.body)).toEqual(['Content-Type']);
        },
      );

      it('refuses malformed JSON with 400 naming body', async () => {
        const res = await api()
          .post(`/api/v1/provider/surveys/${surveyA}/responses`)
          .set('X-API-Key', writer.secret)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(validBody()).slice(0, -3))
          .expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(fieldsOf(res.body)).toEqual(['body']);
      });

      it.each([
        ['not a list', () => ({ responses: validBody().responses[0] })],
        ['missing', () => ({})],
        ['empty', () => ({ responses: [] })],
        [
          '1001 items long',
          () => ({
            responses: Array.from({ length: 1001 }, (_, i) => ({
              ...validBody().responses[0],
              providerResponseId: `many-${i}`,
            })),
          }),
        ],
      ])('refuses responses %s with 400 naming responses', async (_label, body) => {
        const res = await post(surveyA, body()).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(fieldsOf(res.body)).toContain('responses');
      });

      it.each([
        ['a list instead of an object', () => validBody().responses, 'body'],
        ['a field besides responses', () => ({ ...validBody(), dryRun: true }), 'dryRun'],
      ])('refuses a body that is %s with 400 naming %s', async (_label, body, field) => {
        const res = await post(surveyA, body()).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(fieldsOf(res.body)).toEqual([field]);
      });

      it('accepts exactly 1000 items in a batch (checked per item)', async () => {
        const item = validBody().responses[0];
        const res = await post(surveyA, {
          responses: Array.from({ length: 1000 }, (_, i) => ({
            ...item,
            providerResponseId: `many-${i}`,
            questionnaireVersion: 99,
          })),
        }).expect(200);
        expect(res.body).toMatchObject({ created: 0, duplicates: 0, rejected: 1000 });
      });

      it('refuses a batch for a closed survey with 409', async () => {
        await api().post(`/api/v1/surveys/${surveyC}/close`).set(bearer(analyst)).expect(200);
        const res = await post(surveyC, {
          responses: [{ providerResponseId: 'closed-1', invitationToken: C[0].token, answers: completeAnswers() }],
        }).expect(409);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect((res.body as Problem).detail).toMatch(/closed/);
        expect(await responsesOf(C[0].invitationId)).toEqual([]);
      });
    });

    describe('access', () => {
      const body = () => ({
        responses: [{ providerResponseId: 'access-1', invitationToken: A[8].token, answers: completeAnswers() }],
      });
      expectNothingStored();

      it('needs an API key (401)', async () => {
        const res = await api().post(`/api/v1/provider/surveys/${surveyA}/responses`).send(body()).expect(401);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      });

      it('refuses a key without responses:write (403)', async () => {
        await post(surveyA, body(), reader.secret).expect(403);
      });

      it('refuses a key bound to another survey (403)', async () => {
        await post(surveyA, body(), writerForBOnly.secret).expect(403);
      });

      it('refuses a staff bearer token (403)', async () => {
        await api().post(`/api/v1/provider/surveys/${surveyA}/responses`).set(bearer(analyst)).send(body()).expect(403);
      });

      it('refuses a revoked key, an expired key and an unknown key (401)', async () => {
        await post(surveyA, body(), revoked.secret).expect(401);
        await post(surveyA, body(), expired.secret).expect(401);
        await post(surveyA, body(), `svk_${'a'.repeat(12)}_${randomBytes(32).toString('base64url')}`).expect(401);
      });

      it('refuses any survey the key is not bound to, even a malformed id (403)', async () => {
        await post('not-a-uuid', body()).expect(403);
        await post(randomUUID(), body()).expect(403);
      });
    });

    it('audits each batch as responses.ingested with counts and no personal values', async () => {
      const events: {
        actor_type: string;
        actor_id: string;
        resource_type: string;
        resource_id: string;
        outcome: string;
        details: Record<string, unknown>;
        row_text: string;
      }[] = await dataSource.query(
        `SELECT actor_type, actor_id, resource_type, resource_id, outcome, details, to_jsonb(e)::text AS row_text
           FROM audit_events e WHERE action = 'responses.ingested' ORDER BY seq`,
      );
      // First batch, three retries, the changed retry, five concurrent, idempotent (1 + other key), ...
      expect(events.length).toBeGreaterThanOrEqual(12);
      expect(events[0]).toMatchObject({
        actor_type: 'api_key',
        actor_id: writer.id,
        resource_type: 'survey',
        resource_id: surveyA,
        outcome: 'success',
        details: { created: 3, duplicates: 0, rejected: 0 },
      });
      expect(events.slice(1, 4).map((e) => e.details)).toEqual([
        { created: 0, duplicates: 3, rejected: 0 },
        { created: 0, duplicates: 3, rejected: 0 },
        { created: 0, duplicates: 3, rejected: 0 },
      ]);
      expect(
        events.some((e) => e.resource_id === surveyB && e.details.created === 1 && (e.details.rejected as number) > 30),
      ).toBe(true);
      for (const event of events) {
        expect(Object.keys(event.details).sort()).toEqual(['created', 'duplicates', 'rejected']);
        expectNoPersonalData(event.row_text);
        for (const person of [...A, ...B]) expect(event.row_text).not.toContain(person.token);
        expect(event.row_text).not.toContain(SECRET_SUGGESTION);
        expect(event.row_text).not.toContain(newcomer.email);
      }
      // Refused requests (closed survey, bad key, bad body) left no event.
      expect(events.some((e) => e.resource_id === surveyC)).toBe(false);
    });
  });

  describe('reading responses', () => {
    /** A[7] answers on the web, A[8] only opens the link, A[9] saves a draft, A[3] opts out. */
    beforeAll(async () => {
      const web = await respond('post', '/submit', A[7].token).send({
        answers: completeAnswers({ suggestions: WEB_SUGGESTION }),
      });
      expect(web.status).toBe(200);
      const [row] = await responsesOf(A[7].invitationId);
      stored.set(7, row.id);
      expect((await respond('get', '', A[8].token)).status).toBe(200);
      expect((await respond('put', '/draft', A[9].token).send({ answers: { nps: 5 } })).status).toBe(200);
      expect((await respond('post', '/opt-out', A[3].token)).status).toBe(200);
    });

    const storedA = () => [...stored.entries()].map(([index, responseId]) => ({ person: A[index], responseId }));

    describe('GET /provider/surveys/{id}/responses', () => {
      let all: RawResponse[];

      it('gives a JSON page of pseudonymous responses with free text decrypted', async () => {
        const res = await read(surveyA).expect(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['x-next-cursor']).toBeUndefined();
        const page = res.body as RawPage;
        expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
        expect(page.nextCursor).toBeNull();
        all = page.items;
        const ids: { id: string }[] = await dataSource.query('SELECT id FROM responses WHERE survey_id = $1', [
          surveyA,
        ]);
        expect(all.map((i) => i.responseId).sort()).toEqual(ids.map((r) => r.id).sort());
        expect(all).toHaveLength(7);
        for (const { person, responseId } of storedA()) {
          const item = all.find((i) => i.responseId === responseId)!;
          expect(Object.keys(item).sort()).toEqual(RAW_ITEM_KEYS);
          expect(item.snapshot).toEqual({
            country: person.country,
            segment: person.segment,
            role: person.role,
            relationshipBand: relationshipBand(person.relationshipSince, new Date(item.submittedAt)),
          });
          expect(item.respondent).toMatch(/^r_[A-Za-z0-9_-]{22}$/);
          expect(item.questionnaireVersion).toBe(1);
        }
        const byIndex = (i: number) => all.find((item) => item.responseId === stored.get(i))!;
        expect(byIndex(1)).toMatchObject({
          channel: 'provider',
          language: 'es',
          answers: completeAnswers({
            contactedSupport: true,
            support: { timeliness: 4, clarity: 3, courtesy: 5 },
            suggestions: SECRET_SUGGESTION,
          }),
        });
        expect(byIndex(0).answers.suggestions).toBe(FORMULAS[0]);
        expect(byIndex(0).submittedAt).toBe(firstSubmittedAt.toISOString());
        expect(byIndex(7)).toMatchObject({ channel: 'web', answers: completeAnswers({ suggestions: WEB_SUGGESTION }) });
        expect(byIndex(6).answers).toEqual(completeAnswers());
        // No name or address, no token, no contact or invitation id.
        expectNoPersonalData(res.text);
        for (const person of A) {
          expect(res.text).not.toContain(person.token);
          expect(res.text).not.toContain(person.contactId);
          expect(res.text).not.toContain(person.invitationId);
        }
      });

      it('gives each respondent a stable pseudonym of their own', async () => {
        const again = ((await read(surveyA).expect(200)).body as RawPage).items;
        const pseudonyms = (items: RawResponse[]) => new Map(items.map((i) => [i.responseId, i.respondent]));
        expect(pseudonyms(again)).toEqual(pseudonyms(all));
        expect(new Set(all.map((i) => i.respondent)).size).toBe(all.length);
        // The same person answering another survey gets an unrelated pseudonym there.
        const inB = ((await read(surveyB).expect(200)).body as RawPage).items;
        expect(inB.length).toBeGreaterThan(0);
        const pseudonymsA = new Set(all.map((i) => i.respondent));
        for (const item of inB) expect(pseudonymsA.has(item.respondent)).toBe(false);
        // Seven of ten contacts answered A and five answered B: some answered both.
        const shared: { a: string; b: string }[] = await dataSource.query(
          `SELECT ra.id AS a, rb.id AS b
             FROM responses ra JOIN invitations ia ON ia.id = ra.invitation_id
             JOIN invitations ib ON ib.contact_id = ia.contact_id
             JOIN responses rb ON rb.invitation_id = ib.id
            WHERE ra.survey_id = $1 AND rb.survey_id = $2`,
          [surveyA, surveyB],
        );
        expect(shared.length).toBeGreaterThan(0);
        for (const { a, b } of shared) {
          const inA = all.find((i) => i.responseId === a)!.respondent;
          expect(inB.find((i) => i.responseId === b)!.respondent).not.toBe(inA);
        }
      });

      it('walks every response exactly once with cursor pagination', async () => {
        const seen: RawResponse[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await read(surveyA, query).expect(200);
          const page = res.body as RawPage;
          pages++;
          expect(page.items.length).toBeGreaterThan(0);
          expect(page.items.length).toBeLessThanOrEqual(2);
          if (page.nextCursor === null) expect(res.headers['x-next-cursor']).toBeUndefined();
          else expect(res.headers['x-next-cursor']).toBe(page.nextCursor);
          if (page.nextCursor !== null) expect(page.items).toHaveLength(2);
          seen.push(...page.items);
          cursor = page.nextCursor;
          expect(pages).toBeLessThan(10);
        } while (cursor !== null);
        expect(pages).toBe(4);
        expect(seen.map((i) => i.responseId)).toEqual(all.map((i) => i.responseId));
        expect(new Set(seen.map((i) => i.responseId)).size).toBe(7);
        expect(seen).toEqual(all);

        // A page that ends exactly on the last response has no next cursor.
        const exact = await read(surveyA, '?limit=7').expect(200);
        expect((exact.body as RawPage).nextCursor).toBeNull();
        expect(exact.headers['x-next-cursor']).toBeUndefined();
        const short = await read(surveyA, '?limit=6').expect(200);
        expect((short.body as RawPage).items).toHaveLength(6);
        const rest = await read(
          surveyA,
          `?limit=6&cursor=${encodeURIComponent((short.body as RawPage).nextCursor!)}`,
        ).expect(200);
        expect((rest.body as RawPage).items.map((i) => i.responseId)).toEqual([all[6].responseId]);
        expect((rest.body as RawPage).nextCursor).toBeNull();
      });

      it('filters by updated_since', async () => {
        const future = await read(
          surveyA,
          `?updated_since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
        ).expect(200);
        expect(future.body).toEqual({ items: [], nextCursor: null });
        const past = await read(
          surveyA,
          `?updated_since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`,
        ).expect(200);
        expect((past.body as RawPage).items).toEqual(all);
        const latest = all[all.length - 1].updatedAt;
        const fromLatest = await read(surveyA, `?updated_since=${encodeURIComponent(latest)}`).expect(200);
        const expected = all.filter((i) => i.updatedAt >= latest).map((i) => i.responseId);
        expect((fromLatest.body as RawPage).items.map((i) => i.responseId)).toEqual(expected);
        expect(expected.length).toBeLessThan(all.length);
      });

      it('gives CSV with fixed columns then one per question, formulas defused', async () => {
        const res = await read(surveyA, '?format=csv').expect(200);
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        const [header, ...rows] = parseCsv(res.text);
        expect(header).toEqual([...FIXED_CSV_COLUMNS, ...QUESTION_COLUMNS]);
        expect(rows).toHaveLength(all.length);
        const column = (name: string) => header.indexOf(name);
        rows.forEach((row, i) => {
          const item = all[i];
          expect(row).toHaveLength(header.length);
          expect(row[column('response_id')]).toBe(item.responseId);
          expect(row[column('respondent')]).toBe(item.respondent);
          expect(row[column('channel')]).toBe(item.channel);
          expect(row[column('country')]).toBe(item.snapshot.country);
          expect(row[column('role')]).toBe(spreadsheetSafe(item.snapshot.role ?? ''));
          expect(row[column('nps')]).toBe(String(item.answers.nps));
          expect(row[column('channels')]).toBe((item.answers.channels as string[]).join('; '));
          expect(row[column('contactedSupport')]).toBe(String(item.answers.contactedSupport));
          expect(row[column('suggestions')]).toBe(
            spreadsheetSafe((item.answers.suggestions as string | undefined) ?? ''),
          );
        });
        const rowOf = (index: number) => rows.find((row) => row[column('response_id')] === stored.get(index))!;
        expect(rowOf(0)[column('suggestions')]).toBe("'=SUM(1)");
        expect(rowOf(2)[column('suggestions')]).toBe("'+1");
        expect(rowOf(4)[column('suggestions')]).toBe("'-1");
        expect(rowOf(5)[column('suggestions')]).toBe("'@x");
        expect(rowOf(0)[column('role')]).toBe("'@SUM(1+1)");
        expect(rowOf(1)[column('suggestions')]).toBe(SECRET_SUGGESTION);
        expect(
          ['support.timeliness', 'support.clarity', 'support.courtesy'].map((name) => rowOf(1)[column(name)]),
        ).toEqual(['4', '3', '5']);
        expect(rowOf(1)[column('channels')]).toBe('eservices; email');
        expect(rowOf(1)[column('contactedSupport')]).toBe('true');
        expect(rowOf(0)[column('support.timeliness')]).toBe('');
        expect(rowOf(0)[column('npsReason')]).toBe('');
        expectNoPersonalData(res.text);

        const accepted = await read(surveyA).set('Accept', 'text/csv').expect(200);
        expect(accepted.headers['content-type']).toMatch(/^text\/csv/);
        expect(parseCsv(accepted.text)).toEqual([header, ...rows]);
        const jsonWins = await read(surveyA, '?format=json').set('Accept', 'text/csv').expect(200);
        expect(jsonWins.headers['content-type']).toMatch(/^application\/json/);
        // CSV pages too.
        const paged = await read(surveyA, '?format=csv&limit=2').expect(200);
        expect(parseCsv(paged.text)).toEqual([header, ...rows.slice(0, 2)]);
        expect(paged.headers['x-next-cursor']).toMatch(/^\d+_[0-9a-f-]{36}$/);
      });

      it.each([
        ['cursor', '?cursor=not-a-cursor'],
        ['cursor', `?cursor=1_${'-'.repeat(36)}`],
        ['cursor', `?cursor=99999999999999999999_${randomUUID()}`],
        ['limit', '?limit=0'],
        ['limit', '?limit=5001'],
        ['limit', '?limit=ten'],
        ['limit', '?limit=2.5'],
        ['updated_since', '?updated_since=yesterday'],
        ['format', '?format=xml'],
      ])('refuses a bad %s (%s) with 400 naming it', async (field, query) => {
        const res = await read(surveyA, query).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(fieldsOf(res.body)).toContain(field);
      });

      it('accepts the limits 1 and 5000', async () => {
        expect(((await read(surveyA, '?limit=1').expect(200)).body as RawPage).items).toHaveLength(1);
        expect(((await read(surveyA, '?limit=5000').expect(200)).body as RawPage).items).toHaveLength(7);
      });

      it('audits every read as responses.read', async () => {
        const before = await auditCount('responses.read');
        await read(surveyA, '?limit=3').expect(200);
        await read(surveyA, '?format=csv').expect(200);
        expect(await auditCount('responses.read')).toBe(before + 2);
        const events: {
          actor_type: string;
          actor_id: string;
          resource_id: string;
          details: Record<string, unknown>;
        }[] = await dataSource.query(
          `SELECT actor_type, actor_id, resource_id, details FROM audit_events WHERE action = 'responses.read' ORDER BY seq DESC LIMIT 2`,
        );
        expect(events).toEqual([
          {
            actor_type: 'api_key',
            actor_id: reader.id,
            resource_id: surveyA,
            details: { format: 'csv', limit: 1000, continued: false, updatedSince: null },
          },
          {
            actor_type: 'api_key',
            actor_id: reader.id,
            resource_id: surveyA,
            details: { format: 'json', limit: 3, continued: false, updatedSince: null },
          },
        ]);
      });

      it('needs a key with responses:read bound to the survey', async () => {
        await api().get(`/api/v1/provider/surveys/${surveyA}/responses`).expect(401);
        await read(surveyA, '', writer.secret).expect(403);
        await read(surveyA, '', readerForCOnly.secret).expect(403);
        await read(surveyA, '', statistics.secret).expect(403);
        await api().get(`/api/v1/provider/surveys/${surveyA}/responses`).set(bearer(analyst)).expect(403);
      });
    });

    describe('staff routes', () => {
      it('gives analysts the same raw responses, and nobody else', async () => {
        const provider = await read(surveyA).expect(200);
        const staff = await api().get(`/api/v1/surveys/${surveyA}/responses`).set(bearer(analyst)).expect(200);
        expect(staff.body).toEqual(provider.body);
        expectNoPersonalData(staff.text);
        const providerCsv = await read(surveyA, '?format=csv').expect(200);
        const staffCsv = await api()
          .get(`/api/v1/surveys/${surveyA}/responses?format=csv`)
          .set(bearer(analyst))
          .expect(200);
        expect(parseCsv(staffCsv.text)).toEqual(parseCsv(providerCsv.text));
        const paged = await api().get(`/api/v1/surveys/${surveyA}/responses?limit=2`).set(bearer(analyst)).expect(200);
        expect(paged.headers['x-next-cursor']).toBe((paged.body as RawPage).nextCursor);
        await api().get(`/api/v1/surveys/${surveyA}/responses?limit=0`).set(bearer(analyst)).expect(400);

        await api().get(`/api/v1/surveys/${surveyA}/responses`).set(bearer(management)).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/responses`).set(bearer(privacyOfficer)).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/responses`).set('X-API-Key', reader.secret).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/responses`).expect(401);
        await api().get(`/api/v1/surveys/${randomUUID()}/responses`).set(bearer(analyst)).expect(404);
        const [event] = await dataSource.query(
          `SELECT actor_type, actor_id FROM audit_events WHERE action = 'responses.read' AND actor_type = 'staff' ORDER BY seq DESC LIMIT 1`,
        );
        expect(event).toEqual({ actor_type: 'staff', actor_id: analystStaff.user.id });
      });

      it('counts the funnel per campaign and in total, with responses by channel', async () => {
        // A second campaign invites the one contact the first could not (imported later).
        const campaign = await api()
          .post(`/api/v1/surveys/${surveyA}/campaigns`)
          .set(bearer(analyst))
          .send({ name: 'Latecomers', target: {} })
          .expect(202);
        await t.app.get(CampaignsService).settled(campaign.body.id);

        const res = await api().get(`/api/v1/surveys/${surveyA}/response-rates`).set(bearer(analyst)).expect(200);
        const rates = res.body as Rates;
        // Everyone: 10 invited; 6 provider + 1 web answers; A[8] opened; A[9] started; A[3] opted out.
        expect(rates).toMatchObject({
          surveyId: surveyA,
          invited: 11,
          opened: 9,
          started: 8,
          completed: 7,
          optedOut: 1,
          responseRate: 0.6364,
          responsesByChannel: { web: 1, provider: 6 },
        });
        expect(rates.campaigns).toHaveLength(2);
        expect(rates.campaigns[0]).toMatchObject({
          campaignId: campaignA,
          name: 'Everyone',
          invited: 10,
          opened: 9,
          started: 8,
          completed: 7,
          optedOut: 1,
          responseRate: 0.7,
        });
        expect(rates.campaigns[1]).toMatchObject({
          campaignId: campaign.body.id,
          name: 'Latecomers',
          invited: 1,
          opened: 0,
          started: 0,
          completed: 0,
          optedOut: 0,
          responseRate: 0,
        });
        for (const key of ['delivered', 'bounced'] as const) {
          expect(rates[key]).toBe(rates.campaigns[0][key] + rates.campaigns[1][key]);
        }

        const byKey = await api()
          .get(`/api/v1/surveys/${surveyA}/response-rates`)
          .set('X-API-Key', statistics.secret)
          .expect(200);
        expect(byKey.body).toEqual(rates);

        await api().get(`/api/v1/surveys/${surveyB}/response-rates`).set('X-API-Key', statistics.secret).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/response-rates`).set('X-API-Key', reader.secret).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/response-rates`).set(bearer(management)).expect(403);
        await api().get(`/api/v1/surveys/${surveyA}/response-rates`).expect(401);

        const b = (await api().get(`/api/v1/surveys/${surveyB}/response-rates`).set(bearer(analyst)).expect(200))
          .body as Rates;
        expect(b).toMatchObject({
          invited: 10,
          // B[0] on the web; B[2], B[6], B[7] and B[8] from batches.
          completed: 5,
          optedOut: 1,
          responseRate: 0.5,
          responsesByChannel: { web: 1, provider: 4 },
        });
      });

      it('follows a response to its respondent only with a purpose, audited, for analysts', async () => {
        const responseId = stored.get(1)!;
        const path = `/api/v1/responses/${responseId}/respondent`;
        const identified = () => auditCount('response.respondent_identified');
        const before = await identified();

        const missing = await api().get(path).set(bearer(analyst)).expect(400);
        expect(fieldsOf(missing.body)).toEqual(['purpose']);
        const unknownPurpose = await api().get(path).set(bearer(analyst)).set('X-Purpose', 'curiosity').expect(400);
        expect(fieldsOf(unknownPurpose.body)).toEqual(['purpose']);
        await api().get(path).set(bearer(management)).set('X-Purpose', 'survey-analysis').expect(403);
        await api().get(path).set('X-API-Key', reader.secret).set('X-Purpose', 'survey-analysis').expect(403);
        expect(await identified()).toBe(before);

        const res = await api().get(path).set(bearer(analyst)).set('X-Purpose', 'survey-analysis').expect(200);
        expect(res.body).toEqual({
          responseId,
          invitationId: A[1].invitationId,
          contactId: A[1].contactId,
          name: A[1].name,
          email: A[1].email,
          registrationNumbers: expect.any(Array),
        });
        expect(await identified()).toBe(before + 1);
        const [event] = await dataSource.query(
          `SELECT actor_type, actor_id, resource_type, resource_id, purpose, outcome FROM audit_events
            WHERE action = 'response.respondent_identified' ORDER BY seq DESC LIMIT 1`,
        );
        expect(event.resource_id).toMatch(/^sref_[\w-]{43}$/);
        expect(event).toEqual({
          actor_type: 'staff',
          actor_id: analystStaff.user.id,
          resource_type: 'response',
          // Named by a reference under the respondent's key, which erasing them makes meaningless.
          resource_id: await t.app.get(AuditService).storedResourceId('response', responseId),
          purpose: 'survey-analysis',
          outcome: 'success',
        });

        const web = await api()
          .get(`/api/v1/responses/${stored.get(7)}/respondent`)
          .set(bearer(privacyOfficer))
          .set('X-Purpose', 'privacy-request')
          .expect(200);
        expect(web.body).toMatchObject({ contactId: A[7].contactId, email: A[7].email, name: A[7].name });
        await api()
          .get(`/api/v1/responses/${randomUUID()}/respondent`)
          .set(bearer(analyst))
          .set('X-Purpose', 'survey-analysis')
          .expect(404);

        // Once the respondent's key is shredded (an erasure under way) or the invitation is gone,
        // the response names nobody; the response itself stays, unlinked.
        await dataSource.query('DELETE FROM keystore.subject_keys WHERE subject_id = $1', [A[1].contactId]);
        await api().get(path).set(bearer(analyst)).set('X-Purpose', 'survey-analysis').expect(404);
        await dataSource.query('DELETE FROM invitations WHERE id = $1', [A[7].invitationId]);
        await api()
          .get(`/api/v1/responses/${stored.get(7)}/respondent`)
          .set(bearer(analyst))
          .set('X-Purpose', 'survey-analysis')
          .expect(404);
        expect(await dataSource.query('SELECT invitation_id FROM responses WHERE id = $1', [stored.get(7)])).toEqual([
          { invitation_id: null },
        ]);
      });
    });
  });
});

describe('Provider rate limits and batch size', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dataSource: DataSource;
  let surveyId: string;
  let invitees: Invitee[];
  let key: TestApiKey;
  let otherKey: TestApiKey;

  const api = () => request(t.app.getHttpServer());
  const post = (body: unknown, secret = key.secret) =>
    api()
      .post(`/api/v1/provider/surveys/${surveyId}/responses`)
      .set('X-API-Key', secret)
      .send(body as object);
  const item = (i: number, id = `rl-${i}`) => ({
    providerResponseId: id,
    invitationToken: invitees[i].token,
    answers: completeAnswers(),
  });
  const countResponses = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM responses'))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp({
      databaseUrl: db.url,
      env: { PROVIDER_REQUESTS_PER_MINUTE: '2', PROVIDER_BATCH_MAX_BYTES: '4kb' },
    });
    dataSource = t.app.get(DataSource);
    const admin = await newStaff(t.app, StaffRole.Admin);
    const analyst = await sessionFor(t.app, await newStaff(t.app, StaffRole.Analyst));
    ({ surveyId, invitees } = await surveyWithInvitees(t.app, analyst));
    const scopes = [ApiKeyScope.ResponsesWrite, ApiKeyScope.ResponsesRead];
    key = await newApiKey(t.app, admin, scopes, [surveyId]);
    otherKey = await newApiKey(t.app, admin, scopes, [surveyId]);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses a batch larger than PROVIDER_BATCH_MAX_BYTES with 413, before it counts', async () => {
    const res = await post({
      responses: [{ ...item(9, 'too-big'), answers: completeAnswers({ suggestions: 'x'.repeat(5000) }) }],
    }).expect(413);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(fieldsOf(res.body)).toEqual(['body']);
    expect(await countResponses()).toBe(0);
  });

  it('answers 429 with Retry-After once a key has spent its requests for the minute, storing nothing', async () => {
    expect((await post({ responses: [item(0)] }).expect(200)).body).toMatchObject({ created: 1 });
    expect((await post({ responses: [item(0)] }).expect(200)).body).toMatchObject({ duplicates: 1 });
    const res = await post({ responses: [item(1)] }).expect(429);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((res.body as Problem).type).toBe(ProblemType.TooManyAttempts);
    expect((res.body as Problem).status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await countResponses()).toBe(1);
    const rows = await dataSource.query('SELECT 1 FROM responses WHERE invitation_id = $1', [invitees[1].invitationId]);
    expect(rows).toEqual([]);
  });

  it('counts each key, and reading apart from writing', async () => {
    expect((await post({ responses: [item(1)] }, otherKey.secret).expect(200)).body).toMatchObject({ created: 1 });
    const read = () => api().get(`/api/v1/provider/surveys/${surveyId}/responses`).set('X-API-Key', key.secret);
    expect(((await read().expect(200)).body as RawPage).items).toHaveLength(2);
    await read().expect(200);
    const refused = await read().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});
