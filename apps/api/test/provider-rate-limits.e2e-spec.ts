import { ProblemType } from '@survey/api-client';
import { ApiKeyScope } from '../src/auth/roles';
import { answered, dataOf } from './utils/client';
import {
  countResponses,
  fieldsOf,
  PROBLEM_JSON,
  postBatch,
  providerWorld,
  type Person,
  type ProviderWorld,
} from './utils/provider';
import { completeAnswers } from './utils/respondents';
import { newApiKey, type TestApiKey } from './utils/staff';

describe('Provider rate limits and batch size', () => {
  let w: ProviderWorld;
  let surveyId: string;
  let invitees: Person[];
  let key: TestApiKey;
  let otherKey: TestApiKey;

  const post = (body: unknown, secret = key.secret) => postBatch(w.t, secret, surveyId, body);
  const item = (i: number, id = `rl-${i}`) => ({
    providerResponseId: id,
    invitationToken: invitees[i].token,
    answers: completeAnswers(),
  });
  const count = () => countResponses(w.dataSource);

  beforeAll(async () => {
    w = await providerWorld(['Filers satisfaction'], {
      PROVIDER_REQUESTS_PER_MINUTE: '2',
      PROVIDER_BATCH_MAX_BYTES: '4kb',
    });
    [{ id: surveyId, people: invitees }] = w.surveys;
    const scopes = [ApiKeyScope.ResponsesWrite, ApiKeyScope.ResponsesRead];
    key = await newApiKey(w.t.app, w.admin, scopes, [surveyId]);
    otherKey = await newApiKey(w.t.app, w.admin, scopes, [surveyId]);
  });

  afterAll(async () => {
    await w?.close();
  });

  it('refuses a batch larger than PROVIDER_BATCH_MAX_BYTES with 413, before it counts', async () => {
    const res = await answered(
      post({ responses: [{ ...item(9, 'too-big'), answers: completeAnswers({ suggestions: 'x'.repeat(5000) }) }] }),
      413,
    );
    expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(fieldsOf(res.error)).toEqual(['body']);
    expect(await count()).toBe(0);
  });

  it('answers 429 with Retry-After once a key has spent its requests for the minute, storing nothing', async () => {
    expect(await dataOf(post({ responses: [item(0)] }))).toMatchObject({ created: 1 });
    expect(await dataOf(post({ responses: [item(0)] }))).toMatchObject({ duplicates: 1 });
    const res = await answered(post({ responses: [item(1)] }), 429);
    expect(res.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(res.error?.type).toBe(ProblemType.TooManyAttempts);
    expect(res.error?.status).toBe(429);
    const retryAfter = Number(res.response.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await count()).toBe(1);
    const rows = await w.dataSource.query('SELECT 1 FROM responses WHERE invitation_id = $1', [
      invitees[1].invitationId,
    ]);
    expect(rows).toEqual([]);
  });

  it('counts each key, and reading apart from writing', async () => {
    expect(await dataOf(post({ responses: [item(1)] }, otherKey.secret))).toMatchObject({ created: 1 });
    const read = () =>
      w.t
        .api({ apiKey: key.secret })
        .GET('/api/v1/provider/surveys/{id}/responses', { params: { path: { id: surveyId } } });
    expect((await dataOf(read())).items).toHaveLength(2);
    await answered(read(), 200);
    const refused = await answered(read(), 429);
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.response.headers.get('content-type')).toMatch(PROBLEM_JSON);
  });
});
