import { ApiKeyScope } from '../src/auth/roles';
import { relationshipBand } from '../src/ingestion/relationship-band';
import { answered, dataOf } from './utils/client';
import {
  countResponses,
  expectNoPersonalData,
  FORMULAS,
  postBatch,
  providerWorld,
  SECRET_SUGGESTION,
  UUID,
  type BatchResult,
  type Person,
  type ProviderWorld,
} from './utils/provider';
import { completeAnswers, type Invitee } from './utils/respondents';
import { newApiKey, type TestApiKey } from './utils/staff';

/** A stored response as the database holds it, with the whole row as text to search. */
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

describe('Provider batches: storing, retries and concurrent copies', () => {
  let w: ProviderWorld;
  /** A: the main survey; D: concurrent retries. */
  let surveyA: string;
  let surveyD: string;
  let A: Person[];
  let D: Invitee[];
  let writer: TestApiKey;

  /** When the provider says the first respondent answered. */
  const firstSubmittedAt = new Date(Date.now() - 3 * 86_400_000);
  /** Response id of each stored A invitee, by index in A. */
  const stored = new Map<number, string>();

  const post = (surveyId: string, body: unknown) => postBatch(w.t, writer.secret, surveyId, body);
  const count = () => countResponses(w.dataSource);

  beforeAll(async () => {
    w = await providerWorld(['Survey A', 'Survey D']);
    [{ id: surveyA, people: A }, { id: surveyD, people: D }] = w.surveys;
    expect(A).toHaveLength(10);
    expect(A[0].email).toBe('formula@example.com');
    writer = await newApiKey(w.t.app, w.admin, [ApiKeyScope.ResponsesWrite], [surveyA, surveyD]);
  });

  afterAll(async () => {
    await w?.close();
  });

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
    const before = await count();
    firstResult = await dataOf(post(surveyA, firstBatch));
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
    expect(await count()).toBe(before + 3);
    firstResult.results.forEach((r, i) => stored.set(i, r.responseId!));

    const rows: ResponseRow[] = await w.dataSource.query(
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
      const { suggestions: plain, ...closedAnswers } = (firstBatch.responses[i] as { answers: Record<string, unknown> })
        .answers;
      expect(row.answers).toEqual(closedAnswers);
      expect(row.answers).not.toHaveProperty('suggestions');
      expect(Buffer.isBuffer(row.free_text)).toBe(true);
      expect(row.free_text!.includes(Buffer.from(plain as string, 'utf8'))).toBe(false);
      expect(row.row_text).not.toContain(plain as string);
      // Nobody's name or address anywhere in the row.
      expect(row.row_text.toLowerCase()).not.toContain(person.email.toLowerCase());
      expect(row.row_text).not.toContain(person.name);
      expectNoPersonalData(row.row_text, A);
    }
    expect(rows.find((r) => r.id === stored.get(0))!.submitted_at.toISOString()).toBe(firstSubmittedAt.toISOString());
    const invitations: { id: string; completed_at: Date | null }[] = await w.dataSource.query(
      'SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[])',
      [A.slice(0, 3).map((p) => p.invitationId)],
    );
    expect(invitations).toHaveLength(3);
    for (const invitation of invitations) expect(invitation.completed_at).toBeInstanceOf(Date);
  });

  it('stores each item exactly once when the same batch is retried three more times', async () => {
    const before = await count();
    const rowsBefore = await w.dataSource.query(`SELECT to_jsonb(r)::text AS row FROM responses r ORDER BY id`);
    const invitationsBefore = await w.dataSource.query(
      'SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id',
      [A.slice(0, 3).map((p) => p.invitationId)],
    );
    for (let attempt = 0; attempt < 3; attempt++) {
      const { data, response } = await answered(post(surveyA, firstBatch), 200);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      expect(data).toEqual({
        created: 0,
        duplicates: 3,
        rejected: 0,
        results: firstResult.results.map((r) => ({ ...r, status: 'duplicate' })),
      });
      expect(await count()).toBe(before);
    }
    expect(await w.dataSource.query(`SELECT to_jsonb(r)::text AS row FROM responses r ORDER BY id`)).toEqual(
      rowsBefore,
    );
    expect(
      await w.dataSource.query('SELECT id, completed_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id', [
        A.slice(0, 3).map((p) => p.invitationId),
      ]),
    ).toEqual(invitationsBefore);
    const perProviderId = await w.dataSource.query(
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
    const [original] = await w.dataSource.query('SELECT answers, free_text FROM responses WHERE id = $1', [
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
    const before = await count();
    expect(await dataOf(post(surveyA, changed))).toEqual({
      created: 0,
      duplicates: 1,
      rejected: 0,
      results: [{ index: 0, providerResponseId: 'cati-2026-0002', status: 'duplicate', responseId: stored.get(1) }],
    });
    expect(await count()).toBe(before);
    expect(await w.dataSource.query('SELECT answers, free_text FROM responses WHERE id = $1', [stored.get(1)])).toEqual(
      [original],
    );
  });

  it('rejects an item naming someone an earlier batch already answered for, under a new providerResponseId', async () => {
    const before = await count();
    const body = await dataOf(
      post(surveyA, {
        responses: [
          { providerResponseId: 'cati-2026-0099', contact: { id: A[0].contactId }, answers: completeAnswers() },
        ],
      }),
    );
    expect(body).toEqual({
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
    expect(await count()).toBe(before);
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
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(surveyA, batch)));
    expect(answers.map(({ response }) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = answers.map(({ data }) => data!);
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
    expect(await count()).toBe(before + 2);
    stored.set(4, bodies[0].results[0].responseId!);
    stored.set(5, bodies[0].results[1].responseId!);
    const rows: { id: string; invitation_id: string }[] = await w.dataSource.query(
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
      expect(answers.map(({ response }) => response.status)).toEqual(Array(6).fill(200));
      const bodies = answers.map(({ data }) => data!);
      for (const body of bodies) {
        expect({ round, results: body.results.map((r) => r.status).sort() }).toEqual({
          round,
          results: expect.not.arrayContaining(['rejected']),
        });
      }
      expect(bodies.reduce((sum, body) => sum + body.created, 0)).toBe(2);
      for (const index of [0, 1]) expect(new Set(bodies.map((b) => b.results[index].responseId)).size).toBe(1);
    }
    const [{ n }] = await w.dataSource.query('SELECT count(*)::int AS n FROM responses WHERE survey_id = $1', [
      surveyD,
    ]);
    expect(n).toBe(10);
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
    }[] = await w.dataSource.query(
      `SELECT actor_type, actor_id, resource_type, resource_id, outcome, details, to_jsonb(e)::text AS row_text
         FROM audit_events e WHERE action = 'responses.ingested' ORDER BY seq`,
    );
    // First batch, three retries, the changed retry, the rejected one, five concurrent, rounds of six.
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
    for (const event of events) {
      expect(Object.keys(event.details).sort()).toEqual(['created', 'duplicates', 'rejected']);
      expectNoPersonalData(event.row_text, A);
      for (const person of A) expect(event.row_text).not.toContain(person.token);
      expect(event.row_text).not.toContain(SECRET_SUGGESTION);
    }
  });
});
