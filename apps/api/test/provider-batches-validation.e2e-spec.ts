import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiKeyScope } from '../src/auth/roles';
import { answered } from './utils/client';
import {
  countResponses,
  expectNoPersonalData,
  fieldsOf,
  importContact,
  PROBLEM_JSON,
  postBatch,
  providerWorld,
  responsesOf,
  UUID,
  type Person,
  type ProviderWorld,
} from './utils/provider';
import { completeAnswers } from './utils/respondents';
import { newApiKey, type TestApiKey } from './utils/staff';

const unknownToken = () => randomBytes(32).toString('base64url');

describe('Provider batches: what is refused, item by item and whole', () => {
  let w: ProviderWorld;
  /** A: whole-request refusals; B: per-item rejections; C: closed later. */
  let surveyA: string;
  let surveyB: string;
  let surveyC: string;
  let A: Person[];
  let B: Person[];
  let C: Person[];
  /** A contact imported after the surveys' campaigns: invited to none of them. */
  let newcomer: { id: string; email: string };

  let writer: TestApiKey;
  let reader: TestApiKey;
  let writerForBOnly: TestApiKey;
  let revoked: TestApiKey;
  let expired: TestApiKey;

  const post = (surveyId: string, body: unknown, key: string = writer.secret) => postBatch(w.t, key, surveyId, body);
  const count = () => countResponses(w.dataSource);

  beforeAll(async () => {
    w = await providerWorld(['Survey A', 'Survey B', 'Survey C']);
    [{ id: surveyA, people: A }, { id: surveyB, people: B }, { id: surveyC, people: C }] = w.surveys;
    newcomer = await importContact(w, 'late.comer@example.org');
    const { t, admin } = w;
    writer = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA, surveyB, surveyC]);
    reader = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesRead], [surveyA, surveyB]);
    writerForBOnly = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyB]);
    revoked = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA], { revoked: true });
    expired = await newApiKey(t.app, admin, [ApiKeyScope.ResponsesWrite], [surveyA], { expired: true });
  });

  afterAll(async () => {
    await w?.close();
  });

  describe('per-item rejections', () => {
    const valid = (providerResponseId: string, person: Person, extra: object = {}) => ({
      providerResponseId,
      invitationToken: person.token,
      answers: completeAnswers(),
      ...extra,
    });

    it('rejects a providerResponseId repeated within a batch, storing the first item only', async () => {
      const before = await count();
      const res = await answered(
        post(surveyB, {
          responses: [valid('b-0002', B[2]), valid('b-0002', B[5])],
        }),
        200,
      );
      const body = res.data!;
      expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: 1 });
      expect(body.results[0]).toMatchObject({ status: 'created', providerResponseId: 'b-0002' });
      expect(body.results[1]).toMatchObject({ status: 'rejected', providerResponseId: 'b-0002' });
      expect(body.results[1].responseId).toBeUndefined();
      expect(body.results[1].errors?.map((e) => e.field)).toEqual(['providerResponseId']);
      expect(await count()).toBe(before + 1);
      expect(await responsesOf(w.dataSource, B[2].invitationId)).toEqual([
        { id: body.results[0].responseId, channel: 'provider' },
      ]);
      expect(await responsesOf(w.dataSource, B[5].invitationId)).toEqual([]);
    });

    it('rejects a second item naming the same respondent within a batch', async () => {
      const before = await count();
      const res = await answered(
        post(surveyB, {
          responses: [
            valid('b-0008-a', B[8]),
            { ...valid('b-0008-b', B[8]), invitationToken: undefined, contact: { id: B[8].contactId } },
          ],
        }),
        200,
      );
      const body = res.data!;
      expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: 1 });
      expect(body.results[1]).toEqual({
        index: 1,
        providerResponseId: 'b-0008-b',
        status: 'rejected',
        errors: [{ field: 'contact.id', message: expect.stringMatching(/already answered/) }],
      });
      expect(await count()).toBe(before + 1);
      expect(await responsesOf(w.dataSource, B[8].invitationId)).toEqual([
        { id: body.results[0].responseId, channel: 'provider' },
      ]);
    });

    it('rejects each bad item with its field and stores only the valid one', async () => {
      // B[0] answered on the web, B[1] opted out, B[2] was stored by the batch above.
      await answered(
        w.t.api({ invitation: B[0].token }).POST('/api/v1/respond/submit', { body: { answers: completeAnswers() } }),
        200,
      );
      await answered(w.t.api({ invitation: B[1].token }).POST('/api/v1/respond/opt-out'), 200);
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
        ['providerResponseId missing', { ...valid('x', target), providerResponseId: undefined }, 'providerResponseId'],
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
      const before = await count();
      const res = await answered(post(surveyB, { responses: items }), 200);
      const body = res.data!;
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
      expect(await count()).toBe(before + 1);
      expect(await responsesOf(w.dataSource, target.invitationId)).toEqual([]);
      expect(await responsesOf(w.dataSource, B[0].invitationId)).toEqual([{ id: expect.any(String), channel: 'web' }]);
      expect(await responsesOf(w.dataSource, B[1].invitationId)).toEqual([]);
      expect(await responsesOf(w.dataSource, B[6].invitationId)).toEqual([
        { id: last.responseId, channel: 'provider' },
      ]);
      const [invitation] = await w.dataSource.query('SELECT completed_at FROM invitations WHERE id = $1', [
        target.invitationId,
      ]);
      expect(invitation.completed_at).toBeNull();
      const [{ n }] = await w.dataSource.query(
        `SELECT count(*)::int AS n FROM responses WHERE provider_response_id LIKE 'r-%' AND provider_response_id <> 'r-valid'`,
      );
      expect(n).toBe(0);
      // Rejections say what is wrong, never the personal values they were given.
      expectNoPersonalData(JSON.stringify(res.data), [...A, ...B]);
      expect(JSON.stringify(res.data)).not.toContain(newcomer.email);
    });
  });

  /** After each test of the block: no response stored at all, none for A[8] in particular. */
  function expectNothingStored(): void {
    let before: number;
    beforeEach(async () => {
      before = await count();
    });
    afterEach(async () => {
      expect(await count()).toBe(before);
      expect(await responsesOf(w.dataSource, A[8].invitationId)).toEqual([]);
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
        // Raw: the point is a body of another content type, which the typed client never sends.
        const res = await request(w.t.app.getHttpServer())
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
      // Raw: the point is a body that is not JSON at all, which the typed client cannot send.
      const res = await request(w.t.app.getHttpServer())
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
      const res = await answered(post(surveyA, body()), 400);
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res.error)).toContain('responses');
    });

    it.each([
      ['a list instead of an object', 'body', () => validBody().responses],
      ['a field besides responses', 'dryRun', () => ({ ...validBody(), dryRun: true })],
    ])('refuses a body that is %s with 400 naming %s', async (_label, field, body) => {
      const res = await answered(post(surveyA, body()), 400);
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res.error)).toEqual([field]);
    });

    it('accepts exactly 1000 items in a batch (checked per item)', async () => {
      const item = validBody().responses[0];
      const res = await answered(
        post(surveyA, {
          responses: Array.from({ length: 1000 }, (_, i) => ({
            ...item,
            providerResponseId: `many-${i}`,
            questionnaireVersion: 99,
          })),
        }),
        200,
      );
      expect(res.data).toMatchObject({ created: 0, duplicates: 0, rejected: 1000 });
    });

    it('refuses a batch for a closed survey with 409', async () => {
      await answered(
        w.t.api({ staff: w.analyst }).POST('/api/v1/surveys/{id}/close', { params: { path: { id: surveyC } } }),
        200,
      );
      const res = await answered(
        post(surveyC, {
          responses: [{ providerResponseId: 'closed-1', invitationToken: C[0].token, answers: completeAnswers() }],
        }),
        409,
      );
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
      expect(res.error!.detail).toMatch(/closed/);
      expect(await responsesOf(w.dataSource, C[0].invitationId)).toEqual([]);
    });
  });

  describe('access', () => {
    const body = () => ({
      responses: [{ providerResponseId: 'access-1', invitationToken: A[8].token, answers: completeAnswers() }],
    });
    expectNothingStored();

    it('needs an API key (401)', async () => {
      const res = await answered(
        w.t.api().POST('/api/v1/provider/surveys/{id}/responses', { params: { path: { id: surveyA } }, body: body() }),
        401,
      );
      expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    });

    it('refuses a key without responses:write (403)', async () => {
      await answered(post(surveyA, body(), reader.secret), 403);
    });

    it('refuses a key bound to another survey (403)', async () => {
      await answered(post(surveyA, body(), writerForBOnly.secret), 403);
    });

    it('refuses a staff bearer token (403)', async () => {
      await answered(
        w.t.api({ staff: w.analyst }).POST('/api/v1/provider/surveys/{id}/responses', {
          params: { path: { id: surveyA } },
          body: body(),
        }),
        403,
      );
    });

    it('refuses a revoked key, an expired key and an unknown key (401)', async () => {
      await answered(post(surveyA, body(), revoked.secret), 401);
      await answered(post(surveyA, body(), expired.secret), 401);
      await answered(post(surveyA, body(), `svk_${'a'.repeat(12)}_${randomBytes(32).toString('base64url')}`), 401);
    });

    it('refuses any survey the key is not bound to, even a malformed id (403)', async () => {
      await answered(post('not-a-uuid', body()), 403);
      await answered(post(randomUUID(), body()), 403);
    });
  });

  it('audits each batch as responses.ingested with counts and no personal values, and no refused request', async () => {
    const events: {
      resource_id: string;
      details: Record<string, unknown>;
      row_text: string;
    }[] = await w.dataSource.query(
      `SELECT resource_id, details, to_jsonb(e)::text AS row_text
         FROM audit_events e WHERE action = 'responses.ingested' ORDER BY seq`,
    );
    expect(
      events.some((e) => e.resource_id === surveyB && e.details.created === 1 && (e.details.rejected as number) > 30),
    ).toBe(true);
    for (const event of events) {
      expect(Object.keys(event.details).sort()).toEqual(['created', 'duplicates', 'rejected']);
      expectNoPersonalData(event.row_text, [...A, ...B]);
      for (const person of [...A, ...B]) expect(event.row_text).not.toContain(person.token);
      expect(event.row_text).not.toContain(newcomer.email);
    }
    // Refused requests (closed survey, bad key, bad body) left no event.
    expect(events.some((e) => e.resource_id === surveyC)).toBe(false);
  });
});
