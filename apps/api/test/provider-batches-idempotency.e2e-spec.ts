import { ProblemType } from '@survey/api-client';
import { ApiKeyScope } from '../src/auth/roles';
import { answered } from './utils/client';
import {
  countResponses,
  fieldsOf,
  PROBLEM_JSON,
  postBatch,
  providerWorld,
  responsesOf,
  type Person,
  type ProviderWorld,
} from './utils/provider';
import { completeAnswers } from './utils/respondents';
import { newApiKey, type TestApiKey } from './utils/staff';

describe('Provider batches with an Idempotency-Key', () => {
  let w: ProviderWorld;
  let surveyA: string;
  let surveyB: string;
  let A: Person[];
  let B: Person[];
  let writer: TestApiKey;

  const key = 'batch-2026-05-01#1';
  const batch = () => ({
    responses: [{ providerResponseId: 'idem-0006', invitationToken: A[6].token, answers: completeAnswers() }],
  });
  const post = (surveyId: string, body: unknown, idempotencyKey: string) =>
    postBatch(w.t, writer.secret, surveyId, body, idempotencyKey);
  const count = () => countResponses(w.dataSource);

  beforeAll(async () => {
    w = await providerWorld(['Survey A', 'Survey B']);
    [{ id: surveyA, people: A }, { id: surveyB, people: B }] = w.surveys;
    writer = await newApiKey(w.t.app, w.admin, [ApiKeyScope.ResponsesWrite], [surveyA, surveyB]);
  });

  afterAll(async () => {
    await w?.close();
  });

  it('replays the first answer, word for word, to a retry with the same key', async () => {
    const before = await count();
    // As text, so the replay is compared byte for byte rather than as parsed JSON.
    const postText = () =>
      w.t.api({ apiKey: writer.secret }).POST('/api/v1/provider/surveys/{id}/responses', {
        params: { path: { id: surveyA }, header: { 'Idempotency-Key': key } },
        body: batch(),
        parseAs: 'text',
      });
    const res = await answered(postText(), 200);
    expect(res.response.headers.get('idempotent-replayed')).toBeNull();
    const first = JSON.parse(res.data!) as { created: number; results: { responseId?: string }[] };
    expect(first).toMatchObject({ created: 1, duplicates: 0, rejected: 0 });
    expect(await count()).toBe(before + 1);

    for (let i = 0; i < 2; i++) {
      const replay = await answered(postText(), 200);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.data).toBe(res.data);
    }
    expect(await count()).toBe(before + 1);
    // Without the key (or with another) the same batch is an ordinary retry: duplicates.
    const retry = await answered(post(surveyA, batch(), `${key}-other`), 200);
    expect(retry.response.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.data).toMatchObject({ created: 0, duplicates: 1 });
    expect(retry.data!.results[0].responseId).toBe(first.results[0].responseId);
  });

  it('stores once and replays to the others when requests with one key arrive at once', async () => {
    const before = await count();
    const concurrent = {
      responses: [{ providerResponseId: 'idem-b7', invitationToken: B[7].token, answers: completeAnswers() }],
    };
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(surveyB, concurrent, 'concurrent-key')));
    expect(answers.map(({ response }) => response.status)).toEqual([200, 200, 200, 200]);
    expect(answers.filter(({ response }) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
    for (const { data } of answers) {
      expect(data).toEqual(answers[0].data);
      expect(data).toMatchObject({ created: 1, duplicates: 0, rejected: 0 });
    }
    expect(await count()).toBe(before + 1);
    expect(await responsesOf(w.dataSource, B[7].invitationId)).toEqual([
      { id: answers[0].data!.results[0].responseId, channel: 'provider' },
    ]);
  });

  it('refuses the same key with another body (422 naming Idempotency-Key), storing nothing', async () => {
    await answered(post(surveyA, batch(), key), 200);
    const before = await count();
    const other = {
      responses: [{ providerResponseId: 'idem-0008', invitationToken: A[8].token, answers: completeAnswers() }],
    };
    const res = await answered(post(surveyA, other, key), 422);
    expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(res.error?.type).toBe(ProblemType.IdempotencyKeyReused);
    expect(fieldsOf(res.error)).toEqual(['Idempotency-Key']);
    expect(await count()).toBe(before);
    expect(await responsesOf(w.dataSource, A[8].invitationId)).toEqual([]);
  });

  it.each([
    ['contains a space', 'has space'],
    ['is too long', 'k'.repeat(201)],
    ['has non-ASCII characters', 'clé'],
  ])('refuses a key that %s (400), storing nothing', async (_label, malformed) => {
    const before = await count();
    const res = await answered(
      post(
        surveyA,
        { responses: [{ providerResponseId: 'idem-bad', invitationToken: A[8].token, answers: completeAnswers() }] },
        malformed,
      ),
      400,
    );
    expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(fieldsOf(res.error)).toEqual(['Idempotency-Key']);
    expect(await count()).toBe(before);
    expect(await responsesOf(w.dataSource, A[8].invitationId)).toEqual([]);
  });
});
